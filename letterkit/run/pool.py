"""Worker processes that make letters, one letter per worker at a time, each under its budget.

Every letter is made in a worker, even a run's only letter: only a separate
process can be stopped in the middle of a C call (a huge integer division,
WeasyPrint's layout) and bounded in memory without the run's own process
(run/budget.py). A worker makes the letters it is given one at a time, in
order, and answers each before it starts the next, so the parent always knows
which letter a worker was making when it died, was killed by its time limit
or by the system's out-of-memory killer: the first letter it has not answered.
That letter is reported as failed, the worker replaced, the letters queued
behind it given to another, and the run goes on.

The parent keeps a few letters queued in each worker's pipe (PIPELINE_LETTERS),
so a worker never waits while the parent plans the next letter or writes the
last ones: with one letter at a time, a text batch spent each letter's parent
work and its worker's one after the other (1.0 + 1.6 ms of CPU, 2.8 ms a letter).

How workers start (a one-letter PDF, median of five interleaved runs on a
busy two-core machine: made in this process as before, 3.00 s and 1.04 s of
CPU; in a forked worker, 2.96 s and 1.12 s of CPU; in a worker from a fork
server, 3.56 s; a text letter: 0.39 s of CPU before, 0.44 s forked):

- a run with one worker forks it as the command starts (run/ahead.py,
  forked_ahead), before this process has loaded the spec loader: the worker
  loads the composition and the renderers on the other core while this
  process plans. One that replaces it is forked from this process once it
  has loaded them (_context), so it starts warm. Only while this process
  runs no other thread (no progress bar): forking a process with threads
  can deadlock the child;
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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import util
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import msgspec

from letterkit import collector
from letterkit.compose import ComposeOptions, TemplateSets
from letterkit.errors import Interrupted, LetterkitError
from letterkit.render import REGISTRY
from letterkit.run import inherit, worker
from letterkit.run.budget import Limits, died, out_of_time

log = logging.getLogger("letterkit")

COMPOSITION = "letterkit.compose.letter"
"""What a worker composes with: loaded before forking a worker warm, never to plan."""


def _single_threaded() -> bool:
    tasks = Path("/proc/self/task")
    if tasks.is_dir():  # native threads too, not only Python's
        return len(list(tasks.iterdir())) == 1
    return threading.active_count() == 1


def _context(formats: Iterable[str], may_fork: bool, ahead: bool = False) -> Any:
    methods = multiprocessing.get_all_start_methods()
    # The composition (Jinja, Babel), which planning does not load, and the renderers.
    modules = [COMPOSITION, *(REGISTRY[f] for f in sorted(set(formats)))]
    if may_fork and ahead:  # forked already; one that replaces it imports its own renderers
        return multiprocessing.get_context("fork")
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


_AHEAD: list[tuple[tuple[ComposeOptions, Limits], _Slot]] = []
"""Workers forked before their run was planned, by what they were forked to make."""


@contextmanager
def forked_ahead(
    shared: ComposeOptions, limits: Limits, formats: Iterable[str], asked: bool = True
) -> Iterator[None]:
    """A worker forked before the run is planned, warming up on another core meanwhile.

    A one-letter run used to fork its worker once planned, and the worker then
    spent its first-use costs (Babel's common data, the renderers' modules)
    while the parent waited. Forked first, it spends them while the parent
    reads the spec and plans (a cold text render: 10 ms sooner on two cores);
    the run's first forked worker (Workers) is this one. One not taken (every
    letter current, or a run with several workers) is stopped when the block ends.
    A render or a check forks it as the command starts (run/ahead.py); the
    same block inside the run then forks no second one.
    ``asked``: the formats were asked for, not the defaults (worker.warm_up).
    """
    key = (shared, limits)
    forked = any(k == key and slot.process.is_alive() for k, slot in _AHEAD)
    if forked or not ("fork" in multiprocessing.get_all_start_methods() and _single_threaded()):
        yield  # forked already, as the command started (run/ahead.py), or not to be forked
        return
    kinds = tuple(sorted(set(formats)))
    slot, child = _spare_taken((shared, limits, kinds, asked)), None
    if slot is None:
        fork = multiprocessing.get_context("fork")
        slot, child = _slot(fork, worker.serve_ahead, shared, limits, kinds, asked)
    try:
        _AHEAD.append((key, slot))
        if child is not None:
            slot.process.start()  # a signal from here on still finds it to stop
            child.close()
        yield
    finally:
        if (key, slot) in _AHEAD:
            _AHEAD.remove((key, slot))
            _halt(slot)


_SPARE: list[_Slot] = []
"""A worker forked and warmed before any run asked for one (spare_worker)."""


def spare_worker(warm: Callable[[], object]) -> None:
    """Fork a worker now, to warm up with ``warm`` and serve the next run forked ahead.

    For the background worker, which forks the processes of its next command
    before the command comes: the worker the command would fork at its start
    (forked_ahead) is there already, its first letter's costs paid.
    """
    slot, child = _slot(multiprocessing.get_context("fork"), worker.serve_spare, warm)
    slot.process.start()
    child.close()
    try:
        warmed = slot.connection.recv() == "warm"  # else a command would wait for its warm-up
    except (EOFError, OSError):
        warmed = False
    if warmed:
        _SPARE.append(slot)
    else:
        _halt(slot)


def _spare_taken(run: tuple[ComposeOptions, Limits, tuple[str, ...], bool]) -> _Slot | None:
    """The spare worker, given this run and this process's state; None if there is none."""
    if not _SPARE or not inherit.streams_open():
        return None
    slot = _SPARE.pop()
    try:
        slot.connection.send(run)
        inherit.hand_over(slot.connection, slot.process.pid)
        if slot.connection.recv() is True:
            return slot
    except (EOFError, OSError):
        pass  # it died: fork one as usual
    _halt(slot)
    return None


