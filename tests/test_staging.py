"""Staged files: named for their writer, private while written, given the mode they replace."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from letterkit.errors import OutputError
from letterkit.output import TEMP_PREFIX, TEMP_SUFFIX, put_in_place, stage, write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_644_under_the_umask(tmp_path: Path) -> None:
    before = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a.txt", b"one")
    finally:
        os.umask(before)
    assert (tmp_path / "a.txt").read_bytes() == b"one"
    assert mode(tmp_path / "a.txt") == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.txt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o600


def test_a_staged_file_is_named_for_its_writer_and_holds_every_byte(tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000  # CR and LF bytes as they are, and more than one write
    temps = [stage(tmp_path / "out" / "a.pdf", data) for _ in range(3)]
    assert len(set(temps)) == 3
    for temp in temps:
        assert temp.parent == tmp_path / "out"
        assert temp.name.startswith(f"{TEMP_PREFIX}{os.getpid()}-")
        assert temp.name.endswith(TEMP_SUFFIX)
        assert temp.read_bytes() == data
    put_in_place(temps[0], tmp_path / "out" / "a.pdf")
    assert (tmp_path / "out" / "a.pdf").read_bytes() == data


def test_a_folder_that_cannot_be_made_fails_the_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        stage(tmp_path / "file" / "a.txt", b"x")
