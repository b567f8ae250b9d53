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
from dataclasses import dataclass
from pathlib import Path

from letterkit import boundary
from letterkit.compose import ComposeOptions
from letterkit.defaults import STDIN, STDIN_SPEC_NAME, STDOUT
from letterkit.errors import LetterkitError, SafetyError, UsageError
from letterkit.run import naming
from letterkit.run.discover import expand
from letterkit.run.fingerprint import Fingerprints
from letterkit.run.options import Options
from letterkit.run.settings import Settings
from letterkit.run.worker import Job
from letterkit.spec import Entry, Spec, from_spec, load_data, load_spec, personalise


@dataclass(frozen=True)
class Planned:
    """One letter of the run, with its files and the fingerprint of its inputs."""

    job: Job
    targets: dict[str, Path]
    inputs: str


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
    # A spec read from standard input makes stdin.pdf, stdin.txt...
    stem = "stdin" if spec_path == Path(STDIN_SPEC_NAME) else spec_path.stem
    label = str(spec_path)
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


def _entries(spec: Spec, spec_path: Path, root: Path) -> list[Entry]:
    """The recipients a spec names: its own list, or the rows of its data file (in its project)."""
    if spec.data is not None:
        return load_data(spec_path.parent / spec.data, (root,))
    return from_spec(spec, spec_path)


class Planner:
    """Turns spec files into planned letters."""

    def __init__(self, options: Options, compose: ComposeOptions) -> None:
        self.options = options
        self.compose = compose
        """What every letter shares, built once per run and passed down as it is."""
        self.settings = Settings(options.formats, options.output, options.templates)
        self.data = None if options.data is None else load_data(options.data)
        self.fingerprints = Fingerprints(compose)
        self.planned: list[Planned] = []
        self.claimed: dict[str, Path] = {}
        """Which spec writes each file of the run (by case-folded real path)."""

    def add(self, spec_path: Path) -> None:
        """Plan the letters of one spec; raise its errors before planning any of them."""
        resolved = self.settings.for_spec(spec_path)
        defaults = resolved.spec_defaults(dict(self.options.spec_defaults))
        spec = load_spec(spec_path, defaults, self.options.data, resolved.roots)
        output, file = resolved.output, self.options.output_file()
        folder = spec_path.parent if output is None or output == STDOUT else Path(output)
        if file is not None:  # -o letter.pdf: that file, for a spec of one letter
            folder = file.parent
        entries = (
            self.data if self.data is not None else _entries(spec, spec_path, resolved.project.root)
        )
        templates = resolved.templates
        planned: list[Planned] = []
        if file is not None and entries:
            raise UsageError(
                f"-o {file} names one file, but {spec_path} is a mail merge; -o a folder"
            )
        for one, label, own_name in _letters(spec, spec_path, entries):
            name = own_name if file is None else file.stem
            index = len(self.planned) + len(planned)
            job = Job(
                index,
                one,
                spec_path,
                label,
                resolved.formats,
                templates=templates.search_path,
                roots=resolved.roots,
                project=resolved.project.root,
            )
            targets = {fmt: folder / naming.file_name(name, fmt, label) for fmt in resolved.formats}
            inputs = self.fingerprints.inputs(
                one,
                spec_path,
                today=self.options.today,
                templates=templates,
                config=resolved.project.config_path,
                roots=resolved.roots,
            )
            planned.append(Planned(job, targets, inputs))
        # Two recipients sharing a file name is the spec's mistake, refused before any
        # letter is written.
        naming.check_unique(
            ((t, p.job.label) for p in planned for t in p.targets.values()), spec_path
        )
        self._claim(planned, spec_path)
        self.planned += planned

    def _claim(self, planned: list[Planned], spec_path: Path) -> None:
        """Refuse a spec whose files another spec of the run writes: the first one keeps them.

        Decided while planning, so it holds whether or not the first spec's
        letters are current: a skipped letter's files are still its own.
        """
        for one in planned:
            for target in one.targets.values():
                key = naming.same_file_key(boundary.real(target.parent) / target.name)
                other = self.claimed.get(key)
                if other is not None and other != spec_path:
                    raise SafetyError.at(
                        spec_path,
                        f"refused: another letter of this run already wrote {target}; "
                        "give the specs different names or output folders",
                    )
        for one in planned:
            for target in one.targets.values():
                key = naming.same_file_key(boundary.real(target.parent) / target.name)
                self.claimed[key] = spec_path


def plan(
    specs: Sequence[Path], options: Options, compose: ComposeOptions
) -> tuple[Planner, list[Planned], list[LetterkitError]]:
    """The planner, every letter of the run, and the errors of specs that could not be planned."""
    planner = Planner(options, compose)
    specs = expand(specs)
    specs = [Path(STDIN_SPEC_NAME) if str(spec) == STDIN else spec for spec in specs]
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
    return planner, planned, failures
