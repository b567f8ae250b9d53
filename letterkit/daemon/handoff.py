"""The client's side of a request: hand the command to the worker, or say it must run alone.

Until the worker has said "ready" and this side has answered "go", nothing
of the command has run, and any problem (no worker, a stale or refusing one,
one that died) means running alone, silently. After "go" the command is the
worker's: if the worker dies then, this side says so in one line and never
runs it a second time.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # signal's C module: no enum
import os
import resource
import sys

import letterkit
from letterkit.daemon import clientwire, place

TYPE_CHECKING = False  # typing and types are not imported: see clientwire.py
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any

ANSWER_SECONDS = 10.0
"""How long the worker may take to accept; then the command runs alone."""
FORWARDED = (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP, _signal.SIGQUIT)
LIMITS = tuple(
    getattr(resource, name)
    for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_NOFILE")
)
EXIT_INTERNAL = 70  # errors.EXIT_INTERNAL, not imported: that module is the pipeline's
DIED = (
    "letterkit: the background worker stopped in the middle of the command; "
    "run the command again (it then works alone)"
)


def install() -> list[str]:
    """What identifies this letterkit install: a worker of another one must not serve it."""
    return [
        sys.executable,
        os.path.dirname(os.path.realpath(letterkit.__file__)),
        letterkit.__version__,
    ]


def request(argv: list[str]) -> dict[str, object]:
    """Everything the worker needs to run the command as this process would."""
    umask = os.umask(0)
    os.umask(umask)
    return {
        "argv": argv,
        "env": dict(os.environ),
        "umask": umask,
        "limits": [[which, *resource.getrlimit(which)] for which in LIMITS],
        "install": install(),
    }


def _connect() -> Any:
    if place.unsafe(place.folder()) is not None:
        return None
    try:
        sock = clientwire.connect(place.socket_path(), ANSWER_SECONDS)
    except OSError:
        return None
    try:
        if clientwire.peer_uid(sock) == os.getuid():
            return sock
    except OSError:
        pass
    sock.close()
    return None


def _descriptors() -> list[int] | None:
    """Standard input, output, error and the working folder; None if one is closed."""
    try:
        for number in (0, 1, 2):
            os.fstat(number)
        here = os.open(".", os.O_PATH | os.O_DIRECTORY)
    except OSError:
        return None  # a closed descriptor or a vanished folder: alone, as it always did
    return [0, 1, 2, here]


def _accepted(sock: Any, argv: list[str]) -> bool:
    fds = _descriptors()
    if fds is None:
        return False
    try:
        clientwire.send(sock, request(argv), fds)
        answer = clientwire.receive(sock)
        if "ready" not in answer:
            return False
        before = _forward(sock)  # from "go" on, Ctrl-C is the command's
        try:
            clientwire.send(sock, {"go": True})
        except OSError:
            _restore(before)
            raise
    except (OSError, clientwire.Gone):
        return False
    finally:
        os.close(fds[-1])
    return True


Handlers = dict[int, object]


def _restore(handlers: Handlers) -> None:
    for number, handler in handlers.items():
        _signal.signal(number, handler)


def _forward(sock: Any) -> Handlers:
    def send(number: int, _frame: FrameType | None) -> None:
        try:
            clientwire.send(sock, {"signal": number})
        except OSError:
            return  # the worker is gone; its end is reported below

    return {number: _signal.signal(number, send) for number in FORWARDED}


def _die_by(number: int) -> int:
    """End as the command did: killed by the same signal."""
    _signal.signal(number, _signal.SIG_DFL)
    os.kill(os.getpid(), number)
    return 128 + number


def _outcome(sock: Any) -> int:
    sock.settimeout(None)  # the command takes as long as it takes
    try:
        answer = clientwire.receive(sock)
    except clientwire.Gone:
        answer = {}
    if isinstance(answer.get("exit"), int):
        return int(answer["exit"])
    if isinstance(answer.get("signal"), int):
        return _die_by(int(answer["signal"]))
    print(DIED, file=sys.stderr)
    return EXIT_INTERNAL


def hand_off(argv: list[str]) -> int | None:
    """The command's exit status as the worker ran it, or None: run it here."""
    sock = _connect()
    if sock is None:
        return None
    try:
        if not _accepted(sock, argv):
            return None
        return _outcome(sock)
    finally:
        sock.close()
