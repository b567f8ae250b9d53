"""A render run: plan every letter, skip the unchanged ones, make the rest, write them.

A run is planned whole before anything is written: every spec is loaded,
a mail merge is split into one letter per recipient, and each letter gets
its output names. Two recipients that would share a file fail their spec
there, before any of its letters is written.
Letters whose outputs are current (same inputs fingerprint, files as
letterkit wrote them) are skipped; the others are made in this process or
in worker processes. The parent process alone writes files and updates the
manifests, so a letter that fails leaves the others unharmed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit import naming, progress
from letterkit.compose import ComposeOptions, TemplateSet
from letterkit.defaults import STDOUT, TEXT_FORMATS
from letterkit.errors import LetterkitError, UsageError
from letterkit.fingerprint import Fingerprints
from letterkit.merge import Entry, from_spec, load_data, personalise
from letterkit.output import output_name, write_stdout
from letterkit.render import extension
from letterkit.spec import load_spec
from letterkit.spec.model import Spec
from letterkit.worker import Job, Made, Settings, in_process
from letterkit.writer import Letter as WriterLetter
from letterkit.writer import Writer

if TYPE_CHECKING:
    from letterkit.api import Options

log = logging.getLogger("letterkit")


@dataclass(frozen=True)
class Planned:
    """One letter of the run, with its files and the fingerprint of its inputs."""

    job: Job
    targets: dict[str, Path]
    inputs: str


@dataclass
class Result:
    """What a run did."""

    written: list[Path] = field(default_factory=list)
    letters: int = 0
    """Letters made and written."""
    skipped: int = 0
    """Letters whose outputs were current."""
    planned: int = 0
    failures: list[LetterkitError] = field(default_factory=list)
    seconds: float = 0.0


def _values(stem: str, number: str, spec: Spec) -> dict[str, str]:
    """What an output_name pattern may use for one letter."""
    party = spec.addressee
    values = {"stem": stem, "n": number}
    for key, value in party.model_dump().items():
        if value is None or isinstance(value, str):
            values[f"recipient.{key}"] = value or ""
    values["recipient.short_name"] = party.short_name or party.name
    values.update({f"vars.{k}": str(v) for k, v in spec.vars.items() if isinstance(v, str)})
    return values


def _letters(
    spec: Spec, spec_path: Path, entries: Sequence[Entry]
) -> Iterator[tuple[Spec, str, str]]:
    """Each letter of a spec: its own spec, how messages name it, its file name."""
    stem, label = spec_path.stem, str(spec_path)
    if not entries:
        # A single letter keeps its spec's name unless the spec asks otherwise.
        pattern = spec.output_name
        values = _values(stem, "1", spec)
        name = stem if pattern is None else naming.output_name(pattern, values, spec_path, label)
        yield spec, label, name
        return
    pattern = spec.output_name or naming.DEFAULT_MERGE_PATTERN
    for entry, number in zip(entries, naming.numbered(len(entries)), strict=True):
        one = personalise(spec, entry.recipient)
        label = f"{entry.where} ({one.addressee.short_name or one.addressee.name})"
        yield one, label, naming.output_name(pattern, _values(stem, number, one), spec_path, label)


def settings(options: Options) -> Settings:
    """What every letter of the run shares, from the run's options."""
    compose = ComposeOptions(
        today=options.today,
        text_width=options.text_width,
        created=options.created,
        pdf_variant=options.pdf_variant,
        time_limit=options.time_limit,
        allow_remote=options.allow_remote,
    )
    return Settings(options.templates, compose)


