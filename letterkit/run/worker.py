"""Making one letter: compose it and render its formats, in a worker process.

A worker process builds its Maker once (one Jinja environment; the PDF
renderer keeps one font configuration per process) and reuses it for every
letter it is given, each under the letter's budget (run/budget.py). Workers
only return bytes: the parent process alone writes files and keeps the
manifest, so there is nothing to race on. Whatever goes wrong while a letter
is made is that letter's failure, never the run's.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.errors import LetterkitError, RenderError
from letterkit.render import renderer
from letterkit.run.budget import Limits, out_of_memory, within
from letterkit.spec import Spec


@dataclass(frozen=True)
class Job:
    """One letter to make."""

    index: int
    """Its place in the run, so results can be matched to the plan."""
    spec: Spec
    """The letter's own spec: one recipient, overrides applied."""
    source: Path
    """The spec file, for resources and messages."""
    label: str
    """How messages name the letter."""
    formats: tuple[str, ...]
    templates: tuple[Path, ...] = ()
    """The template folders of the letter's project, searched before the built-in ones."""
    roots: tuple[Path, ...] = ()
    """The folders the letter may load files from, found when the run was planned."""


@dataclass(frozen=True)
class Made:
    """A letter's bytes per format, or why it could not be made."""

    index: int
    outputs: dict[str, bytes]
    error: LetterkitError | None = None
    last: bool = False
    """The worker ends after this letter (it ran out of memory): the parent starts another."""
    logs: tuple[tuple[int, str], ...] = ()
    """What making the letter logged (level, message), for the parent to say: the parent
    alone speaks, so messages keep its format and its --quiet."""


TemplateSets = MutableMapping[tuple[Path, ...], TemplateSet]
"""Template sets by search path: each keeps its Jinja environment's compiled templates."""


class Maker:
    """Makes letters, keeping one template set (and its Jinja environment) per search path."""

    def __init__(self, shared: ComposeOptions, templates: TemplateSets | None = None) -> None:
        self.shared = shared
        # A forked worker reuses the planner's sets, compiled already; others make their own.
        self._templates: TemplateSets = {} if templates is None else templates

    def templates(self, folders: tuple[Path, ...]) -> TemplateSet:
        """The template set of a search path, made on first use."""
        if folders not in self._templates:
            self._templates[folders] = TemplateSet(folders)
        return self._templates[folders]

    def make(self, job: Job) -> Made:
        """Compose and render one letter; its errors are returned, not raised."""
        try:
            options = replace(self.shared, letter=job.label)
            templates = self.templates(job.templates)
            letter = compose(job.spec, job.source, templates, options, job.roots)
            # Every format is made in memory first: a letter that fails in one
            # format leaves all its earlier files as they were.
            return Made(job.index, {fmt: renderer(fmt).render(letter) for fmt in job.formats})
        except LetterkitError as exc:
            return Made(job.index, {}, exc)
        except MemoryError:
            raise  # the worker's budget, reported by serve()
        except Exception as exc:  # hostile input can make any library raise anything
            # A lone surrogate in the text, CSS that makes the layout divide by zero...
            message = f"the letter could not be made: {type(exc).__name__}: {exc}"
            return Made(job.index, {}, RenderError.at(job.label, message))


class _Logs(logging.Handler):
    """Keeps what a letter logs in a worker process."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))

    def take(self) -> tuple[tuple[int, str], ...]:
        """What was logged since the last call."""
        taken, self.records = tuple(self.records), []
        return taken


def _keep_logs() -> _Logs:
    logs = _Logs()
    logger = logging.getLogger("letterkit")
    logger.handlers, logger.propagate = [logs], False
    logger.setLevel(logging.INFO)
    return logs


def serve(
    connection: Connection, shared: ComposeOptions, limits: Limits, templates: TemplateSets | None
) -> None:
    """A worker process: make each letter the parent sends, under its budget, until told to stop.

    The parent stops its workers itself (at the end, or on SIGTERM or Ctrl-C),
    so a worker ignores Ctrl-C; when the parent is gone the pipe ends and so
    does the worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker has the parent's handler
    maker, logs = Maker(shared, templates), _keep_logs()
    try:
        while True:
            job: Job = connection.recv()
            try:
                with within(limits):
                    made = maker.make(job)
            except MemoryError:
                # Memory ran out somewhere in the middle: say so, then start afresh.
                error = out_of_memory(job.label, limits)
                connection.send(Made(job.index, {}, error, last=True, logs=logs.take()))
                return
            connection.send(replace(made, logs=logs.take()))
    except (EOFError, BrokenPipeError):
        return  # the parent is gone
