"""Worker processes that make letters, one letter per worker at a time, each under its budget.

Every letter is made in a worker, even a run's only letter: only a separate
process can be stopped in the middle of a C call (a huge integer division,
WeasyPrint's layout) and bounded in memory without the run's own process
(run/budget.py). The parent gives each worker one letter, so it always knows
which letter a worker was making when it died, was killed by its time limit
or by the system's out-of-memory killer: that letter is reported as failed,
the worker replaced, and the run goes on.

How workers start (a one-letter PDF, median of five interleaved runs on a
busy two-core machine: made in this process as before, 3.00 s and 1.04 s of
CPU; in a forked worker, 2.96 s and 1.12 s of CPU; in a worker from a fork
server, 3.56 s; a text letter: 0.39 s of CPU before, 0.44 s forked):

- a run with one worker forks it from this process, which has already
  imported the renderers and compiled the templates, so it costs
  milliseconds. Only while this process runs no other thread (no progress
  bar): forking a process with threads can deadlock the child;
- several workers start from a fork server that has imported the renderers
  (WeasyPrint takes half a second), so each starts warm and none is forked
  from a process running threads (the progress bar's).

On SIGTERM or Ctrl-C the parent kills its workers before it stops (the fork
server then ends by itself, its last client gone); a worker whose parent is
gone finds its pipe closed and ends too.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import util
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from letterkit.compose import ComposeOptions, TemplateSets
from letterkit.errors import Interrupted, LetterkitError
from letterkit.render import REGISTRY
from letterkit.run import worker
from letterkit.run.budget import Limits, died, out_of_time

log = logging.getLogger("letterkit")


def _single_threaded() -> bool:
    tasks = Path("/proc/self/task")
    if tasks.is_dir():  # native threads too, not only Python's
        return len(list(tasks.iterdir())) == 1
    return threading.active_count() == 1


def _context(formats: Iterable[str], may_fork: bool) -> Any:
    methods = multiprocessing.get_all_start_methods()
    modules = [REGISTRY[f] for f in sorted(set(formats))]
    if may_fork and "fork" in methods and _single_threaded():
        # Forked from this process, warm: see the module's docstring for the numbers.
        for module in modules:  # imported before the fork, so a replaced worker starts warm
            importlib.import_module(module)
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:  # Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # By the module's own name: CPython ignores a preload that fails to import, so a
    # spelled-out name that went stale would make every worker start cold, silently.
    context.set_forkserver_preload([worker.__name__, *modules])
    return context


def _stop(number: int, _frame: FrameType | None) -> None:
    name = signal.Signals(number).name
    raise Interrupted(f"stopped by {name}; letters written so far are complete", number)


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and Ctrl-C end a run the same way from its first step on.

    Planning runs subprocesses too (fontconfig's), so not only once workers have started.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a library caller's thread)
        return
    before = {n: signal.signal(n, _stop) for n in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


@dataclass(eq=False)
class _Slot:
    """One worker process and the letter it is making."""

    process: Any
    connection: Connection
    job: worker.Job | None = None
    deadline: float = 0.0


class Workers:
    """A fixed number of worker processes; replaced when one dies; all stopped at the end."""

    def __init__(  # noqa: PLR0917 -- the run's parts, passed along as they are
        self,
        shared: ComposeOptions,
        limits: Limits,
        count: int,
        formats: Iterable[str],
        templates: TemplateSets | None = None,
        may_fork: bool = True,
    ) -> None:
        self.shared, self.limits, self.count = shared, limits, count
        # One worker is forked, unless a thread will start while it lives (a progress bar).
        self.context = _context(formats, may_fork and count == 1)
        # A forked worker inherits the planner's compiled templates; others compile their own.
        self.templates = templates if self.context.get_start_method() == "fork" else None
        self.slots: list[_Slot] = []
        self._handlers: dict[int, Any] = {}

    def __enter__(self) -> Workers:
        self._trap_signals()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for number in self._handlers:  # a second signal must not cut the stopping short
            signal.signal(number, signal.SIG_IGN)
        for slot in self.slots:
            self._stop(slot)
        self.slots.clear()
        for number, handler in self._handlers.items():
            signal.signal(number, handler)

    def _trap_signals(self) -> None:
        """Turn SIGTERM and Ctrl-C into an exception, so the workers are stopped on the way out."""
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set handlers (a library caller's thread)
        for number in (signal.SIGTERM, signal.SIGINT):
            self._handlers[number] = signal.signal(number, _stop)

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        # A forked worker would inherit this end too (and every sibling's), and then never
        # see its pipe end when this process is gone: each is closed in forked children.
        util.register_after_fork(parent, Connection.close)
        process = self.context.Process(
            target=worker.serve,
            args=(child, self.shared, self.limits, self.templates),
            daemon=True,
            name="letterkit-worker",
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def _stop(self, slot: _Slot) -> None:
        slot.connection.close()
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join()

    def _give(self, slot: _Slot, job: worker.Job) -> LetterkitError | None:
        slot.job, slot.deadline = job, time.monotonic() + self.limits.wall_seconds
        try:
            slot.connection.send(job)
        except OSError:  # the worker died before it took the letter
            return self._replace(slot, None)
        return None

    def _replace(self, slot: _Slot, error: LetterkitError | None) -> LetterkitError:
        """Stop a worker that died or ran out of time; the error of the letter it held."""
        self._renew(slot)
        assert slot.job is not None
        return error or died(slot.job.label, slot.process.exitcode, self.limits)

    def _renew(self, slot: _Slot) -> None:
        self._stop(slot)
        self.slots[self.slots.index(slot)] = self._start()

    def make(self, jobs: Iterable[worker.Job]) -> Iterator[worker.Made]:
        """Make every letter, yielding each as it is done (in no fixed order)."""
        queue = iter(jobs)
        busy: list[_Slot] = []
        while True:
            while len(busy) < self.count:
                job = next(queue, None)
                if job is None:
                    break
                slot = self._free(busy)
                busy.append(slot)
                error = self._give(slot, job)
                if error is not None:
                    busy.remove(slot)
                    yield worker.Made(job.index, {}, error)
            if not busy:
                return
            for slot, made in self._wait(busy):
                busy.remove(slot)
                yield made

    def _free(self, busy: list[_Slot]) -> _Slot:
        """A worker free for a letter, started when it is first needed."""
        for slot in self.slots:
            if slot not in busy:
                return slot
        self.slots.append(self._start())
        return self.slots[-1]

    def _wait(self, busy: list[_Slot]) -> Iterator[tuple[_Slot, worker.Made]]:
        """The letters done (or failed) next: results, dead workers, and workers out of time."""
        timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
        ready = set(
            wait([s.connection for s in busy] + [s.process.sentinel for s in busy], timeout)
        )
        for slot in list(busy):
            assert slot.job is not None
            if slot.connection in ready or slot.connection.poll():
                try:
                    made: worker.Made = slot.connection.recv()
                except EOFError:
                    pass  # died before it answered
                else:
                    for level, message in made.logs:
                        log.log(level, "%s", message)
                    if made.last:
                        self._renew(slot)
                    yield slot, made
                    continue
            if slot.connection in ready or slot.process.sentinel in ready:
                slot.process.join()
                yield slot, worker.Made(slot.job.index, {}, self._replace(slot, None))
            elif time.monotonic() >= slot.deadline:
                error = out_of_time(slot.job.label, self.limits)
                yield slot, worker.Made(slot.job.index, {}, self._replace(slot, error))
