"""The command holds the garbage collector back while it starts, and only then."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HELD = """
import gc
from letterkit import collector
collector.hold()
assert not gc.isenabled()
collector.release()
assert gc.isenabled(), "collecting again once the letters are to be made"
assert gc.get_freeze_count() > 1000, "what was loaded is out of the collector's sight"
"""

OWN = """
import gc
from letterkit import collector
gc.disable()
collector.hold()
collector.release()
assert not gc.isenabled(), "a program's own choice stands"
assert gc.get_freeze_count() == 0
"""

IN_A_BATCH = """
import gc, sys
from pathlib import Path
from letterkit import cli
from letterkit.run import worker
spec, out, seen = (Path(a) for a in sys.argv[1:4])
made = worker.Maker.make
def make(self, job):
    seen.write_text(str(gc.isenabled()))  # in the worker process
    return made(self, job)
worker.Maker.make = make
sys.argv = ["letterkit", "render", "-q", "-f", "txt", "-o", str(out), str(spec)]
try:
    cli.main()
except SystemExit as exc:
    assert exc.code == 0, exc.code
assert gc.isenabled(), "the command collects again once its letters are made"
"""


@pytest.mark.parametrize("code", [HELD, OWN], ids=["the command's", "a program's"])
def test_the_collector_is_held_only_by_the_command(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_batchs_processes_collect_while_letters_are_made(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file()
    seen = tmp_path / "seen"
    done = subprocess.run(
        [sys.executable, "-c", IN_A_BATCH, str(spec), str(tmp_path / "out"), str(seen)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert seen.read_text() == "True", "a worker making letters collects its garbage"
    assert (tmp_path / "out" / f"{spec.stem}.txt").is_file()
