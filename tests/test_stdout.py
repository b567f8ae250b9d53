"""Writing a letter to standard output fails cleanly when the output cannot take it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LETTERKIT = str(Path(sys.executable).parent / "letterkit")


@pytest.fixture
def command(tmp_path: Path) -> list[str]:
    spec = tmp_path / "long.yaml"
    paragraphs = ", ".join(['"' + "word " * 200 + '"'] * 100)
    spec.write_text(
        f"sender: {{name: A}}\nrecipient: {{name: B}}\nposition: [{paragraphs}]\n", "utf-8"
    )
    return [LETTERKIT, "render", "-f", "txt", "-o", "-", str(spec)]


def test_reader_that_stops_early(command: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the letter is written, as after `| head`
    try:
        done = subprocess.run(
            command,
            stdout=write,
            capture_output=False,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 4
    assert done.stderr == (
        "standard output: the program reading it stopped before the whole letter was written\n"
    )


def test_full_output(command: list[str]) -> None:
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 4
    assert done.stderr == "standard output: cannot write: No space left on device\n"


def test_closed_output(command: list[str]) -> None:
    done = subprocess.run(
        command, stderr=subprocess.PIPE, text=True, check=False, preexec_fn=lambda: os.close(1)
    )
    assert done.returncode == 4
    assert done.stderr == "standard output: closed; write to a folder with -o DIR instead\n"
