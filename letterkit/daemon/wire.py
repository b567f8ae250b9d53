"""The messages between the client and the worker: length-prefixed JSON, descriptors alongside.

JSON, not pickle: the worker must not run code because of what a peer sent,
even one of its own user.
"""

from __future__ import annotations

import json
import os
import socket
import struct

TYPE_CHECKING = False  # typing itself is not imported: every handed-off command pays for imports
if TYPE_CHECKING:
    from typing import Any

_LENGTH = struct.Struct("!I")
MAX_MESSAGE = 8 << 20
"""A request is its arguments and environment: a few kilobytes, far below this."""
MAX_FDS = 8


class Gone(Exception):
    """The other end closed the connection, or sent something that is not a message."""


def send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    """Send one message (and descriptors with its first byte)."""
    body = json.dumps(message).encode()
    data = _LENGTH.pack(len(body)) + body
    if fds:
        sent = socket.send_fds(sock, [data], fds)
        data = data[sent:]
    sock.sendall(data)


def _read(sock: socket.socket, size: int, fds: list[int]) -> bytes:
    chunks, missing = [], size
    while missing:
        data, more, _flags, _addr = socket.recv_fds(sock, missing, MAX_FDS)
        fds.extend(more)
        if not data:
            raise Gone("the connection closed")
        chunks.append(data)
        missing -= len(data)
    return b"".join(chunks)


def receive(sock: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """One message and the descriptors sent with it; Gone if there is none."""
    fds: list[int] = []
    try:
        (size,) = _LENGTH.unpack(_read(sock, _LENGTH.size, fds))
        if size > MAX_MESSAGE:
            raise Gone(f"a message of {size} bytes")
        message = json.loads(_read(sock, size, fds))
    except (OSError, ValueError, Gone):
        for fd in fds:
            os.close(fd)
        raise Gone("no message") from None
    if not isinstance(message, dict):
        raise Gone("not a message")
    return message, fds


def peer_uid(sock: socket.socket) -> int:
    """The user id of the process at the other end (SO_PEERCRED: pid, uid, gid)."""
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", creds)[1])
