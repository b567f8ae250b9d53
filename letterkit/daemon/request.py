"""One request, in a process forked from the worker for it: check it, run the command, report.

The process forked per connection checks the peer and the request, answers
"ready" or "refused", and after the client's "go" forks the command itself,
which adopts the client's descriptors, folder, environment, umask and
limits and runs the ordinary command line. This process stays to pass on
the client's signals and, at the end, the command's exit status. The main
worker process only accepts connections, so a request in flight ends well
even if the main process is stopped.
"""

from __future__ import annotations

import atexit
import ctypes
import io
import mmap
import os
import resource
import select
import signal
import socket
import struct
import sys
import time
import traceback
from collections.abc import Iterable
from contextlib import suppress
from typing import Any, NamedTuple

import msgspec

from letterkit.daemon import identity, wire
from letterkit.daemon.handoff import install

STARTUP_PREFIXES = ("PYTHON", "LD_", "LC_", "FONTCONFIG", "FC_", "PANGO", "HB_", "GIO_", "G_")
STARTUP_NAMES = frozenset(
    {"LANG", "LANGUAGE", "HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
     "XDG_CONFIG_DIRS", "XDG_DATA_HOME", "XDG_DATA_DIRS"}
)  # fmt: skip
"""Variables read once when Python, fontconfig or Pango start: a command run with other
values would not be the command run alone, so it is refused (and runs alone)."""
REQUEST_SECONDS = 10.0
"""How long a client may take to send its request and its "go"."""
PR_SET_PDEATHSIG = 1
FDS = 4  # standard input, output, error and the working folder
STARTED, ENDED = b"s", b"e"
"""What a request's process writes to the activity pipe as its command starts and ends."""


class Clock:
    """When the worker was last used, in memory that the processes it forks share.

    A spare request's process (spare.py) may have been forked long before the
    status request it answers; it reads the time the main process set since.
    """

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, _WHEN.size)  # shared, not copied, by a fork
        self.set(time.time())

    def get(self) -> float:
        """The time it was set to."""
        return float(_WHEN.unpack_from(self._memory)[0])

    def set(self, when: float) -> None:
        """Set it, for this process and every process forked from it."""
        _WHEN.pack_into(self._memory, 0, when)


_WHEN = struct.Struct("d")


class Worker(msgspec.Struct):
    """What every request is checked against, fixed when the worker started."""

    pid: int
    identity: identity.Identity
    environment: dict[str, str]
    used: int
    """The activity pipe's end: a byte written to it tells the main process it was used."""
    started: float = msgspec.field(default_factory=time.time)
    last: Clock = msgspec.field(default_factory=Clock)
    """When a command last ended or started."""


def startup(environment: dict[str, str]) -> dict[str, str]:
    """The variables of an environment that only count when a process starts."""
    return {
        k: v for k, v in environment.items() if k in STARTUP_NAMES or k.startswith(STARTUP_PREFIXES)
    }


def _limits_fit(limits: Any) -> bool:
    try:
        return all(hard == resource.getrlimit(which)[1] for which, _soft, hard in limits)
    except (TypeError, ValueError, OSError):
        return False


def refusal(message: dict[str, Any], fds: list[int], worker: Worker) -> tuple[str, bool] | None:
    """Why a request is refused, and whether the worker is stale (then it exits); or None."""
    stale = identity.changed(worker.identity)
    if stale is not None:
        return f"stale: {stale} changed", True
    if message.get("install") != install():
        return "another letterkit install or version", False
    if len(fds) != FDS or not isinstance(message.get("argv"), list):
        return "not a request", False
    env = message.get("env")
    if not isinstance(env, dict) or startup(env) != startup(worker.environment):
        return "another start-up environment", False
    if not isinstance(message.get("umask"), int) or not _limits_fit(message.get("limits")):
        return "other resource limits", False
    return None


def _stdio(number: int, like: Any) -> io.TextIOWrapper:
    """A standard stream on a new descriptor, made as Python makes it at start-up."""
    buffered = open(number, "rb" if number == 0 else "wb", closefd=False)  # noqa: SIM115
    return io.TextIOWrapper(
        buffered,
        encoding=like.encoding,
        errors=like.errors,
        line_buffering=number == 2 or (number == 1 and os.isatty(number)),
        write_through=like.write_through,  # PYTHONUNBUFFERED, as the worker was started
    )


def _adopt(message: dict[str, Any], fds: list[int]) -> None:
    """Become the client's process: its descriptors, folder, environment, umask, limits."""
    for number, fd in enumerate(fds[:3]):
        os.dup2(fd, number)
    os.fchdir(fds[3])
    for fd in fds:
        os.close(fd)
    os.umask(message["umask"])
    for which, soft, hard in message["limits"]:
        resource.setrlimit(which, (soft, hard))
    os.environ.clear()
    os.environ.update(message["env"])
    time.tzset()  # today's date is the client's
    sys.stdin, sys.stdout, sys.stderr = (
        _stdio(n, s) for n, s in enumerate((sys.__stdin__, sys.__stdout__, sys.__stderr__))
    )
    sys.argv = [str(arg) for arg in message["argv"]]


def _status(exc: SystemExit) -> int:
    """The exit status Python gives a SystemExit."""
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or 0
    print(exc.code, file=sys.stderr)
    return 1


