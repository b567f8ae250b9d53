"""On a terminal that cannot redraw (TERM=dumb), a batch still says each file it wrote."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINIMAL

LETTERKIT = Path(sys.executable).with_name("letterkit")


def _stderr_on_a_terminal(args: list[str], term: str) -> str:
    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [str(LETTERKIT), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env={**os.environ, "TERM": term},
            check=True,
        )
    finally:
        os.close(follower)
    said = b""
    try:
        while chunk := os.read(leader, 4096):
            said += chunk
    except OSError:  # the terminal's other end is closed: all is read
        pass
    finally:
        os.close(leader)
    return said.decode()


def test_a_dumb_terminal_gets_the_per_file_lines(tmp_path: Path) -> None:
    specs = []
    for name in ("one", "two"):
        spec = tmp_path / f"{name}.yaml"
        spec.write_text(json.dumps(MINIMAL), "utf-8")
        specs.append(str(spec))
    said = _stderr_on_a_terminal(
        ["render", "-f", "txt", "-o", str(tmp_path / "out"), *specs], "dumb"
    )
    assert f"wrote {tmp_path / 'out' / 'one.txt'}" in said
    assert f"wrote {tmp_path / 'out' / 'two.txt'}" in said
    assert "2 written, 0 skipped, 0 failed" in said
