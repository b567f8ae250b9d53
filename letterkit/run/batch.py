"""A render run: plan every letter, skip the unchanged ones, make the rest, write them.

Every letter is checked first, then planned as it is made (plan.py).
Letters whose outputs are current (same inputs fingerprint, files as
letterkit wrote them) are skipped; the others are made in worker processes,
each letter under its budget of time and memory (run/pool.py). The parent
process alone writes files and updates the manifests, so a letter that
fails leaves the others unharmed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from letterkit.compose.templates import TemplateSets
from letterkit.defaults import DEFAULT_FORMATS, STDOUT, TEXT_FORMATS
from letterkit.errors import LetterkitError, OutputError, Problem, UsageError
from letterkit.output import probe_folder, write_stdout
from letterkit.run import ahead, pool, progress, unchanged
from letterkit.run.discover import expand
from letterkit.run.manifest import digest
from letterkit.run.options import Options
from letterkit.run.plan import Planned, Planner, plan, survey
from letterkit.run.prune import prune
from letterkit.run.report import Record, failed
from letterkit.run.result import Result
from letterkit.run.worker import Job, Made
from letterkit.run.writer import Letter as WriterLetter
from letterkit.run.writer import Writer

log = logging.getLogger("letterkit")


FLUSH_LETTERS = 256
FLUSH_SECONDS = 1.0
"""Made letters are written in groups, so each folder's manifest is saved once per group
(twice: before and after) rather than per letter; a group waits at most this long."""


def _record(
    planned: Planned, status: str, outputs: tuple[tuple[str, str | None], ...] = ()
) -> Record:
    job = planned.job
    return Record(str(job.source), job.spec.addressee.name, status, outputs)


def _failed(planned: Planned, error: LetterkitError) -> Record:
    return failed(error, planned.job.source, planned.job.spec.addressee.name)


class Outputs:
    """Decides which letters to make, writes them through the Writer in groups, and counts."""

    def __init__(self, result: Result, force: bool, each_file: bool) -> None:
        self.by_index: dict[int, Planned] = {}
        """The letters handed to workers and not yet written: a mailing holds no more."""
        self.result = result
        self.force = force
        self.writer = Writer(force=force)
        self.each_file = each_file
        """Log a line per file (not while a progress bar shows)."""
        self.group: list[tuple[Planned, Made]] = []
        self.said: set[tuple[Problem, ...]] = set()
        self.since = time.monotonic()
        self.folders: dict[Path, bool] = {}
        """Whether each output folder takes files: probed once, before its first letter."""

    def pending(self, planned: Iterable[Planned], skipped: Callable[[int], None]) -> Iterator[Job]:
        """The letters to make: all with --force, else those with a format not current.

        Each letter skipped (current, or its folder refused) is told to ``skipped``.
        """
        for one in planned:
            job = self._stale(one)
            if job is not None and self._writable(one, job):
                self.by_index[job.index] = one
                yield job
            else:
                skipped(1)

    def _stale(self, planned: Planned) -> Job | None:
        """The letter, in only its formats that are not current; None when all are."""
        found = {
            target: None if self.force else self.writer.current(target, planned.inputs)
            for target in planned.targets.values()
        }
        # A key names its format ("txt", or "txt.fr" for a text twin in French).
        formats = tuple(
            dict.fromkeys(
                key.split(".", maxsplit=1)[0]
                for key, target in planned.targets.items()
                if found[target] is None
            )
        )
        if formats:
            return replace(planned.job, formats=formats)
        self.result.skipped += 1
        outputs = tuple((str(t), sha) for t, sha in found.items())
        self.result.spilled.append(_record(planned, "current", outputs))
        if self.each_file:
            log.info("%s is current; skipped", planned.job.label)
        return None

    def _writable(self, planned: Planned, job: Job) -> bool:
        """Whether a letter's folders take files: each other folder fails once, unrendered."""
        folders = sorted({planned.targets[fmt].parent for fmt in job.formats})
        for folder in folders:
            if folder not in self.folders:
                try:
                    probe_folder(folder)
                except OutputError as exc:
                    self.result.failures.append(exc)
                    self.folders[folder] = False
                else:
                    self.folders[folder] = True
        return all(self.folders[folder] for folder in folders)

    def add(self, made: Made) -> int:
        """Take one made letter; the number of letters finished (written or failed) by now."""
        if made.error is not None:
            self.result.failures.append(made.error)
            self.result.spilled.append(_failed(self.by_index.pop(made.index), made.error))
            return 1
        # Let go of each letter's plan once it is made: a mailing holds no more than a group.
        self.group.append((self.by_index.pop(made.index), made))
        full = len(self.group) >= FLUSH_LETTERS
        return self.flush() if full or time.monotonic() - self.since >= FLUSH_SECONDS else 0

    def _say_once(self, errors: Sequence[LetterkitError]) -> None:
        """Add errors not said before: a manifest that cannot be saved fails every group alike."""
        for error in errors:
            if error.problems not in self.said:
                self.said.add(error.problems)
                self.result.failures.append(error)

    def flush(self, last: bool = False) -> int:
        """Write the letters taken so far; how many there were.

        After the ``last`` group the records are compacted, before its files are
        listed: what the record has to say (it was unreadable) comes first.
        """
        letters = [
            WriterLetter(
                {planned.targets[fmt]: data for fmt, data in made.outputs.items()},
                planned.job.label,
                planned.inputs,
                made.loaded,
                planned.job.source,
            )
            for planned, made in self.group
        ]
        outcomes = self.writer.write_many(letters)
        if last:
            self.writer.finish()
        for (planned, made), outcome in zip(self.group, outcomes, strict=True):
            if isinstance(outcome, LetterkitError):
                self.result.failures.append(outcome)
                self.result.spilled.append(_failed(planned, outcome))
                continue
            if outcome is None:  # its folder failed; said once, below
                continue
            self.result.letters += 1
            digests = {planned.targets[fmt]: digest(data) for fmt, data in made.outputs.items()}
            written = tuple((str(target), digests.get(target)) for target in outcome)
            self.result.spilled.append(_record(planned, "written", written))
            if self.each_file:
                for target in outcome:
                    log.info("wrote %s", target)
        self._say_once(self.writer.errors)
        self.writer.errors.clear()
        done, self.group, self.since = len(self.group), [], time.monotonic()
        return done


