"""Making one letter: compose it and render its formats, in this process or a worker.

A worker process builds its Maker once (one Jinja environment; the PDF
renderer keeps one font configuration per process) and reuses it for every
letter it is given. Workers only return bytes: the parent process alone
writes files and keeps the manifest, so there is nothing to race on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.errors import LetterkitError
from letterkit.render import render_all
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
    project: Path | None = None
    """The letter's project root: its template folders' files may lead anywhere inside it."""


@dataclass(frozen=True)
class Made:
    """A letter's bytes per format, or why it could not be made."""

    index: int
    outputs: dict[str, bytes]
    error: LetterkitError | None = None


TemplateSets = MutableMapping[tuple[tuple[Path, ...], Path | None], TemplateSet]
"""Template sets by search path: each keeps its Jinja environment's compiled templates."""


class Maker:
    """Makes letters, keeping one template set (and its Jinja environment) per search path."""

    def __init__(self, shared: ComposeOptions, templates: TemplateSets | None = None) -> None:
        self.shared = shared
        # In the planning process the planner's sets are reused; a worker makes its own.
        self._templates: TemplateSets = {} if templates is None else templates

    def templates(self, folders: tuple[Path, ...], project: Path | None) -> TemplateSet:
        """The template set of a search path in a project, made on first use."""
        key = (folders, project)
        if key not in self._templates:
            self._templates[key] = TemplateSet(folders, project)
        return self._templates[key]

    def make(self, job: Job) -> Made:
        """Compose and render one letter; its errors are returned, not raised."""
        try:
            options = replace(self.shared, letter=job.label)
            templates = self.templates(job.templates, job.project)
            letter = compose(job.spec, job.source, templates, options, job.roots)
            # Every format is made in memory first: a letter that fails in one
            # format leaves all its earlier files as they were.
            return Made(job.index, render_all(letter, job.formats))
        except LetterkitError as exc:
            return Made(job.index, {}, exc)


def in_process(
    jobs: Iterable[Job], shared: ComposeOptions, templates: TemplateSets | None = None
) -> Iterator[Made]:
    """Make the letters one after another in this process."""
    maker = Maker(shared, templates)
    for job in jobs:
        yield maker.make(job)


_MAKER: Maker | None = None


def start(shared: ComposeOptions) -> None:
    """Prepare this worker process: one Maker for all its letters."""
    global _MAKER  # noqa: PLW0603 -- the per-process state a pool initializer exists to set
    _MAKER = Maker(shared)


def make(job: Job) -> Made:
    """Make a letter in a worker process prepared by start()."""
    assert _MAKER is not None, "start() prepares a worker before it is given letters"
    return _MAKER.make(job)
