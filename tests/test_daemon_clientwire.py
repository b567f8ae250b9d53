"""The client's messages are wire.py's: what one end writes, the other reads as it was."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from letterkit.daemon import clientwire, wire

AWKWARD = [
    "",
    'quote " backslash \\ slash /',
    "tab\tnewline\ncontrol\x01\x1f delete\x7f",
    "Straße – ’ تهران हिन्दी",
    "astral 𝄞 🜂",
    "surrogate-escaped \udcff\udc80 byte",
]


def test_a_request_reaches_the_worker_as_it_left() -> None:
    message = {
        "argv": ["letterkit", "render", *AWKWARD],
        "env": {f"K{i}": text for i, text in enumerate(AWKWARD)},
        "umask": 0o022,
        "limits": [[7, -1, 1 << 62], [1, 0, 0]],
        "go": True,
        "none": None,
    }
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    read, write = os.pipe()
    with client, server:
        clientwire.send(client, message, [read, write])
        got, fds = wire.receive(server)
    assert got == message
    assert len(fds) == 2
    for fd in (read, write, *fds):
        os.close(fd)
    # Written as json.dumps writes it.
    assert clientwire._json_of(message) == json.dumps(message)


@pytest.mark.parametrize(
    "answer", [{"ready": 1234}, {"exit": 0}, {"signal": 15}, {"refused": AWKWARD[-1]}]
)
def test_the_worker_s_answers_reach_the_client_as_they_left(answer: dict[str, object]) -> None:
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with client, server:
        wire.send(server, answer)
        assert clientwire.receive(client) == answer
        assert clientwire.peer_uid(client) == os.getuid()


@pytest.mark.parametrize("data", [b"\x00\x00\x00\x02[]", b"\x00\x00\x00\x03{x}", b"\x00\x00"])
def test_anything_else_is_no_message(data: bytes) -> None:
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with client, server:
        server.sendall(data)
        server.shutdown(socket.SHUT_WR)
        with pytest.raises(clientwire.Gone):
            clientwire.receive(client)


def test_the_entry_point_imports_no_socket_signal_or_json_module() -> None:
    code = (
        "import sys, letterkit.daemon.client, letterkit.daemon.handoff; print(sorted(sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for name in ("'socket'", "'signal'", "'json'", "'re'", "'enum'", "'typing'", "'contextlib'"):
        assert name not in loaded
