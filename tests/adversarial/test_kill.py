"""A batch killed at any moment leaves only complete files, and the next run cleans up."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from letterkit.run.manifest import MANIFEST
from tests.adversarial.conftest import LETTERKIT, listing, pdf_text, run_installed, temporaries

LETTERS = 6
KILLS = 5
SIGNATURE = "Workers' Solidarity Network (WSN)\n"


def _assert_complete(out: Path) -> None:
    """Every PDF opens strictly with all its text; every text file ends with the signature."""
    for pdf in out.glob("*.pdf"):
        assert "Federation" in pdf_text(pdf), pdf
    for txt in out.glob("*.txt"):
        assert txt.read_text("utf-8").endswith(SIGNATURE), txt


def test_sigkill_at_random_points_leaves_no_truncated_file(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    specs = [
        spec_file({"recipient": {"name": f"Federation {i}"}}, name=f"letter-{i}.yaml")
        for i in range(LETTERS)
    ]
    out = tmp_path / "out"
    command = [
        LETTERKIT,
        "render",
        "-q",
        "-f",
        "pdf",
        "-f",
        "txt",
        "-o",
        str(out),
        *map(str, specs),
    ]
    rng = random.Random(8)  # the same kill points on every run of the suite
    killed_while_running = 0
    for _ in range(KILLS):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.5))
        killed_while_running += process.poll() is None
        process.kill()
        process.wait()
        _assert_complete(out)
    assert killed_while_running > 0, "every run ended before its kill; the batch is too short"

    final = run_installed("render", "-q", "-f", "pdf", "-f", "txt", "-o", out, *specs)
    assert final.returncode == 0, final.stderr  # files of killed runs are still letterkit's
    _assert_complete(out)
    assert temporaries(out) == []
    names = [f"letter-{i}.{ext}" for i in range(LETTERS) for ext in ("pdf", "txt")]
    assert listing(out) == sorted([MANIFEST, *names])


# Kills the process at its Nth step: a flush of this machine's journal (what is
# about to be written) or a rename of a temporary file into place. For a PDF and a
# text: 1 the journal, 2 the PDF, 3 the text, 4 the folder's record, 5 this
# machine's record.
KILL_AT_STEP = """
import os, signal, sys
fsync, replace, steps = os.fsync, os.replace, 0
def step():
    global steps
    steps += 1
    if steps == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)
def flush(fd):
    if os.readlink(f"/proc/self/fd/{fd}").endswith(".journal"):
        step()
    fsync(fd)
def rename(source, target, **options):
    if str(source).endswith(".part"):
        step()
    replace(source, target, **options)
os.fsync, os.replace = flush, rename
from letterkit.cli import cli
cli(sys.argv[2:], prog_name="letterkit")
"""


@pytest.mark.parametrize(
    ("step", "new", "left"),
    [(2, (), 2), (3, ("pdf",), 1), (4, ("pdf", "txt"), 1)],
    ids=["writing the PDF", "writing the text", "recording"],
)
def test_kill_in_the_middle_of_a_write_leaves_old_or_new(  # noqa: PLR0917 -- the cases
    step: int,
    new: tuple[str, ...],
    left: int,
    tmp_path: Path,
    spec_file: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    spec = spec_file({"recipient": {"name": "Old Federation"}})
    out = tmp_path / "out"
    args = ["render", "-q", "-f", "pdf", "-f", "txt", "-o", str(out), str(spec)]
    assert run(*args).exit_code == 0
    spec_file({"recipient": {"name": "New Federation"}})
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT_STEP, str(step), *args], capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    for ext in ("pdf", "txt"):
        text = pdf_text(out / "letter.pdf") if ext == "pdf" else (out / "letter.txt").read_text()
        assert ("New Federation" if ext in new else "Old Federation") in text, ext
    assert len(temporaries(out)) == left  # the files not yet in place when the kill came

    again = run(*args)
    assert again.exit_code == 0, again.stderr  # what the killed run wrote is still letterkit's
    assert temporaries(out) == []
    assert "New Federation" in (out / "letter.txt").read_text("utf-8")
