"""SIGTERM or Ctrl-C stops the run and every process it started: workers and fork server.

Run as a real batch with two workers, each busy in one long computation when the signal
comes, so that only the parent's stopping them can end them in time.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.adversarial.budget_helpers import (
    alive,
    descendants,
    finish,
    hostile_project,
    kill_all,
    poll,
    write_spec,
)
from tests.adversarial.conftest import LETTERKIT
from tests.adversarial.test_isolation import SLOW

SETTLE = 5.0
"""Seconds after the run ends by which every process it started must be gone."""


def _signal_the_run(
    args: list[str], processes: int, number: signal.Signals
) -> tuple[int, str, list[int]]:
    """Start a run, signal it once ``processes`` processes run below it; its exit status,
    standard error, and the processes it started still alive SETTLE seconds after it ended."""
    process = subprocess.Popen(
        [LETTERKIT, "render", "-q", "-f", "txt", "--time-limit", "60", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    started: set[int] = set()
    try:
        poll(lambda: len(descendants(process.pid)) >= processes)
        started = descendants(process.pid)
        process.send_signal(number)
        code, stderr = finish(process)
        deadline = time.monotonic() + SETTLE
        while time.monotonic() < deadline and any(alive(pid) for pid in started):
            time.sleep(0.1)
        return code, stderr, sorted(pid for pid in started if alive(pid))
    finally:
        kill_all(process, started)


@pytest.mark.parametrize(
    ("number", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"]
)
def test_a_signal_stops_the_workers_and_the_fork_server(
    number: signal.Signals, status: int, tmp_path: Path
) -> None:
    first = hostile_project(tmp_path / "slow", {"greeting.j2": f"Dear all,\n{SLOW}\n"})
    specs = [first, *(write_spec(first.parent / f"slow-{i}.yaml") for i in range(5))]
    # The fork server, its resource tracker and both workers (the fork server's children).
    args = ["-j", "2", "-o", str(tmp_path / "out"), *map(str, specs)]
    code, stderr, survivors = _signal_the_run(args, 4, number)
    assert code == status, stderr
    assert stderr == f"letterkit: stopped by {number.name}; letters written so far are complete\n"
    assert survivors == []


def test_a_single_letter_run_stops_its_worker_too(tmp_path: Path) -> None:
    spec = hostile_project(tmp_path / "slow", {"greeting.j2": f"Dear all,\n{SLOW}\n"})
    code, stderr, survivors = _signal_the_run(
        ["-o", str(tmp_path / "out"), str(spec)], 1, signal.SIGTERM
    )
    assert code == 143, stderr
    assert survivors == []