PDF_LETTERS_PER_WORKER = 8
TEXT_LETTERS_PER_WORKER = 1000
"""A worker takes about half a second to start (WeasyPrint's import, the fonts): worth it for
eight PDF letters (some 100 ms each), but only for a thousand text letters (about 1.3 ms each,
of which a second worker saves a fifth)."""
PARENT_COST = 0.8
TEXT_COST = 1.3
PDF_COST = 100.0
"""CPU per letter in ms, in the parent (planning, sending, receiving, writing and recording
it) and in a worker. The parent queues letters ahead for its workers (run/pool.py), so its
work and theirs overlap: a text batch of 10,000 letters on two cores took 0.8 ms of the
parent's CPU and 1.3-1.5 ms of its workers' per letter, which one worker makes the run's
pace and two share."""
GAIN = 0.1
"""A worker more must make the run at least this much faster: each one competes for the CPU."""


def _workers(options: Options, pdfs: int, texts: int) -> int:
    """How many worker processes to start: as asked, or by default as many as pay off."""
    if options.jobs is not None:
        return max(1, min(options.jobs, pdfs + texts))
    worth = pdfs // PDF_LETTERS_PER_WORKER + texts // TEXT_LETTERS_PER_WORKER
    work = pdfs * PDF_COST + texts * TEXT_COST
    return max(1, min(worth, _fastest((pdfs + texts) * PARENT_COST, work, os.cpu_count() or 1)))


def _fastest(parent: float, work: float, cores: int) -> int:
    """The fewest workers that make the run fastest, the parent's own work counted.

    With N workers a run lasts at least the parent's work, the workers' share
    of theirs, and all of it spread over the cores; where the parent is the
    slowest, another worker only takes CPU from it.
    """

    def lasts(workers: int) -> float:
        return max(parent, work / workers, (parent + work) / cores)

    best = 1
    for workers in range(2, cores + 1):
        if lasts(workers) < lasts(best) * (1 - GAIN):
            best = workers
    return best


def _workers_for(
    planner: Planner, options: Options, jobs: Sequence[Job], may_fork: bool = True
) -> pool.Workers:
    """The worker processes that make these letters (started as the letters need them)."""
    pdfs = sum("pdf" in job.formats for job in jobs)
    formats = {fmt for job in jobs for fmt in job.formats}
    return _pool(planner, options, (pdfs, len(jobs) - pdfs, formats), may_fork)


def _pool(
    planner: Planner, options: Options, mix: tuple[int, int, set[str]], may_fork: bool = True
) -> pool.Workers:
    """The workers for so many PDF and other letters in these formats."""
    pdfs, texts, formats = mix
    return pool.Workers(
        planner.compose,
        options.limits(),
        _workers(options, pdfs, texts),
        formats,
        planner.settings.template_sets,
        may_fork,
    )


def _to_stdout(planner: Planner, planned: Sequence[Planned], result: Result) -> Result:
    if not planned and result.failures:  # the spec's own errors say it best
        return result
    if len(planned) != 1:
        raise UsageError(f"-o - writes one letter; these specs make {len(planned)}")
    jobs = [planned[0].job]
    with _workers_for(planner, planner.options, jobs) as workers:
        made = next(workers.make(jobs))
    if made.error is not None:
        result.failures.append(made.error)
    else:
        # A letter in several languages prints its text twins one after the other.
        write_stdout(b"\n".join(made.outputs.values()))
        result.letters = 1
    return result


