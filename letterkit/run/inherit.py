"""What a worker forked before its command started takes over from the command's process.

A worker forked by a command inherits the command's environment, folder,
umask, resource limits and standard streams. The background worker forks
its next command's letter worker before that command is known, so the
worker takes them over when the command hands it its run: then it is the
worker the command would have forked, with a warm-up already behind it.
"""

from __future__ import annotations

import os
import resource
import time
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle

import msgspec

STREAMS = (0, 1, 2)
LIMITS = tuple(
    getattr(resource, name) for name in sorted(dir(resource)) if name.startswith("RLIMIT_")
)


class State(msgspec.Struct, frozen=True):
    """A process's environment, umask and resource limits (soft, hard)."""

    environment: dict[str, str]
    umask: int
    limits: tuple[tuple[int, int, int], ...]


def _umask() -> int:
    mask = os.umask(0o077)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def _current() -> State:
    limits = tuple((which, *resource.getrlimit(which)) for which in LIMITS)
    return State(dict(os.environ), _umask(), limits)


def streams_open() -> bool:
    """Whether this process has all three standard streams (a worker takes them over)."""
    try:
        for number in STREAMS:
            os.fstat(number)
    except OSError:
        return False
    return True


def hand_over(connection: Connection, pid: int) -> None:
    """Send this process's state, standard streams and folder to the worker ``pid``."""
    connection.send(_current())
    folder = os.open(".", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for fd in (*STREAMS, folder):
            send_handle(connection, fd, pid)
    finally:
        os.close(folder)


def take_over(connection: Connection) -> None:
    """Become like the process that sent its state (hand_over), as a fork of it would be."""
    state: State = connection.recv()
    fds = [recv_handle(connection) for _ in (*STREAMS, "folder")]
    for number, fd in zip(STREAMS, fds, strict=False):
        os.dup2(fd, number)
    os.fchdir(fds[-1])
    for fd in fds:
        os.close(fd)
    os.umask(state.umask)
    for which, soft, hard in state.limits:
        resource.setrlimit(which, (soft, hard))
    os.environ.clear()
    os.environ.update(state.environment)
    time.tzset()  # today's date is the command's
