"""Planning a run: every letter it makes, its spec, its files and its inputs.

A run is planned whole before anything is written. Each spec is resolved
against its project (templates, formats, output folder and spec defaults
from letterkit.toml, under the command line's choices) and loaded; a mail
merge is split into one letter per recipient, and each letter gets its file
names and the fingerprint of its inputs. Two recipients that would share a
file fail their spec here, before any of its letters is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit import naming
from letterkit.compose import ComposeOptions, TemplateSet, resource_roots
from letterkit.defaults import STDOUT
from letterkit.errors import LetterkitError
from letterkit.fingerprint import Fingerprints
from letterkit.merge import Entry, from_spec, load_data, personalise
from letterkit.output import output_name, unsafe_name
from letterkit.render import extension
from letterkit.settings import Settings
from letterkit.spec import load_spec
from letterkit.spec.model import Spec
from letterkit.worker import Job, Shared

if TYPE_CHECKING:
    from letterkit.api import Options


@dataclass(frozen=True)
class Planned:
    """One letter of the run, with its files and the fingerprint of its inputs."""

    job: Job
    targets: dict[str, Path]
    inputs: str


def shared(options: Options) -> Shared:
    """What every letter of the run shares, from the run's options."""
    compose = ComposeOptions(
        today=options.today,
        text_width=options.text_width,
        created=options.created,
        pdf_variant=options.pdf_variant,
        time_limit=options.time_limit,
        allow_remote=options.allow_remote,
    )
    return Shared(compose)


def run_settings(options: Options) -> Settings:
    """The run's settings, which resolve each spec against its project."""
    return Settings(options.formats, options.output, options.templates)


def for_spec(spec_path: Path, settings: Settings, options: Options) -> tuple[TemplateSet, Options]:
    """The templates and options of one spec: the command line over its project's config."""
    resolved = settings.for_spec(spec_path)
    return resolved.templates, replace(
        options,
        formats=resolved.formats,
        output=resolved.output,
        spec_defaults={**resolved.spec_defaults(), **options.spec_defaults},
    )


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
        # A single letter keeps its spec's name unless the spec asks otherwise. A hostile
        # one (a control or bidi character, only dots) is kept, to be refused by name when
        # its files are named; any other is made portable like a pattern's (CON, "a:b").
        if spec.output_name is None and unsafe_name(stem):
            yield spec, label, stem
            return
        pattern = spec.output_name or "{stem}"
        yield spec, label, naming.output_name(pattern, _values(stem, "1", spec), spec_path, label)
        return
    pattern = spec.output_name or naming.DEFAULT_MERGE_PATTERN
    for entry, number in zip(entries, naming.numbered(len(entries)), strict=True):
        one = personalise(spec, entry.recipient)
        label = f"{entry.where} ({one.addressee.short_name or one.addressee.name})"
        yield one, label, naming.output_name(pattern, _values(stem, number, one), spec_path, label)


def _entries(spec: Spec, spec_path: Path) -> list[Entry]:
    """The recipients a spec names: its own list, or the rows of its data file."""
    if spec.data is not None:
        return load_data(spec_path.parent / spec.data)
    return from_spec(spec, spec_path)


class Planner:
    """Turns spec files into planned letters."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.settings = run_settings(options)
        self.data = None if options.data is None else load_data(options.data)
        self.fingerprints = Fingerprints(shared(options).compose)
        self.planned: list[Planned] = []

    def add(self, spec_path: Path) -> None:
        """Plan the letters of one spec; raise its errors before planning any of them."""
        templates, options = for_spec(spec_path, self.settings, self.options)
        roots = resource_roots(spec_path, templates)
        spec = load_spec(spec_path, options.spec_defaults, options.data, roots)
        output = options.output
        folder = spec_path.parent if output is None or output == STDOUT else Path(output)
        entries = self.data if self.data is not None else _entries(spec, spec_path)
        # The folders the TemplateSet was made from: its own list ends with the built-in one.
        search = templates.folders[:-1]
        planned: list[Planned] = []
        for one, label, name in _letters(spec, spec_path, entries):
            index = len(self.planned) + len(planned)
            job = Job(index, one, spec_path, label, options.formats, search)
            targets = {
                fmt: folder / output_name(name, extension(fmt), label) for fmt in options.formats
            }
            inputs = self.fingerprints.inputs(one, spec_path, options.today, templates.folders)
            planned.append(Planned(job, targets, inputs))
        # Two recipients sharing a file name is the spec's mistake, refused before any
        # letter is written; letters of different specs are kept apart by the Writer.
        naming.check_unique(
            ((t, p.job.label) for p in planned for t in p.targets.values()), spec_path
        )
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