def made_in_memory(
    specs: Sequence[Path],
    options: Options,
    failures: list[LetterkitError],
    text_only: bool = False,
    planner: Planner | None = None,
) -> Generator[tuple[Planned, Made], None, None]:
    """Every letter of the run made in memory (writing nothing); failures go to ``failures``.

    ``planner``: one made already, which keeps the plan (run/check.py reads it).
    """
    planner, planned, failed = plan(specs, options, options.compose_options(), planner=planner)
    failures += failed
    by_index = {p.job.index: p for p in planned}
    jobs = [replace(p.job, formats=TEXT_FORMATS) if text_only else p.job for p in planned]
    with _workers_for(planner, options, jobs) as workers:
        for made in workers.make(jobs):
            if made.error is None:
                yield by_index[made.index], made
            else:
                failures.append(made.error)


def run(specs: Sequence[Path], options: Options, templates: TemplateSets | None = None) -> Result:
    """Plan, skip, make and write every letter of the run (``templates``: sets to reuse)."""
    specs = expand(specs)
    options = options.to_output_file()
    if options.dry_run:
        options.validate(specs)
        from letterkit.run.dryrun import dry_run  # noqa: PLC0415 -- a cycle: it plans too

        return dry_run(specs, options)
    with pool.interruptible():
        return run_planned(specs, options, templates, reuse=True)[0]


def run_planned(
    specs: Sequence[Path],
    options: Options,
    templates: TemplateSets | None = None,
    reuse: bool = False,
) -> tuple[Result, Planner, list[Planned]]:
    """Plan, skip, make and write every letter; the result, and the plan (for letterkit send).

    With ``reuse``, a run whose kept plan is all current is done without planning
    (run/unchanged.py), and returns no plan.
    """
    options.validate(specs)
    started = time.perf_counter()
    planner = Planner(options, options.compose_options(), templates)
    key, done = None, None
    if reuse:
        shows_bar = options.progress and progress.available()
        key, done = unchanged.skipped(planner, expand(specs), each_file=not shows_bar)
    if done is not None:
        done.seconds = time.perf_counter() - started
        return done, planner, []
    with _ahead(planner, options, templates):
        return _planned_run(specs, options, templates, planner, key, reuse, started)


def _ahead(
    planner: Planner, options: Options, templates: TemplateSets | None
) -> AbstractContextManager[None]:
    """The run's one worker, forked before it is planned (run/ahead.py), if it has none yet.

    A render has forked it as the command started; ``letterkit send`` forks it
    here. None when templates are kept (watch): its workers, forked after
    planning, share this process's template sets.
    """
    if templates is not None:
        return nullcontext()
    return ahead.forked(options, options.formats or DEFAULT_FORMATS, bool(options.formats))


def _planned_run(  # noqa: PLR0917 -- run_planned's own state, handed on
    specs: Sequence[Path],
    options: Options,
    templates: TemplateSets | None,
    planner: Planner,
    key: Any,
    reuse: bool,
    started: float,
) -> tuple[Result, Planner, list[Planned]]:
    run = survey(specs, options, options.compose_options(), templates, planner)
    result = Result(planned=run.count, failures=run.failures)
    if options.output == STDOUT:
        planned = list(run.letters())
        return _to_stdout(planner, planned, result), planner, planned
    # Without ``reuse`` the caller needs the plan after the run (letterkit send): kept whole.
    planned = [] if reuse else list(run.letters())
    letters = run.letters() if reuse else iter(planned)
    # A batch on a terminal shows a bar instead of a line per file.
    bar = options.progress and run.count > 1 and progress.available()
    outputs = Outputs(result, options.force, each_file=not bar)
    targets: list[Path] = []
    kept = unchanged.Kept() if key else None
    with (
        _pool(planner, options, run.mix(), may_fork=not bar) as workers,
        progress.bar(run.count, bar) as advance,
    ):
        seen = _seen(letters, targets if options.prune else None, kept)
        for letter in workers.make(outputs.pending(seen, advance)):
            advance(outputs.add(letter))
        advance(outputs.flush(last=True))
    if options.prune and not result.failures:
        prune({t.parent for t in targets}, targets, specs)
    unchanged.keep(key, expand(specs), kept, result, planner)
    result.seconds = time.perf_counter() - started
    return result, planner, planned


def _seen(
    letters: Iterable[Planned], targets: list[Path] | None, kept: unchanged.Kept | None
) -> Iterator[Planned]:
    """The letters as they go by, their files noted for pruning and the plan for the next run."""
    for one in letters:
        if targets is not None:
            targets += one.targets.values()
        if kept is not None:
            kept.add(one)
        yield one
