"""The worker's main process: warm up, listen, fork a process per connection, end when idle.

It runs no thread, ever: the processes it forks, and the letter workers they
fork in turn (run/pool.py forks only from a single-threaded process), must
start from a process that holds no lock another thread could be holding.

Run as ``python -m letterkit.daemon.server`` by ``letterkit daemon start``.
"""

from __future__ import annotations

import argparse
import atexit
import ctypes
import fcntl
import os
import selectors
import shutil
import signal
import socket
import sys
import time
from contextlib import suppress
from pathlib import Path
from types import FrameType

from letterkit.daemon import identity, place, request, spare, wire
from letterkit.daemon.warm import Ahead, warm

PR_SET_CHILD_SUBREAPER = 36


class _Asked:
    stop = False
    """SIGTERM came: the worker ends (once warm, if it came while it warmed up)."""


def _stop(_number: int, _frame: FrameType | None) -> None:
    # A flag the loop reads, woken by the signal's byte on the wake-up pipe: an
    # exception raised here is lost when the handler runs inside the hooks of
    # os.fork (logging's), as a `letterkit daemon stop` answered by the process
    # just forked for it made happen, and the worker went on running.
    _Asked.stop = True


def _reap(_number: int, _frame: FrameType | None) -> None:
    with suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def _lock() -> int:
    """The folder's lock: two workers started at once would take each other's socket."""
    fd = os.open(Path(place.folder()) / "worker.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise RuntimeError("another background worker is starting or running") from None
    return fd


def _listen(path: str) -> socket.socket:
    # A worker that died without cleaning up left it (start checked that none answers).
    Path(path).unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    Path(path).chmod(0o600)
    listener.listen(16)
    listener.setblocking(False)  # a spare may take the connection the main process was told of
    return listener


def _fork(conn: socket.socket, listener: socket.socket, spares: spare.Spares) -> None:
    if os.fork() != 0:
        conn.close()
        return
    code = 0
    serving = spares.serving
    try:
        listener.close()
        request.leave_main(serving.lock, spares.mine())
        conn.settimeout(request.REQUEST_SECONDS)
        request.serve(conn, serving.worker)
    except (OSError, wire.Gone):
        code = 1  # the client went away: it runs alone, or is gone too
    finally:
        os._exit(code)


def _loop(
    listener: socket.socket, serving: spare.Serving, idle: float, activity: int, woken: int
) -> None:
    # Only commands count as use: the children say so on the activity pipe, so that
    # ``letterkit daemon status`` asked every minute does not keep the worker alive.
    # ``woken``: the signals' wake-up pipe.
    worker = serving.worker
    with selectors.DefaultSelector() as selector:
        selector.register(listener, selectors.EVENT_READ)
        selector.register(activity, selectors.EVENT_READ)
        selector.register(woken, selectors.EVENT_READ)
        spares = spare.Spares(selector, listener, serving)
        while not _Asked.stop:
            spares.tick()
            idle_for = worker.last.get() + idle - time.time()
            events = selector.select(timeout=spares.wait(max(0.0, idle_for)))
            if not events and idle_for <= 0:
                return
            for key, _ in events:
                if key.fileobj == woken:
                    with suppress(BlockingIOError):
                        os.read(woken, 4096)  # the signals' numbers: _Asked says what to do
                elif key.fileobj == activity:
                    with suppress(BlockingIOError):
                        spares.used(os.read(activity, 4096))
                    worker.last.set(time.time())
                elif key.fileobj == spares.said:
                    spares.heard()
                elif key.fileobj == spares.pidfd:
                    spares.ended()
                elif key.fileobj is listener and spares.accepting():
                    with suppress(BlockingIOError):  # a spare took it first
                        conn, _ = listener.accept()
                        _fork(conn, listener, spares)


def serve(idle: float, ready: int) -> None:
    """Warm up, then serve until idle for ``idle`` seconds or stopped by SIGTERM."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGCHLD, _reap)
    lock = _lock()  # held while this process lives
    # Reaps the spares' processes that outlive their parents (spare.py) as its own.
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1)
    # One name, emptied under the lock: a worker killed before its clean-up left it.
    samples = Path(place.folder()) / "samples"
    shutil.rmtree(samples, ignore_errors=True)
    samples.mkdir(mode=0o700)
    try:
        _serve(idle, ready, lock, warm(samples))
    finally:
        shutil.rmtree(samples, ignore_errors=True)
        os.close(lock)


def _serve(idle: float, ready: int, lock: int, ahead: Ahead) -> None:
    path = place.socket_path()
    known = identity.take(identity.files())
    activity, used = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    woken, wake = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.set_wakeup_fd(wake)
    worker = request.Worker(os.getpid(), known, request.startup(dict(os.environ)), used)
    if _Asked.stop:  # while it warmed up: letterkit daemon start hears that it ended
        return
    listener = _listen(path)
    mine = Path(path).stat().st_ino
    try:
        os.write(ready, f"ready {os.getpid()}\n".encode())
        os.close(ready)
        serving = spare.Serving(lock, worker, ahead, (woken, wake, activity))
        _loop(listener, serving, idle, activity, woken)
    finally:
        with suppress(OSError):
            if Path(path).stat().st_ino == mine:  # not a newer worker's socket
                Path(path).unlink()


def main() -> None:
    """Entry point of ``python -m letterkit.daemon.server``."""
    parser = argparse.ArgumentParser(prog="letterkit-worker")
    parser.add_argument("--idle", type=float, default=place.IDLE_SECONDS)
    parser.add_argument("--ready-fd", type=int, required=True)
    args = parser.parse_args()
    os.chdir("/")  # each command works in its own folder; this one holds none busy
    try:
        serve(args.idle, args.ready_fd)
    except Exception as exc:  # said to letterkit daemon start, which waits on the pipe
        with suppress(OSError):
            os.write(args.ready_fd, f"failed {type(exc).__name__}: {exc}\n".encode())
        sys.exit(1)
    # Its socket and samples are gone: end without freeing the warm engine's objects one
    # by one (0.1 s that `letterkit daemon stop`, waiting for this process, would wait).
    atexit._run_exitfuncs()
    os._exit(0)


if __name__ == "__main__":
    main()
