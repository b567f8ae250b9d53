"""The command-line conventions users bring from the tools they know."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from letterkit import __version__

LETTERKIT = Path(sys.executable).with_name("letterkit")
COMMANDS = ["render", "check", "watch", "templates", "doctor", "init", "schema"]


def test_capital_v_prints_the_version(run: Callable[..., Result]) -> None:
    result = run("-V")
    assert result.exit_code == 0
    assert result.stdout == f"letterkit, version {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_quiet_and_verbose(command: str, run: Callable[..., Result]) -> None:
    help_text = run(command, "--help").stdout
    assert "-v, --verbose" in help_text
    assert "-q, --quiet" in help_text


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_before_or_after_the_command_silences_the_status_line(
    where: str, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    assert run("check", spec).stderr == "1 letter OK\n"
    args = ["-q", "check", spec] if where == "before" else ["check", "-q", spec]
    result = run(*args)
    assert result.exit_code == 0
    assert result.stderr == ""


def test_verbose_after_render_says_why_a_letter_is_skipped(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    spec = spec_file()
    out = tmp_path / "out"
    assert run("-q", "render", "-f", "txt", "-o", out, spec).stderr == ""
    result = run("render", "-v", "-f", "txt", "-o", out, spec)
    assert result.exit_code == 0
    assert f"{spec} is current; skipped" in result.stderr


def test_debug_is_documented_in_the_main_help(run: Callable[..., Result]) -> None:
    help_text = run("--help").stdout
    assert "--debug" in help_text
    assert "traceback" in help_text


def test_output_naming_a_file_writes_that_file(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    spec = spec_file()
    target = tmp_path / "sent" / "letter.pdf"
    result = run("render", "-o", target, spec)
    assert result.exit_code == 0, result.stderr
    assert target.is_file()
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in target.parent.glob("letter*")) == ["letter.pdf"]


def test_output_naming_a_file_wants_one_spec_and_its_format(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    spec = spec_file()
    target = tmp_path / "letter.pdf"
    for args in (["-f", "txt"], ["-f", "pdf", "-f", "txt"], [spec]):
        result = run("render", "-o", target, spec, *args)
        assert result.exit_code == 2
        assert "names one file" in result.stderr
    assert not target.exists()


def test_an_existing_folder_named_like_a_file_is_still_a_folder(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    spec = spec_file()
    folder = tmp_path / "letters.pdf"
    folder.mkdir()
    assert run("render", "-f", "txt", "-o", folder, spec).exit_code == 0
    assert (folder / "letter.txt").is_file()


def _letterkit(
    *args: str | Path, stdin: bytes = b"", cwd: Path
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(LETTERKIT), *map(str, args)], input=stdin, capture_output=True, cwd=cwd, check=False
    )


def test_a_dash_as_spec_reads_standard_input(
    spec_file: Callable[..., Path], tmp_path: Path
) -> None:
    spec = spec_file().read_bytes()
    done = _letterkit("render", "-f", "txt", "-o", "-", "-", stdin=spec, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Congress of South African Trade Unions" in done.stdout
    bad = _letterkit("check", "-", stdin=b"date: 2026-01-01\nsendr: {}\n", cwd=tmp_path)
    assert bad.returncode == 2
    assert b"<stdin>:2:1: sendr: unknown key" in bad.stderr


def test_a_pdf_goes_to_standard_output_when_it_is_not_a_terminal(
    spec_file: Callable[..., Path], tmp_path: Path
) -> None:
    spec = spec_file()
    done = _letterkit("render", "-f", "pdf", "-o", "-", spec, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-")
    assert done.stdout.rstrip().endswith(b"%%EOF")


def test_a_pdf_is_not_poured_onto_a_terminal(
    spec_file: Callable[..., Path], tmp_path: Path
) -> None:
    spec = spec_file()
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(LETTERKIT), "render", "-f", "pdf", "-o", "-", str(spec)],
            stdout=follower,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert b"a PDF only when it is not a terminal" in done.stderr
