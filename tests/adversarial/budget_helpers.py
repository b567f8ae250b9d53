"""Helpers for the budget tests: hostile projects beside good letters, processes, images."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from tests.conftest import MINIMAL, ROOT

BUILTIN_CSS = (ROOT / "templates" / "letter.css").read_text("utf-8")
HANG_GUARD = 90
"""Seconds after which a test gives up on a letterkit run: far beyond any budget in the tests,
only there so that a run that is never stopped fails the test instead of hanging the suite."""


def hostile_project(root: Path, files: dict[str, str | bytes], spec: str = "bad.yaml") -> Path:
    """A project of its own holding one spec; the spec's path.

    ``files`` go into its template folder (templates/), except those named ./like-this,
    which go beside the spec.
    """
    (root / "templates").mkdir(parents=True)
    (root / "letterkit.toml").write_text("", encoding="utf-8")
    for name, content in files.items():
        path = root / name if name.startswith("./") else root / "templates" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return write_spec(root / spec)


def write_spec(path: Path) -> Path:
    """A good spec (the suite's minimal one) at ``path``."""
    path.write_text(json.dumps(MINIMAL), encoding="utf-8")
    return path


def stylesheet(css: str) -> str:
    """A letter.css: the built-in one with the hostile rules after it."""
    return f"{BUILTIN_CSS}\n{css}\n"


def png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of one colour: a few kilobytes however many pixels it has."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (children, theirs...), read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def workers(pid: int) -> set[int]:
    """The processes below ``pid`` that run Python (its workers), not the programs it runs
    while planning (fontconfig's fc-list), which a test must not stop."""
    python = Path(sys.executable).resolve()
    found = set()
    for child in descendants(pid):
        try:
            if Path(f"/proc/{child}/exe").resolve() == python:
                found.add(child)
        except OSError:
            continue  # ended meanwhile
    return found


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process has used so far, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def poll(condition: Callable[[], object], seconds: float = HANG_GUARD) -> object:
    """Wait until ``condition()`` is true (checking 20 times a second); its value, or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting after {seconds} s")


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    """The exit status and standard error of a letterkit run, killed if it hangs."""
    try:
        _, stderr = process.communicate(timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, stderr


def kill_all(process: subprocess.Popen[str], started: Iterable[int] = ()) -> None:
    """SIGKILL a run and every process below it that is left (the test has failed already)."""
    pids = set(started) | descendants(process.pid)
    if process.poll() is None:
        process.kill()
        process.communicate()
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
