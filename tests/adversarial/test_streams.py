"""Standard streams that are full, closed or read by a program that stops early."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from letterkit.errors import EXIT_OUTPUT
from tests.adversarial.conftest import LETTERKIT, listing, one_line

PRINTING = {
    "schema": (["schema"], "schema"),
    "templates": (["templates"], "list"),
    "doctor": (["doctor"], "report"),
    "help": (["--help"], "text"),
    "version": (["--version"], "text"),
    "render help": (["render", "--help"], "text"),
}
COMMANDS = PRINTING.values()
IDS = PRINTING.keys()


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LETTERKIT, *args], stderr=subprocess.PIPE, text=True, check=False, **kwargs
    )


@contextmanager
def _reader_gone() -> Iterator[int]:
    """The writing end of a pipe whose reader stopped (as after | head -c 10)."""
    read, write = os.pipe()
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_full_standard_output_is_exit_4(command: tuple[list[str], str]) -> None:
    with Path("/dev/full").open("wb") as full:
        done = _run(command[0], stdout=full)
    assert done.returncode == EXIT_OUTPUT
    assert one_line(done.stderr) == "standard output: cannot write: No space left on device"


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_reader_that_stops_early_is_exit_4(command: tuple[list[str], str]) -> None:
    args, what = command
    with _reader_gone() as write:
        done = _run(args, stdout=write)
    assert done.returncode == EXIT_OUTPUT
    assert one_line(done.stderr) == (
        f"standard output: the program reading it stopped before the whole {what} was written"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_closed_standard_output_is_exit_4(command: tuple[list[str], str]) -> None:
    args, what = command
    done = _run(args, preexec_fn=lambda: os.close(1))
    assert done.returncode == EXIT_OUTPUT
    assert one_line(done.stderr) == f"standard output: closed; the {what} was not written"


def test_closed_standard_error_still_writes_the_letter(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file()
    expected, out = tmp_path / "expected", tmp_path / "out"
    assert _run(["render", "-f", "txt", "-o", str(expected), str(spec)]).returncode == 0
    done = _run(["render", "-f", "txt", "-o", str(out), str(spec)], preexec_fn=lambda: os.close(2))
    assert done.returncode == 0
    assert listing(out) == listing(expected)
    assert (out / "letter.txt").read_bytes() == (expected / "letter.txt").read_bytes()
