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
from letterkit.compose import ComposeOptions, TemplateSets, needs_of
from letterkit.defaults import STDIN, STDIN_SPEC_NAME, STDOUT
from letterkit.errors import LetterkitError, SafetyError, SpecError, UsageError
from letterkit.render import with_needs
from letterkit.run import naming
from letterkit.run.discover import expand
from letterkit.run.fingerprint import Fingerprints
from letterkit.run.options import Options
from letterkit.run.settings import Resolved, Settings
from letterkit.run.strict import refuse, warnings_of_letter
from letterkit.run.worker import Job
from letterkit.spec import (
    Entry,
    Spec,
    from_spec,
    load_spec,
    personalise,
    position_of,
    read_data,
)


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
    spec: Spec, spec_path: Path, entries: Sequence[Entry] | None, total: int
) -> Iterator[tuple[Spec, str, str]]:
    """Each letter of a spec: its own spec, how messages name it, its file name.

    ``entries`` are the recipients to plan (None for a letter without a list),
    ``total`` how many the spec has in all, for the {n} of every name.
    """
    # A spec read from standard input makes stdin.pdf, stdin.txt...
    stem = "stdin" if spec_path == Path(STDIN_SPEC_NAME) else spec_path.stem
    label = str(spec_path)
    if entries is None:
        # A single letter keeps its spec's name unless the spec asks otherwise. A hostile
        # one (a control or bidi character, only dots) is kept, to be refused by name when
        # its files are named; any other is made portable like a pattern's (CON, "a:b").
        if spec.output_name is None and naming.unsafe_name(stem):
            yield spec, label, stem
            return
        pattern = spec.output_name or "{stem}"
        yield spec, label, naming.output_name(pattern, _values(stem, "1", spec), spec_path, label)
        return
    pattern = spec.output_name or naming.DEFAULT_MERGE_PATTERN
    width = len(str(total))
    for entry in entries:
        one = personalise(spec, entry.recipient)
        label = f"{entry.where} ({one.addressee.short_name or one.addressee.name})"
        values = _values(stem, str(entry.index + 1).zfill(width), one)
        yield one, label, naming.output_name(pattern, values, spec_path, label)


def _needs_address(spec: Spec, spec_path: Path) -> None:
    """A message needs the recipient's address: said at the recipient's line, before any work."""
    if spec.addressee.email or spec_path == Path(STDIN_SPEC_NAME):
        return
    where = position_of(spec_path, ("recipient",))
    raise SpecError.at(
        spec_path,
        "recipient.email: -f eml needs the recipient's e-mail address; add one",
        where.line,
        where.column,
    )


@dataclass(frozen=True)
class Prepared:
    """A spec resolved against its project and loaded, before its letters are built."""

    path: Path
    resolved: Resolved
    spec: Spec
    data: Path | None
    """The data file its recipients come from, if any."""
    data_roots: tuple[Path, ...]
    count: int
    """How many letters it makes."""

    def entries(self, keep: range) -> list[Entry] | None:
        """The recipients whose places are in ``keep``; None for a letter without a list."""
        if self.data is not None:
            return read_data(self.data, self.data_roots, keep).entries
        if self.spec.recipients is None:
            return None
        return [e for e in from_spec(self.spec, self.path) if e.index in keep]


