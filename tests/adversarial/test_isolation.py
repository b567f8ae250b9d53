"""A letter that fails, however it fails, fails alone: the others of the run are written.

Hostile input can make a library raise anything (WeasyPrint's layout an OverflowError, the
text's encoding a UnicodeEncodeError), and the process making a letter can be killed (by the
out-of-memory killer, say). Each is that letter's failure, exit 1, in one line naming it;
a dead worker is replaced. Run as real processes, with one worker and with two.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from letterkit import cli
from letterkit.errors import EXIT_FAILED, EXIT_INTERNAL
from tests.adversarial.budget_helpers import (
    HANG_GUARD,
    cpu_seconds,
    descendants,
    finish,
    hostile_project,
    kill_all,
    poll,
    stylesheet,
    write_spec,
)
from tests.adversarial.conftest import LETTERKIT, listing, run_installed

GOOD = ("good-1", "good-2", "good-3")
HOSTILE_CSS = {
    "overflow": (
        "p { font-size: 1e308px }",
        "OverflowError: cannot convert float infinity to integer",
    ),
    "a zero scale": ("p { transform: scale(0) }", "KeyError: <TextBox"),
}
SLOW = (
    "{% set a = 10 ** 25000 %}{% set b = a * a %}{% set c = b * b %}{% set d = c * c %}"
    "{% set e = d * d %}{% set f = e * e %}{% set g = f * f %}{{ (g * g) // (g + 1) }}"
)
"""A template that computes for minutes: its worker is busy when the test kills it."""


def _good_specs(folder: Path) -> list[Path]:
    return [write_spec(folder / f"{name}.yaml") for name in GOOD]


def _failed_alone(stderr: str, bad: Path, message: str) -> None:
    [line] = [line for line in stderr.splitlines() if str(bad) in line]
    assert line.startswith(f"{bad}: "), line
    assert message in line, line


@pytest.mark.parametrize("case", HOSTILE_CSS.values(), ids=HOSTILE_CSS.keys())
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_css_that_makes_the_layout_raise_fails_only_its_letter(
    case: tuple[str, str], jobs: str, tmp_path: Path
) -> None:
    css, message = case
    bad = hostile_project(tmp_path / "hostile", {"letter.css": stylesheet(css)})
    out = tmp_path / "out"
    result = run_installed(
        "render", "-q", "-j", jobs, "-f", "pdf", "-o", out, bad, *_good_specs(tmp_path),
        timeout=HANG_GUARD,
    )  # fmt: skip
    assert result.returncode == EXIT_FAILED, result.stderr
    _failed_alone(result.stderr, bad, f"the letter could not be made: {message}")
    assert "internal error" not in result.stderr
    assert listing(out) == [".letterkit.json", *(f"{name}.pdf" for name in GOOD)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_lone_surrogate_fails_only_its_letter(jobs: str, tmp_path: Path) -> None:
    # Jinja reads "\ud800" as half a UTF-16 pair: text no file can hold.
    bad = hostile_project(tmp_path / "hostile", {"greeting.j2": 'Dear all,\n{{ "\\ud800" }}\n'})
    out = tmp_path / "out"
    result = run_installed(
        "render", "-q", "-j", jobs, "-f", "txt", "-o", out, bad, *_good_specs(tmp_path),
        timeout=HANG_GUARD,
    )  # fmt: skip
    assert result.returncode == EXIT_FAILED, result.stderr
    _failed_alone(
        result.stderr,
        bad,
        "the letter could not be made: UnicodeEncodeError: 'utf-8' codec can't encode "
        "character '\\ud800'",
    )
    assert listing(out) == [".letterkit.json", *(f"{name}.txt" for name in GOOD)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_worker_is_replaced_and_its_letter_reported(jobs: str, tmp_path: Path) -> None:
    # The slow letter comes first: with one worker, the good letters can only be made by
    # the worker that replaces the killed one.
    bad = hostile_project(tmp_path / "hostile", {"greeting.j2": f"Dear all,\n{SLOW}\n"})
    out = tmp_path / "out"
    command = [LETTERKIT, "render", "-q", "-j", jobs, "-f", "txt", "--time-limit", "60"]
    specs = [str(bad), *map(str, _good_specs(tmp_path))]
    process = subprocess.Popen(
        [*command, "-o", str(out), *specs], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip

    def busy_worker() -> int | None:
        # The one process below letterkit that has computed for a second: the slow letter's.
        return next((p for p in descendants(process.pid) if cpu_seconds(p) > 1), None)

    try:
        worker = poll(busy_worker)
        assert isinstance(worker, int)
        os.kill(worker, signal.SIGKILL)  # as the out-of-memory killer would
        status, stderr = finish(process)
    finally:
        kill_all(process)
    assert status == EXIT_FAILED, stderr
    assert stderr.splitlines() == [
        f"{bad}: the process making this letter was killed (SIGKILL: out of memory?)"
    ]
    assert listing(out) == [".letterkit.json", *(f"{name}.txt" for name in GOOD)]


def test_watch_goes_on_after_a_letter_that_makes_the_layout_raise(tmp_path: Path) -> None:
    css, message = HOSTILE_CSS["overflow"]
    bad = hostile_project(tmp_path / "hostile", {"letter.css": stylesheet(css)})
    log = tmp_path / "watch.log"
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [LETTERKIT, "watch", "-f", "pdf", "-o", str(tmp_path / "out"), str(bad)],
            stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        )  # fmt: skip
        try:
            poll(lambda: process.poll() is not None or "watching" in log.read_text("utf-8"))
            running = process.poll() is None
        finally:
            kill_all(process)
    assert running, log.read_text("utf-8")
    _failed_alone(log.read_text("utf-8"), bad, f"the letter could not be made: {message}")


def test_a_crash_of_letterkit_itself_has_its_own_exit_code() -> None:
    # A bug is not a letter that failed: scripts tell the two apart by 70 (EX_SOFTWARE).
    # The command group is letterkit's own; only the failing command stands in for a bug.
    @click.group(cls=cli._Group)
    def group() -> None:
        """letterkit's command group, with one command."""

    @group.command()
    def crash() -> None:
        """A command with a bug."""
        raise RuntimeError("a bug")

    result = CliRunner().invoke(group, ["crash"])
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr == (
        "letterkit: internal error: RuntimeError: a bug "
        "(run again with --debug and report the traceback)\n"
    )
