"""The worker forked before a run is planned: it makes the run's letter, and never outlives it."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import subprocess
import sys
import threading
from pathlib import Path

from letterkit import api
from letterkit.compose import ComposeOptions
from letterkit.run import pool
from letterkit.run.budget import Limits
from letterkit.run.options import Options
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"


def _workers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "letterkit-worker"]


def test_a_run_makes_its_letter_in_the_worker_forked_ahead_and_leaves_none(
    tmp_path: Path,
) -> None:
    options = Options(formats=("txt",), output=tmp_path, force=True)
    result = api.render([EXAMPLE], options)
    assert (result.letters, result.failures) == (1, [])
    assert (tmp_path / "solidarity-2008.txt").read_text("utf-8").startswith("International")
    assert not _workers() and not pool._AHEAD


def test_a_run_with_nothing_to_make_stops_the_worker_forked_for_it(tmp_path: Path) -> None:
    options = Options(formats=("txt",), output=tmp_path)
    api.render([EXAMPLE], options)
    again = api.render([EXAMPLE], options)  # current: nothing is made
    assert (again.letters, again.skipped) == (0, 1)
    assert not _workers() and not pool._AHEAD


def test_a_check_takes_it_too(tmp_path: Path) -> None:
    result = api.check([EXAMPLE], Options(force=True))
    assert (result.letters, result.failures) == (1, [])
    assert not _workers() and not pool._AHEAD


def _alone(code: str) -> str:
    """What ``code`` prints, run in a process of its own: one without threads (unlike a
    test runner's), so it may fork."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_a_single_threaded_run_forks_its_one_worker_ahead_and_takes_it(tmp_path: Path) -> None:
    code = f"""
import os
from pathlib import Path
from letterkit import api
from letterkit.run import pool
from letterkit.run.options import Options
forks = []
os.register_at_fork(before=lambda: forks.append(1))
taken = pool._taken_ahead
pool._taken_ahead = lambda *a: (forks.append("taken"), taken(*a))[1]
options = Options(formats=("txt",), output=Path({str(tmp_path)!r}), force=True)
result = api.render([Path({str(EXAMPLE)!r})], options)
print(result.letters, forks)
"""
    assert _alone(code) == "1 [1, 'taken']"  # one fork, before the plan: the worker taken


def test_a_worker_forked_ahead_that_died_is_not_taken() -> None:
    code = """
import datetime as dt
from letterkit.compose import ComposeOptions
from letterkit.run import pool
from letterkit.run.budget import Limits
shared, limits = ComposeOptions(dt.date(2026, 5, 4)), Limits()
with pool.forked_ahead(shared, limits, ("txt",)):
    (_key, slot), = pool._AHEAD
    slot.process.kill()
    slot.process.join()
    print(pool._taken_ahead(shared, limits), pool._AHEAD)
"""
    assert _alone(code) == "None []"


def test_none_is_forked_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pool.forked_ahead(ComposeOptions(dt.date(2026, 5, 4)), Limits(), ("txt",)):
            assert not pool._AHEAD  # forking a process with threads can deadlock the child
    finally:
        stop.set()
        other.join()
