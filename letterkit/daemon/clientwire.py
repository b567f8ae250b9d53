"""The client's end of wire.py's messages, made with Python's C modules alone.

Every handed-off command imports this before it connects, so it does
without the socket, signal and json modules: between them they import
enum, re, selectors and collections, 13 ms of a command that the worker
answers in a few times that. The messages are wire.py's exactly:
length-prefixed JSON, written as ``json.dumps`` writes it (every character
beyond ASCII escaped, so a surrogate-escaped byte of an environment
variable arrives as it left), and read by the C scanner ``json.loads``
uses. Where the C accelerator is missing, the json module does the work.
"""

from __future__ import annotations

import _socket
import sys

TYPE_CHECKING = False  # typing itself is not imported either
if TYPE_CHECKING:
    from typing import Any

try:
    import _json

    _quoted = _json.encode_basestring_ascii
except ImportError:  # another Python than CPython: the json module's own (it imports re)
    from json import scanner as _json  # type: ignore[no-redef]
    from json.encoder import py_encode_basestring_ascii as _quoted

MAX_MESSAGE = 8 << 20
"""As wire.py: a request is a few kilobytes, far below this."""


class Gone(Exception):
    """The other end closed the connection, or sent something that is not a message."""


def _json_of(value: Any) -> str:
    """Text, numbers, lists and objects (all a request holds), as json.dumps writes them."""
    if isinstance(value, str):
        return str(_quoted(value))
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(_json_of, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_json_of(str(k))}: {_json_of(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not in a request: {type(value).__name__}")


class _Reader:
    """What the C scanner asks of its decoder, set as json.loads sets it."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo: dict[str, str] = {}  # noqa: RUF012 (the scanner's own attribute)

    @staticmethod
    def parse_constant(name: str) -> float:
        return float(name.replace("Infinity", "inf"))


_reader: Any = _Reader()
_scan = _json.make_scanner(_reader)


def _value(text: str) -> Any:
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        raise Gone("not a message") from None
    if text[end:].strip(" \t\n\r"):
        raise Gone("not a message")
    return value


def connect(path: str, timeout: float) -> Any:
    """A connected Unix socket, timing out as given; OSError if none listens."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def peer_uid(sock: Any) -> int:
    """The user id of the process at the other end (SO_PEERCRED: pid, uid, gid)."""
    creds = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
    return int.from_bytes(creds[4:8], sys.byteorder, signed=True)


def send(sock: Any, message: dict[str, Any], fds: list[int] | None = None) -> None:
    """Send one message (and descriptors with its first bytes)."""
    body = _json_of(message).encode()
    data = len(body).to_bytes(4, "big") + body
    if fds:
        rights = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)
        sent = sock.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
        data = data[sent:]
    while data:
        data = data[sock.send(data) :]


def _read(sock: Any, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        data = sock.recv(missing)
        if not data:
            raise Gone("the connection closed")
        chunks.append(data)
        missing -= len(data)
    return b"".join(chunks)


def receive(sock: Any) -> dict[str, Any]:
    """One message from the worker (which sends the client no descriptors); Gone if none."""
    try:
        size = int.from_bytes(_read(sock, 4), "big")
        if size > MAX_MESSAGE:
            raise Gone(f"a message of {size} bytes")
        message = _value(_read(sock, size).decode())
    except (OSError, UnicodeDecodeError):
        raise Gone("no message") from None
    if not isinstance(message, dict):
        raise Gone("not a message")
    return message