def _slot(context: Any, target: Any, *args: Any) -> tuple[_Slot, Connection]:
    """A worker process made (not started) to run ``target``, and its end of the pipe."""
    parent, child = context.Pipe()
    # A forked worker would inherit this end too (and every sibling's), and then never
    # see its pipe end when this process is gone: each is closed in forked children.
    util.register_after_fork(parent, Connection.close)
    process = context.Process(
        target=target, args=(child, *args), daemon=True, name="letterkit-worker"
    )
    return _Slot(process, parent), child


def _taken_ahead(shared: ComposeOptions, limits: Limits) -> _Slot | None:
    """The worker forked ahead for this run, if it is still there to take."""
    for key, slot in list(_AHEAD):
        if key == (shared, limits):
            _AHEAD.remove((key, slot))
            if slot.process.is_alive():
                return slot
            _halt(slot)
    return None


LET_GO_SECONDS = 2.0
"""How long a worker let go (its pipe closed) has to end by itself before it is killed."""


def _halt(slot: _Slot, grace: float = 0.0) -> None:
    """Stop a worker: at once, or once it has ended by itself within ``grace`` seconds.

    A worker that ends by itself first removes what it kept on disk (worker.serve).
    """
    slot.connection.close()
    if slot.process.pid is None:  # never started
        return
    if grace:
        slot.process.join(grace)
    if slot.process.is_alive():
        slot.process.kill()
    slot.process.join()


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


PIPELINE_LETTERS = 16
"""Letters queued for a worker at most: enough to keep it busy through a group's writing."""
PIPELINE_BYTES = 64 * 1024
"""What the letters queued in a worker's pipe may add up to, pickled (each counted with
MESSAGE_BYTES more for the kernel's bookkeeping). Well under a pipe's buffer (some 200 KiB
on Linux), so sending a letter never blocks: a worker blocked on answering a large PDF while
the parent blocked on sending it one more would wait for each other. A letter larger than
this is sent alone, to a worker with nothing queued, which is waiting to read it."""
MESSAGE_BYTES = 1024


