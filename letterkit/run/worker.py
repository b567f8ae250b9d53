"""Making one letter: compose it and render its formats, in a worker process.

A worker process builds its Maker once (one Jinja environment; the PDF
renderer keeps one font configuration per process) and reuses it for every
letter it is given, each under the letter's budget (run/budget.py). Workers
only return bytes: the parent process alone writes files and keeps the
manifest, so there is nothing to race on. Whatever goes wrong while a letter
is made is that letter's failure, never the run's.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import signal
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace

from letterkit import collector
from letterkit.compose.options import ComposeOptions
from letterkit.compose.templates import TemplateSet, TemplateSets
from letterkit.errors import LetterkitError, RenderError
from letterkit.render import needs_page, release, render_all, renderer, with_needs
from letterkit.run import inherit
from letterkit.run.budget import Limits, out_of_memory, within
from letterkit.run.strict import refuse, warnings_of_letter

if TYPE_CHECKING:  # a worker forked ahead loads the spec model as it warms up
    from letterkit.spec import Spec


class Job(msgspec.Struct, frozen=True):
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
    project: Path | None = None
    """The letter's project root: its template folders' files may lead anywhere inside it."""
    strict: bool = False
    """Whether a warning fails the letter (--strict, or strict = true in letterkit.toml)."""


class Made(msgspec.Struct, frozen=True):
    """A letter's bytes per format, or why it could not be made."""

    index: int
    outputs: dict[str, bytes]
    error: LetterkitError | None = None
    loaded: dict[str, str] = msgspec.field(default_factory=dict)
    """The files its PDF loaded, with their digests: the letter is current while they are."""
    last: bool = False
    """The worker ends after this letter (it ran out of memory): the parent starts another."""
    logs: tuple[tuple[int, str], ...] = ()
    """What making the letter logged (level, message), for the parent to say: the parent
    alone speaks, so messages keep its format and its --quiet."""


class Maker:
    """Makes letters, keeping one template set (and its Jinja environment) per search path."""

    def __init__(self, shared: ComposeOptions, templates: TemplateSets | None = None) -> None:
        self.shared = shared
        # A forked worker reuses the planner's sets, compiled already; others make their own.
        self._templates: TemplateSets = {} if templates is None else templates
        self._made = 0

    def templates(self, folders: tuple[Path, ...], project: Path | None) -> TemplateSet:
        """The template set of a search path in a project, made on first use."""
        key = (folders, project)
        if key not in self._templates:
            self._templates[key] = TemplateSet(folders, project)
        return self._templates[key]

    def make(self, job: Job) -> Made:
        """Compose and render one letter; its errors are returned, not raised."""
        if self._made:  # from the second letter on: a run of one letter never collects
            _freeze_warm_objects()
        self._made += 1
        try:
            with warnings_of_letter() as warnings:
                outputs, loaded = self._outputs(job)
            if job.strict and warnings:
                return Made(job.index, {}, refuse(job.label, warnings))
            return Made(job.index, outputs, loaded=loaded)
        except LetterkitError as exc:
            return Made(job.index, {}, exc)
        except MemoryError:
            raise  # the worker's budget, reported by serve()
        except Exception as exc:  # hostile input can make any library raise anything
            # A lone surrogate in the text, CSS that makes the layout divide by zero...
            message = f"the letter could not be made: {type(exc).__name__}: {exc}"
            return Made(job.index, {}, RenderError.at(job.label, message))

    def _outputs(self, job: Job) -> tuple[dict[str, bytes], dict[str, str]]:
        """The letter's bytes per format, and the files its PDF loaded."""
        paged = needs_page(job.formats)
        options = replace(self.shared, letter=job.label, lay_out=paged)
        templates = self.templates(job.templates, job.project)
        from letterkit.compose.letter import compose  # noqa: PLC0415 -- see _engines_for

        letter = compose(job.spec, job.source, templates, options, job.roots)
        if paged:
            from letterkit.page import laid_out  # noqa: PLC0415 -- text letters lay out no page

            letter = laid_out(letter)
        # Every format is made in memory first: a letter that fails in one
        # format leaves all its earlier files as they were.
        return render_all(letter, job.formats)


@functools.cache
def _freeze_warm_objects() -> None:
    """Once a letter is made, keep what stays loaded out of the garbage collector's sight.

    WeasyPrint, the fonts, the templates and the spec models are some 100,000
    objects that live as long as the process; every full collection walked them
    again, for about 3 % of each later letter. Frozen once per process (later
    letters' garbage is collected as usual), after a collection, so no garbage
    is kept. Done before a worker's second letter, not after its first: the
    collection costs some 20 ms, which a run of one letter need not pay.
    """
    gc.collect()
    gc.freeze()


