"""letterkit daemon start, stop and status."""

from __future__ import annotations

import os
import select
import socket
import sys
import time

import msgspec

from letterkit.daemon import place, wire
from letterkit.errors import LetterkitError, SafetyError, UsageError

STOP_SECONDS = 10.0


class Status(msgspec.Struct, frozen=True):
    """A running worker, as it describes itself."""

    pid: int
    started: float
    idle: float

    def line(self) -> str:
        """One line for the terminal."""
        up = time.time() - self.started
        return (
            f"letterkit daemon: running (pid {self.pid}, up {up:.0f} s, idle {self.idle:.0f} s) "
            f"on {place.socket_path()}"
        )


def _folder() -> str:
    if not sys.platform.startswith("linux"):
        raise UsageError("letterkit daemon: the background worker runs on Linux only")
    folder = place.folder()
    reason = place.make_private(folder)
    if reason is not None:
        raise SafetyError.at(
            folder, f"{reason}: the background worker's folder must be yours alone (mode 700)"
        )
    return folder


def _ask(control: str) -> Status | None:
    if place.unsafe(place.folder()) is not None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(STOP_SECONDS)
            sock.connect(place.socket_path())
            if wire.peer_uid(sock) != os.getuid():
                return None
            wire.send(sock, {"control": control})
            answer, _ = wire.receive(sock)
    except (OSError, wire.Gone):
        return None
    return Status(int(answer["pid"]), float(answer["started"]), float(answer["idle"]))


def status() -> Status | None:
    """The running worker, or None."""
    if not sys.platform.startswith("linux"):
        return None
    return _ask("status")


def start(idle: float = place.IDLE_SECONDS) -> tuple[Status, bool]:
    """Start the worker unless one runs; it, and whether it was started now."""
    _folder()
    running = status()
    if running is not None:
        return running, False
    read, write = os.pipe()
    os.set_inheritable(write, True)
    # -P: nothing of the folder it was started in is importable (a stray jinja2.py...).
    argv = [sys.executable, "-P", "-m", "letterkit.daemon.server", "--idle", str(idle)]
    # Its own session, away from this terminal's Ctrl-C; not waited for: it stays.
    os.posix_spawn(
        sys.executable,
        [*argv, "--ready-fd", str(write)],
        os.environ,
        setsid=True,
        file_actions=[(os.POSIX_SPAWN_OPEN, n, os.devnull, os.O_RDWR, 0) for n in (0, 1, 2)],
    )
    os.close(write)
    with os.fdopen(read) as said:
        answer = said.read()  # until it is ready, or has failed and exited
    return _started(answer), True


def _started(answer: str) -> Status:
    word, _, rest = answer.strip().partition(" ")
    if word != "ready":
        raise LetterkitError.at(
            place.socket_path(), f"the background worker did not start: {rest or 'it ended'}"
        )
    running = status()
    if running is None:
        raise LetterkitError.at(place.socket_path(), "the background worker does not answer")
    return running


def stop() -> Status | None:
    """Stop the running worker (a request in flight still ends); it, or None if none ran.

    Returns once the worker's main process has ended, not only once its socket is gone.
    """
    running = _ask("stop")
    if running is None:
        return None
    try:
        ended = os.pidfd_open(running.pid)
    except ProcessLookupError:
        return running  # ended already
    try:
        if not select.select([ended], [], [], STOP_SECONDS)[0]:
            raise LetterkitError.at(
                place.socket_path(),
                f"the background worker (pid {running.pid}) was asked to stop but still runs "
                f"after {STOP_SECONDS:.0f} s; stop it with: kill {running.pid}",
            )
    finally:
        os.close(ended)
    return running
