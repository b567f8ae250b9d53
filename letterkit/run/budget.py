"""A letter's budget of time and memory, enforced by the operating system.

Jinja's sandbox checks its time limit between operations, so one long
C-level operation (a division of two huge integers, ``lipsum(2500, ...)``)
runs on past it, and nothing at all bounds WeasyPrint's layout
(``columns: 100000``) or the memory it takes. So every letter is made in a
worker process (run/pool.py) under three limits:

- CPU time: an ``ITIMER_PROF`` timer, set afresh for each letter. Its signal,
  SIGPROF, keeps its default action, so the kernel ends the worker even in
  the middle of a C call; the parent sees how it ended and reports the letter.
- memory: ``RLIMIT_AS`` is lowered, for each letter, to what the worker maps
  plus the budget; an allocation beyond it fails with MemoryError, which fails
  the letter (and the worker, which may be left in a bad state, is replaced).
- wall clock: the parent kills a worker whose letter is not done in time, for
  what waits without using CPU (a FIFO, a slow server).

A letter over budget fails alone, exit 3, with one line naming the letter and
the budget; the run goes on with the next.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import msgspec

from letterkit.defaults import LETTER_MEMORY_MB, TIME_LIMIT
from letterkit.errors import LetterkitError, RenderError, SafetyError
from letterkit.memory import memory_cap

CPU_GRACE = 0.5
"""The kernel's timer fires this much after the time limit, so that the template sandbox's
own check, which names the template line, comes first wherever it can stop a template."""
WALL_FACTOR = 3
WALL_GRACE = 5.0
"""A letter may take three times its CPU time plus five seconds on the clock: on a busy
machine a letter waits for a core, and that is not the letter's fault."""


class Limits(msgspec.Struct, frozen=True):
    """What each letter of a run may spend."""

    seconds: float = TIME_LIMIT
    """CPU time for the whole letter: its templates and its typesetting."""
    memory_mb: int = LETTER_MEMORY_MB
    """Megabytes of address space the worker may add to make the letter."""

    @property
    def wall_seconds(self) -> float:
        """Time on the clock after which the parent kills the letter's worker."""
        return self.seconds * WALL_FACTOR + WALL_GRACE


@contextmanager
def within(limits: Limits) -> Iterator[None]:
    """Make one letter under its CPU-time and memory limits (in a worker process)."""
    timer = hasattr(signal, "setitimer")  # not on Windows: the wall clock still holds
    with memory_cap(limits.memory_mb << 20):
        if timer:
            signal.setitimer(signal.ITIMER_PROF, limits.seconds + CPU_GRACE)
        try:
            yield
        finally:
            if timer:
                signal.setitimer(signal.ITIMER_PROF, 0)


def out_of_memory(label: str, limits: Limits) -> LetterkitError:
    """The error of a letter that needed more memory than its budget."""
    return SafetyError.at(
        label,
        f"stopped: the letter needs more memory than its limit ({limits.memory_mb} MB); "
        "--memory-limit raises it",
    )


def out_of_time(label: str, limits: Limits) -> LetterkitError:
    """The error of a letter whose worker was killed for running past the clock."""
    return SafetyError.at(
        label,
        f"stopped: the letter was not made in {limits.wall_seconds:g} s (its time limit is "
        f"{limits.seconds:g} s of CPU time, waiting counted in); --time-limit raises it",
    )


def died(label: str, exitcode: int | None, limits: Limits) -> LetterkitError:
    """The error of a letter whose worker ended while making it, by how it ended."""
    if exitcode is None or exitcode >= 0:  # it exited (all a worker does on Windows)
        return RenderError.at(label, f"the process making this letter ended with status {exitcode}")
    number = -exitcode
    if number == getattr(signal, "SIGPROF", None):
        return SafetyError.at(
            label,
            f"stopped: the letter took more than its time limit ({limits.seconds:g} s of "
            "CPU time); --time-limit raises it",
        )
    if number == signal.SIGKILL:
        return RenderError.at(
            label, "the process making this letter was killed (SIGKILL: out of memory?)"
        )
    return RenderError.at(
        label,
        f"the process making this letter crashed ({signal.Signals(number).name}): a "
        f"library failed, perhaps for want of memory (--memory-limit {limits.memory_mb} MB)",
    )