def make_here(spec: Spec, source: Path, formats: tuple[str, ...], today: dt.date) -> Made:
    """One letter made in this very process, with no worker and no budget.

    Only for a letter of letterkit's own (the background worker's warm-up,
    which keeps what making it loads): anyone else's is made in a worker.
    """
    job = Job(0, spec, source, str(source), formats, roots=(source.parent,))
    made = Maker(ComposeOptions(today=today)).make(job)
    _freeze_warm_objects()  # what it loaded stays for the process's life
    return made


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


def warm_up(formats: tuple[str, ...], asked: bool) -> None:
    """Load what making any letter in these formats loads first, whatever its language.

    The composition (Jinja, the spec models), Babel's data common to every
    locale (half a megabyte of CLDR tables, some 10 ms to read) and the
    renderers' modules: all of them when the formats
    were ``asked`` for, else only the light ones, as the PDF renderer loads
    WeasyPrint, which a run whose project writes text only should not wait for.
    """
    from babel import core, localedata  # noqa: PLC0415 -- a worker's first use

    _engines_for(())
    core.get_global("parent_exceptions")
    localedata.load("root")
    for fmt in with_needs(formats):
        if asked or fmt in LIGHT_FORMATS:
            renderer(fmt)
    if needs_page(formats):
        import letterkit.page  # noqa: F401, PLC0415 -- the layout's sandbox and checks


LIGHT_FORMATS = frozenset({"txt", "html"})
"""The formats whose renderers import nothing heavy."""


def serve_ahead(
    connection: Connection,
    shared: ComposeOptions,
    limits: Limits,
    formats: tuple[str, ...],
    asked: bool,
) -> None:
    """A worker forked before the run was planned: warm up while the parent plans, then serve."""
    _as_a_worker()  # before the warm-up: the parent's handlers would stop this process too
    try:
        warm_up(formats, asked)
    except Exception:  # only a head start: the letter says what fails when it is made
        pass
    finally:
        collector.release()  # forked while the parent still held it: collect as workers do
    serve(connection, shared, limits, None)


def serve_spare(connection: Connection, warm: Callable[[], object]) -> None:
    """A worker forked before any command asked for it: warm up, then serve the first that does.

    The background worker forks its next command's worker early, and ``warm``
    makes a letter of its own here: the pages that a letter writes to, which a
    worker forked at the command shares with its parent until it copies each
    one, are then this worker's already (a letter 23 ms sooner). The command
    then sends its run and its state (pool.forked_ahead, inherit.py).
    """
    _as_a_worker()
    with suppress(Exception):  # only a head start, as in serve_ahead
        warm()
    try:
        connection.send("warm")
        shared, limits, formats, asked = connection.recv()
        inherit.take_over(connection)
        connection.send(True)
    except (EOFError, OSError, ValueError):
        return  # no command came (the background worker ended), or it could not be taken
    serve_ahead(connection, shared, limits, formats, asked)


@functools.cache
def _engines_for(formats: tuple[str, ...]) -> None:
    """Import the composition and these formats' renderers, once, outside any letter's budget.

    The process that plans a run loads neither Jinja nor Babel (see
    compose/__init__.py), so a worker loads them itself, as it warms up or
    here. A renderer that fails to import fails the letter, which names it.
    """
    import letterkit.compose.letter  # noqa: F401, PLC0415 -- see above

    for fmt in with_needs(formats):
        with suppress(Exception):
            renderer(fmt)


def _as_a_worker() -> None:
    """Signals as a worker takes them: Ctrl-C is the parent's to handle, SIGTERM ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker has the parent's handler


def serve(
    connection: Connection, shared: ComposeOptions, limits: Limits, templates: TemplateSets | None
) -> None:
    """A worker process: make each letter the parent sends, under its budget, until told to stop.

    The parent stops its workers itself (at the end, or on SIGTERM or Ctrl-C),
    so a worker ignores Ctrl-C; when the parent is gone the pipe ends and so
    does the worker.
    """
    _as_a_worker()
    maker, logs = Maker(shared, templates), _keep_logs()
    try:
        while True:
            job: Job = connection.recv()
            _engines_for(job.formats)
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
    finally:
        release()