def _command() -> int:
    from letterkit.cli import main  # noqa: PLC0415 (imported by the warm-up already)

    try:
        main()
    except SystemExit as exc:
        return _status(exc)
    except KeyboardInterrupt:  # as Python itself ends: killed by the signal
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException:  # as Python would: the traceback, status 1
        traceback.print_exc()
        return 1
    return 0


def leave_main(lock: int, mine: Iterable[int]) -> None:
    """A child of the main process, as it starts: without its lock, descriptors or signals.

    ``mine``: the main process's own descriptors (its pipes' read ends, its
    selector's, its wake-up pipe), which no child may hold or be woken by.
    """
    os.close(lock)  # a request in flight must not keep the next worker from starting
    for fd in mine:
        os.close(fd)
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGTERM, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)


def command_process() -> None:
    """The command's process, as it starts: the workers it inherited are not its own.

    multiprocessing forgets them in the processes it starts itself. Here its
    exit function, which this process runs as the command ends (``run``), would
    try to join them, fail, and say so on the user's terminal, before it
    removes the folder of the command's own fork server.
    """
    children = getattr(sys.modules.get("multiprocessing.process"), "_children", None)
    if children is not None:
        children.clear()


def die_with_parent(number: int) -> bool:
    """Be sent signal ``number`` (0: none) when the parent ends; False if it has already."""
    parent = os.getppid()
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, number)
    return os.getppid() == parent


def run(message: dict[str, Any], fds: list[int]) -> int:
    """The command itself, in its own process; ends when its supervisor does."""
    if not die_with_parent(signal.SIGTERM):
        return 128 + signal.SIGTERM  # it ended before the signal was set up
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _adopt(message, fds)
    code = _command()
    # As the command's own ending runs them (client._end): those it inherited from the
    # main process are safe here (render/pdf.py's keeps to its own fonts folder).
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed or broken output said so already
            stream.flush()
    return code


def _relay(sock: socket.socket, pid: int) -> dict[str, int]:
    """Pass the client's signals on until the command ends; how it ended."""
    done = os.pidfd_open(pid)
    listening = True
    waiting: list[int | socket.socket]
    try:
        while True:
            waiting = [done, sock] if listening else [done]
            ready, _, _ = select.select(waiting, [], [])
            if done in ready:
                return _ended(os.waitpid(pid, 0)[1])
            try:
                message, _ = wire.receive(sock)
            except wire.Gone:  # the client is gone: nobody wants the command any more
                listening = False
                os.kill(pid, signal.SIGTERM)
                continue
            if isinstance(message.get("signal"), int):
                os.kill(pid, message["signal"])
    finally:
        os.close(done)


def _ended(status: int) -> dict[str, int]:
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit": os.waitstatus_to_exitcode(status)}


def _used(worker: Worker, what: bytes) -> None:
    with suppress(OSError):  # a full pipe already says the worker is in use
        os.write(worker.used, what)


def _stop_worker(worker: Worker) -> None:
    """Stop the main process (it removes its socket), unless it is gone already."""
    if os.getppid() == worker.pid:  # else its number may be another process's by now
        os.kill(worker.pid, signal.SIGTERM)


def _control(sock: socket.socket, message: dict[str, Any], worker: Worker) -> None:
    """Answer ``letterkit daemon status`` and ``stop``."""
    wire.send(
        sock,
        {"pid": worker.pid, "started": worker.started, "idle": time.time() - worker.last.get()},
    )
    if message.get("control") == "stop":
        _stop_worker(worker)


class Command(NamedTuple):
    """A command's process forked before its request came (spare.py), and its channel."""

    pid: int
    channel: socket.socket


def _started(
    sock: socket.socket, message: dict[str, Any], fds: list[int], command: Command | None
) -> int:
    """The process of the command, running it: the one made ahead, or one forked now."""
    if command is not None:
        wire.send(command.channel, message, fds)
        command.channel.close()
        return command.pid
    pid = os.fork()
    if pid == 0:
        sock.close()
        command_process()
        os._exit(run(message, fds))
    return pid


def serve(sock: socket.socket, worker: Worker, command: Command | None = None) -> bool:
    """Handle one connection, in the process forked for it (or made ahead for one).

    True once a command was started: a spare's process answers other requests
    (a status, a refusal) and waits for the next one with its command unused.
    """
    if wire.peer_uid(sock) != os.getuid():
        return False
    message, fds = wire.receive(sock)
    try:
        if not _accepted(sock, message, fds, worker):
            return False
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    sock.settimeout(None)
    _used(worker, STARTED)
    try:
        pid = _started(sock, message, fds, command)
        for fd in fds:
            os.close(fd)
        ended = _relay(sock, pid)
    finally:
        _used(worker, ENDED)  # idle time counts from the end of the last command
    wire.send(sock, ended)
    return True


def _accepted(sock: socket.socket, message: dict[str, Any], fds: list[int], worker: Worker) -> bool:
    """Answer a control request, a refusal or "ready"; whether the client then said "go"."""
    if "control" in message:
        _control(sock, message, worker)
        return _closed(fds)
    refused = refusal(message, fds, worker)
    if refused is not None:
        wire.send(sock, {"refused": refused[0]})
        if refused[1]:
            _stop_worker(worker)
        return _closed(fds)
    wire.send(sock, {"ready": os.getpid()})
    if wire.receive(sock)[0].get("go") is not True:
        return _closed(fds)  # the client gave up waiting and runs the command itself
    return True


def _closed(fds: list[int]) -> bool:
    for fd in fds:
        os.close(fd)
    fds.clear()
    return False