class Planner:
    """Turns spec files into planned letters."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.data = None if options.data is None else load_data(options.data)
        folders = TemplateSet(options.templates).folders
        self.fingerprints = Fingerprints(folders, settings(options).compose)
        self.planned: list[Planned] = []

    def add(self, spec_path: Path) -> None:
        """Plan the letters of one spec; raise its errors before planning any of them."""
        options, today = self.options, self.options.today
        spec = load_spec(spec_path, options.data)
        output = options.output
        folder = spec_path.parent if output is None or output == STDOUT else Path(output)
        entries = self.data if self.data is not None else from_spec(spec, spec_path)
        planned: list[Planned] = []
        for one, label, name in _letters(spec, spec_path, entries):
            job = Job(len(self.planned) + len(planned), one, spec_path, label, options.formats)
            targets = {
                fmt: folder / output_name(name, extension(fmt), label) for fmt in options.formats
            }
            planned.append(Planned(job, targets, self.fingerprints.inputs(one, spec_path, today)))
        # Two recipients sharing a file name is the spec's mistake, refused before any
        # letter is written; letters of different specs are kept apart by the Writer.
        naming.check_unique((t, p.job.label) for p in planned for t in p.targets.values())
        self.planned += planned


def plan(specs: Sequence[Path], options: Options) -> tuple[list[Planned], list[LetterkitError]]:
    """Every letter of the run, or the errors of the specs that could not be planned."""
    planner = Planner(options)
    failures: list[LetterkitError] = []
    for spec_path in specs:
        try:
            planner.add(spec_path)
        except LetterkitError as exc:
            failures.append(exc)
    planned = planner.planned
    if options.shard is not None:
        k, n = options.shard
        planned = planned[len(planned) * (k - 1) // n : len(planned) * k // n]
    return planned, failures


FLUSH_LETTERS = 256
FLUSH_SECONDS = 1.0
"""Made letters are written in groups, so each folder's manifest is saved once per group
(twice: before and after) rather than per letter; a group waits at most this long."""


class Outputs:
    """Decides which letters to make, writes them through the Writer in groups, and counts."""

    def __init__(
        self, planned: Sequence[Planned], result: Result, force: bool, each_file: bool
    ) -> None:
        self.by_index = {p.job.index: p for p in planned}
        self.result = result
        self.force = force
        self.writer = Writer(force=force)
        self.each_file = each_file
        """Log a line per file (not while a progress bar shows)."""
        self.group: list[tuple[Planned, Made]] = []
        self.since = time.monotonic()

    def pending(self) -> Iterator[Job]:
        """The letters to make: all with --force, else those with a format not current."""
        for planned in self.by_index.values():
            formats = tuple(
                fmt
                for fmt, target in planned.targets.items()
                if self.force or not self.writer.current(target, planned.inputs)
            )
            if formats:
                yield replace(planned.job, formats=formats)
            else:
                self.result.skipped += 1
                if self.each_file:
                    log.info("%s is current; skipped", planned.job.label)

    def add(self, made: Made) -> int:
        """Take one made letter; the number of letters finished (written or failed) by now."""
        if made.error is not None:
            self.result.failures.append(made.error)
            return 1
        self.group.append((self.by_index[made.index], made))
        full = len(self.group) >= FLUSH_LETTERS
        return self.flush() if full or time.monotonic() - self.since >= FLUSH_SECONDS else 0

    def flush(self) -> int:
        """Write the letters taken so far; how many there were."""
        letters = [
            WriterLetter(
                {planned.targets[fmt]: data for fmt, data in made.outputs.items()},
                planned.job.label,
                planned.inputs,
            )
            for planned, made in self.group
        ]
        for outcome in self.writer.write_many(letters):
            if isinstance(outcome, LetterkitError):
                self.result.failures.append(outcome)
                continue
            self.result.written += outcome
            self.result.letters += 1
            if self.each_file:
                for target in outcome:
                    log.info("wrote %s", target)
        done, self.group, self.since = len(self.group), [], time.monotonic()
        return done


PDF_LETTERS_PER_WORKER = 8
TEXT_LETTERS_PER_WORKER = 400
"""A worker takes about half a second to start (WeasyPrint's import, the fonts): worth it for
eight PDF letters (some 50 ms each), but only for hundreds of text letters (about 1 ms each)."""


def _workers(options: Options, count: int) -> int:
    """How many worker processes to start: as asked, or by default as many as pay off."""
    if options.jobs is not None:
        return max(1, min(options.jobs, count))
    per_worker = PDF_LETTERS_PER_WORKER if "pdf" in options.formats else TEXT_LETTERS_PER_WORKER
    return max(1, min(os.cpu_count() or 1, count // per_worker))


def _to_stdout(planned: Sequence[Planned], settings: Settings, result: Result) -> Result:
    if len(planned) != 1:
        raise UsageError(f"-o - writes one letter; these specs make {len(planned)}")
    made = next(in_process([planned[0].job], settings))
    if made.error is not None:
        result.failures.append(made.error)
    else:
        write_stdout(next(iter(made.outputs.values())))
        result.letters = 1
    return result


def check(specs: Sequence[Path], options: Options) -> Result:
    """Plan every letter and make its text formats in memory, writing nothing."""
    planned, failures = plan(specs, options)
    result = Result(planned=len(planned), failures=failures)
    jobs = (replace(p.job, formats=TEXT_FORMATS) for p in planned)
    for made in in_process(jobs, settings(options)):
        if made.error is None:
            result.letters += 1
        else:
            result.failures.append(made.error)
    return result


def run(specs: Sequence[Path], options: Options) -> Result:
    """Plan, skip, make and write every letter of the run."""
    started = time.perf_counter()
    planned, failures = plan(specs, options)
    result = Result(planned=len(planned), failures=failures)
    shared = settings(options)
    if options.output == STDOUT:
        return _to_stdout(planned, shared, result)
    # A batch on a terminal shows a bar instead of a line per file.
    bar = options.progress and len(planned) > 1
    outputs = Outputs(planned, result, options.force, each_file=not bar)
    todo = list(outputs.pending())
    workers = _workers(options, len(todo))
    if workers > 1:
        from letterkit import pool  # noqa: PLC0415 -- multiprocessing only when it is used

        made = pool.in_workers(todo, shared, workers, options.formats)
    else:
        made = in_process(todo, shared)
    with progress.bar(len(todo), bar) as advance:
        for letter in made:
            advance(outputs.add(letter))
        advance(outputs.flush())
    result.seconds = time.perf_counter() - started
    return result