class Planner:
    """Turns spec files into planned letters: each spec prepared, then its letters built."""

    def __init__(
        self, options: Options, compose: ComposeOptions, templates: TemplateSets | None = None
    ) -> None:
        self.options = options
        self.compose = compose
        """What every letter shares, built once per run and passed down as it is."""
        self.settings = Settings(options.formats, options.output, options.templates, templates)
        given = options.data
        self.data_total = None if given is None else read_data(given, (), range(0)).total
        self.fingerprints = Fingerprints(compose)
        self.planned: list[Planned] = []
        self.claimed: dict[str, Path] = {}
        """Which spec writes each file of the run (by case-folded real path)."""
        self._prepared: dict[Path, Prepared] = {}

    def prepare(self, spec_path: Path) -> Prepared:
        """Resolve and load one spec, and count its letters (its data file's rows unbuilt).

        Once per run: a run that first looks for a plan it kept (run/unchanged.py)
        prepares its specs before planning them.
        """
        if spec_path not in self._prepared:
            self._prepared[spec_path] = self._prepare(spec_path)
        return self._prepared[spec_path]

    def _prepare(self, spec_path: Path) -> Prepared:
        resolved = self.settings.for_spec(spec_path)
        defaults = resolved.spec_defaults(dict(self.options.spec_defaults))
        with warnings_of_letter() as warnings:
            spec = load_spec(spec_path, defaults, self.options.data, resolved.roots, needs_of)
        if self._strict(resolved) and warnings:
            raise refuse(str(spec_path), warnings)
        if self.options.data is not None and self.data_total is not None:
            return Prepared(spec_path, resolved, spec, self.options.data, (), self.data_total)
        if spec.data is not None:
            data, roots = spec_path.parent / spec.data, (resolved.project.root,)
            return Prepared(
                spec_path, resolved, spec, data, roots, read_data(data, roots, range(0)).total
            )
        count = len(spec.recipients) if spec.recipients is not None else 1
        return Prepared(spec_path, resolved, spec, None, (), count)

    def _strict(self, resolved: Resolved) -> bool:
        """Whether a warning fails a letter of this spec's project."""
        return self.options.strict or resolved.project.config.strict

    def add(self, prepared: Prepared, keep: range) -> None:
        """Plan the letters of a spec whose places are in ``keep``; raise its errors first."""
        spec_path, resolved = prepared.path, prepared.resolved
        output, file = resolved.output, self.options.output_file()
        folder = spec_path.parent if output is None or output == STDOUT else Path(output)
        if file is not None:  # -o letter.pdf: that file, for a spec of one letter
            folder = file.parent
            if prepared.spec.recipients is not None or prepared.data is not None:
                raise UsageError(
                    f"-o {file} names one file, but {spec_path} is a mail merge; -o a folder"
                )
        templates = resolved.templates
        # A message is written beside the PDF and text it is made from.
        formats = with_needs(resolved.formats)
        if "eml" in formats and prepared.count == 1 and prepared.spec.recipient is not None:
            _needs_address(prepared.spec, spec_path)
        shared = self.fingerprints.shared(
            prepared.spec,
            spec_path,
            templates=templates,
            config=resolved.project.config_path,
            roots=resolved.roots,
        )
        planned: list[Planned] = []
        letters = _letters(prepared.spec, spec_path, prepared.entries(keep), prepared.count)
        for one, label, own_name in letters:
            name = own_name if file is None else file.stem
            index = len(self.planned) + len(planned)
            job = Job(
                index,
                one,
                spec_path,
                label,
                formats,
                templates=templates.search_path,
                roots=resolved.roots,
                project=resolved.project.root,
                strict=self._strict(resolved),
            )
            targets = naming.targets(folder, name, formats, one.languages or (), label)
            inputs = self.fingerprints.inputs(one, self.options.today, shared)
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
        folders: dict[Path, Path] = {}  # each output folder resolved once, not per letter
        keys = []
        for one in planned:
            for target in one.targets.values():
                real = folders.get(target.parent)
                if real is None:
                    real = folders[target.parent] = boundary.real(target.parent)
                key = naming.same_file_key(real / target.name)
                other = self.claimed.get(key)
                if other is not None and other != spec_path:
                    raise SafetyError.at(
                        spec_path,
                        f"refused: another letter of this run already wrote {target}; "
                        "give the specs different names or output folders",
                    )
                keys.append(key)
        self.claimed.update(dict.fromkeys(keys, spec_path))


def _slice(total: int, shard: tuple[int, int] | None) -> range:
    """The places of the letters this run makes: all, or the K-th of N equal slices."""
    if shard is None:
        return range(total)
    k, n = shard
    return range(total * (k - 1) // n, total * k // n)


def plan(
    specs: Sequence[Path],
    options: Options,
    compose: ComposeOptions,
    templates: TemplateSets | None = None,
    planner: Planner | None = None,
) -> tuple[Planner, list[Planned], list[LetterkitError]]:
    """The planner, every letter of the run, and the errors of specs that could not be planned.

    Every spec is prepared (and its letters counted) first, so a shard builds
    only the letters of its own slice. ``templates`` are template sets to reuse
    (watch); ``planner`` one made already (what it fingerprinted is reused).
    """
    planner = planner or Planner(options, compose, templates)
    specs = expand(specs)
    specs = [Path(STDIN_SPEC_NAME) if str(spec) == STDIN else spec for spec in specs]
    failures: list[LetterkitError] = []
    prepared: list[Prepared] = []
    for spec_path in specs:
        try:
            prepared.append(planner.prepare(spec_path))
        except LetterkitError as exc:
            failures.append(exc)
    wanted = _slice(sum(p.count for p in prepared), options.shard)
    offset = 0
    for one in prepared:
        keep = range(max(wanted.start - offset, 0), min(wanted.stop - offset, one.count))
        offset += one.count
        if not keep:
            continue
        try:
            planner.add(one, keep)
        except LetterkitError as exc:
            failures.append(exc)
    return planner, planner.planned, failures