class _Slot(msgspec.Struct, eq=False):
    """One worker process and the letters given to it and not yet answered, in order."""

    process: Any
    connection: Connection
    queued: deque[tuple[worker.Job, int]] = msgspec.field(default_factory=deque)
    """Each letter given and its pickled size; the first is the one being made."""
    deadline: float = 0.0
    """When the first letter must be done by, on the clock."""

    @property
    def job(self) -> worker.Job:
        """The letter the worker is making."""
        return self.queued[0][0]

    def takes(self, size: int) -> bool:
        """Whether a letter of this pickled size may be queued now."""
        if not self.queued:
            return True
        held = sum(n for _, n in self.queued) + MESSAGE_BYTES * len(self.queued)
        return len(self.queued) < PIPELINE_LETTERS and held + size + MESSAGE_BYTES <= PIPELINE_BYTES


class _Jobs:
    """The letters to make, with those taken back from a worker that died first in line."""

    def __init__(self, jobs: Iterable[worker.Job]) -> None:
        self.jobs = iter(jobs)
        self.back: deque[tuple[worker.Job, bytes | None]] = deque()
        self.given_all = False

    def next(self) -> tuple[worker.Job, bytes | None] | None:
        """The next letter (and its pickle, if it was made already); None when all are given."""
        if self.back:
            return self.back.popleft()
        job = next(self.jobs, None)
        self.given_all = job is None
        return None if job is None else (job, None)

    @property
    def done(self) -> bool:
        """Whether every letter has been given to a worker (and none taken back since)."""
        return self.given_all and not self.back

    def put_back(self, jobs: Iterable[worker.Job]) -> None:
        """Letters a worker was given but did not make: they go first, in their order."""
        self.back.extendleft((job, None) for job in reversed(list(jobs)))


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
        self.ahead = _taken_ahead(shared, limits) if may_fork and count == 1 else None
        self.context = _context(formats, may_fork and count == 1, self.ahead is not None)
        # A forked worker inherits the planner's compiled templates; others compile their own.
        self.templates = templates if self.context.get_start_method() == "fork" else None
        self.slots: list[_Slot] = []
        self.jobs = _Jobs(())
        self._handlers: dict[int, Any] = {}
        self.let_go = False
        """The last letter is in: the workers were told to end (_let_go)."""

    def __enter__(self) -> Workers:
        self._trap_signals()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for number in self._handlers:  # a second signal must not cut the stopping short
            signal.signal(number, signal.SIG_IGN)
        for slot in self.slots:
            _halt(slot, LET_GO_SECONDS if self.let_go else 0.0)
        self.slots.clear()
        if self.ahead is not None:  # taken, but no letter came to it
            self._stop(self.ahead)
            self.ahead = None
        for number, handler in self._handlers.items():
            signal.signal(number, handler)

    def _trap_signals(self) -> None:
        """Turn SIGTERM and Ctrl-C into an exception, so the workers are stopped on the way out."""
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set handlers (a library caller's thread)
        for number in (signal.SIGTERM, signal.SIGINT):
            self._handlers[number] = signal.signal(number, _stop)

    def _start(self) -> _Slot:
        if self.ahead is not None:
            slot, self.ahead = self.ahead, None
            return slot
        slot, child = _slot(self.context, worker.serve, self.shared, self.limits, self.templates)
        slot.process.start()
        child.close()
        return slot

    def _stop(self, slot: _Slot) -> None:
        _halt(slot)

    def _give(self, slot: _Slot, job: worker.Job, data: bytes) -> worker.Made | None:
        """Queue a letter for a worker; if it had died, the failure of the letter it was making."""
        if not slot.queued:
            slot.deadline = time.monotonic() + self.limits.wall_seconds
        slot.queued.append((job, len(data)))
        try:
            slot.connection.send_bytes(data)
        except OSError:  # the worker died before it took the letter
            making = slot.job
            return worker.Made(making.index, {}, self._replace(slot, None))
        return None

    def _replace(self, slot: _Slot, error: LetterkitError | None) -> LetterkitError:
        """Stop a worker that died or ran out of time; the error of the letter it was making.

        The letters queued behind it go back to the queue, for the next worker free.
        """
        job = slot.job
        later = [queued for queued, _ in list(slot.queued)[1:]]
        self._renew(slot)
        self.jobs.put_back(later)
        return error or died(job.label, slot.process.exitcode, self.limits)

    def _renew(self, slot: _Slot) -> None:
        self._stop(slot)
        slot.queued.clear()
        self.slots[self.slots.index(slot)] = self._start()

    def make(self, jobs: Iterable[worker.Job]) -> Iterator[worker.Made]:
        """Make every letter, yielding each as it is done (in no fixed order)."""
        collector.release()  # what the run loaded is loaded: the workers fork from here
        self.jobs = _Jobs(jobs)
        while True:
            yield from self._fill()
            busy = [slot for slot in self.slots if slot.queued]
            if not busy:
                return
            for made in self._wait(busy):
                if self.jobs.done and not any(slot.queued for slot in self.slots):
                    self._let_go()
                yield made

    def _let_go(self) -> None:
        """The last letter is in: the workers end now, reaped when the pool closes.

        A worker's exit takes its memory down, some 10 ms for a PDF worker's:
        started now, it passes while the last letter and the records are written.
        Its pipe is closed, not the worker killed: it ends by itself, once it has
        removed its copies of the letters' fonts (render.release).
        """
        self.let_go = True
        for slot in self.slots:
            slot.connection.close()

    def _fill(self) -> Iterator[worker.Made]:
        """Queue letters for the workers, the least busy first, as far as each takes them."""
        while True:
            slot = self._least_busy()
            if slot.queued and len(slot.queued) >= PIPELINE_LETTERS:
                return
            taken = self.jobs.next()
            if taken is None:
                return
            job, data = taken
            data = data if data is not None else bytes(ForkingPickler.dumps(job))
            if not slot.takes(len(data)):
                self.jobs.back.appendleft((job, data))
                return
            failed = self._give(slot, job, data)
            if failed is not None:
                yield failed

    def _least_busy(self) -> _Slot:
        """The worker with the fewest letters queued; one more started while there are fewer."""
        idle = [slot for slot in self.slots if not slot.queued]
        if not idle and len(self.slots) < self.count:
            self.slots.append(self._start())
            return self.slots[-1]
        return min(self.slots, key=lambda slot: len(slot.queued))

    def _wait(self, busy: list[_Slot]) -> Iterator[worker.Made]:
        """The letters done (or failed) next: results, dead workers, and workers out of time."""
        timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
        ready = set(
            wait([s.connection for s in busy] + [s.process.sentinel for s in busy], timeout)
        )
        for slot in busy:
            answered = False
            while slot.queued and (slot.connection in ready or slot.connection.poll()):
                made = self._answer(slot)
                if made is None:
                    break  # died before it answered
                answered = True
                yield made
                ready.discard(slot.connection)
            if answered or not slot.queued:
                continue
            if slot.connection in ready or slot.process.sentinel in ready:
                slot.process.join()
                yield worker.Made(slot.job.index, {}, self._replace(slot, None))
            elif time.monotonic() >= slot.deadline:
                error = out_of_time(slot.job.label, self.limits)
                yield worker.Made(slot.job.index, {}, self._replace(slot, error))

    def _answer(self, slot: _Slot) -> worker.Made | None:
        """The worker's answer for its first letter, or None if it died before it gave one."""
        try:
            made: worker.Made = slot.connection.recv()
        except (EOFError, OSError):  # reset, when it died with letters unread in its pipe
            return None
        for level, message in made.logs:
            log.log(level, "%s", message)
        slot.queued.popleft()
        slot.deadline = time.monotonic() + self.limits.wall_seconds  # the next letter's
        if made.last:  # it ends after this letter (out of memory): the rest go to another
            later = [job for job, _ in slot.queued]
            self._renew(slot)
            self.jobs.put_back(later)
        return made
