"""Planning a run: every letter it makes, its spec, its files and its inputs.

Each spec is resolved against its project (templates, formats, output
folder and spec defaults from letterkit.toml, under the command line's
choices) and loaded; a mail merge is split into one letter per recipient,
and each letter gets its file names and the fingerprint of its inputs.

A run is read twice. The first pass (survey) checks every letter before any
is written: every bad row of a data file is named at once, and two
recipients that would share a file fail their spec; it keeps only a digest
per file and the count. The second pass reads the rows again, a chunk at a
time, and builds each letter as the run asks for it, so a mailing of a
million rows is never held whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec

from letterkit import boundary
from letterkit.compose.grammar import needs_of
from letterkit.compose.options import ComposeOptions
from letterkit.compose.templates import TemplateSets
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
    read_chunks,
    read_data,
)
from letterkit.spec.model import Party

CHUNK = 1000
"""Letters planned at a time: a run holds the plan of a chunk or two, never of all."""


class Planned(msgspec.Struct, frozen=True):
    """One letter of the run, with its files and the fingerprint of its inputs."""

    job: Job
    targets: dict[str, Path]
    inputs: str


def _values(stem: str, number: str, party: Party, variables: Mapping[str, Any]) -> dict[str, str]:
    """What an output_name pattern may use for one letter: its recipient's fields and vars."""
    values = {"stem": stem, "n": number}
    for key, value in party.dump().items():
        if value is None or isinstance(value, str):
            values[f"recipient.{key}"] = value or ""
    values["recipient.short_name"] = party.short_name or party.name
    values.update({f"vars.{k}": str(v) for k, v in variables.items() if isinstance(v, str)})
    return values


def _letters(
    spec: Spec, spec_path: Path, entries: Sequence[Entry] | None, total: int
) -> Iterator[tuple[Entry | None, str, str]]:
    """Each letter of a spec: its recipient's entry, how messages name it, its file name.

    ``entries`` are the recipients to plan (None for a letter without a list),
    ``total`` how many the spec has in all, for the {n} of every name. A
    letter's own spec is personalise(spec, entry.recipient): made only for the
    letters that are made, not to check their names.
    """
    # A spec read from standard input makes stdin.pdf, stdin.txt...
    stem = "stdin" if spec_path == Path(STDIN_SPEC_NAME) else spec_path.stem
    label = str(spec_path)
    if entries is None:
        # A single letter keeps its spec's name unless the spec asks otherwise. A hostile
        # one (a control or bidi character, only dots) is kept, to be refused by name when
        # its files are named; any other is made portable like a pattern's (CON, "a:b").
        if spec.output_name is None and naming.unsafe_name(stem):
            yield None, label, stem
            return
        pattern = spec.output_name or "{stem}"
        values = _values(stem, "1", spec.addressee, spec.vars)
        yield None, label, naming.output_name(pattern, values, spec_path, label)
        return
    pattern = spec.output_name or naming.DEFAULT_MERGE_PATTERN
    width = len(str(total))
    for entry in entries:
        # The fields personalise() gives the letter's recipient and vars, without the rest.
        party = entry.recipient.party()
        label = f"{entry.where} ({party.short_name or party.name})"
        variables = {**spec.vars, **entry.recipient.vars}
        values = _values(stem, str(entry.index + 1).zfill(width), party, variables)
        yield entry, label, naming.output_name(pattern, values, spec_path, label)


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


class Prepared(msgspec.Struct, frozen=True):
    """A spec resolved against its project and loaded, before its letters are built."""

    path: Path
    resolved: Resolved
    spec: Spec
    data: Path | None
    """The data file its recipients come from, if any."""
    data_roots: tuple[Path, ...]
    count: int
    """How many letters it makes."""

    def entries(self, keep: range) -> Iterator[list[Entry] | None]:
        """The recipients whose places are in ``keep``, a chunk at a time.

        None for a letter without a list; a data file's bad rows are raised,
        all of them, after its last chunk.
        """
        if self.data is not None:
            yield from read_chunks(self.data, self.data_roots, keep, CHUNK)
        elif self.spec.recipients is None:
            yield None
        else:
            yield [e for e in from_spec(self.spec, self.path) if e.index in keep]


class _Layout(msgspec.Struct, frozen=True):
    """What every letter of a spec shares: where its files go, in which formats."""

    folder: Path
    file: Path | None
    formats: tuple[str, ...]
    shared: str


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
        self.claimed = naming.Digests()
        """The files of the specs surveyed so far (digests of their case-folded real paths)."""
        self._claimants: set[Path] = set()
        self.claims: dict[Path, naming.Digests] | None = None
        """The files each spec's letters write, kept only when asked (check remembers them)."""
        self._folders: dict[Path, Path] = {}
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

    def shared_fingerprint(self, prepared: Prepared) -> str:
        """What every letter of a spec is made from: the spec, its templates, config, files."""
        resolved = prepared.resolved
        return self.fingerprints.shared(
            prepared.spec,
            prepared.path,
            templates=resolved.templates,
            config=resolved.project.config_path,
            roots=resolved.roots,
        )

    def _layout(self, prepared: Prepared) -> _Layout:
        """Where a spec's letters go; its errors that need no letter raised first."""
        spec_path, resolved = prepared.path, prepared.resolved
        output, file = resolved.output, self.options.output_file()
        folder = spec_path.parent if output is None or output == STDOUT else Path(output)
        if file is not None:  # -o letter.pdf: that file, for a spec of one letter
            folder = file.parent
            if prepared.spec.recipients is not None or prepared.data is not None:
                raise UsageError(
                    f"-o {file} names one file, but {spec_path} is a mail merge; -o a folder"
                )
        # A message is written beside the PDF and text it is made from.
        formats = with_needs(resolved.formats)
        if "eml" in formats and prepared.count == 1 and prepared.spec.recipient is not None:
            _needs_address(prepared.spec, spec_path)
        return _Layout(folder, file, formats, self.shared_fingerprint(prepared))

    def _named(
        self, prepared: Prepared, layout: _Layout, entries: list[Entry] | None
    ) -> Iterator[tuple[Entry | None, str, dict[str, Path]]]:
        """Each letter of these recipients: its entry, its label and its files."""
        spec = prepared.spec
        # A recipient has no languages of its own: every letter has its spec's.
        languages = spec.languages or ()
        for entry, label, own_name in _letters(spec, prepared.path, entries, prepared.count):
            name = own_name if layout.file is None else layout.file.stem
            yield (
                entry,
                label,
                naming.targets(layout.folder, name, layout.formats, languages, label),
            )

    def _each(
        self, prepared: Prepared, layout: _Layout, keep: range
    ) -> Iterator[tuple[Entry | None, str, dict[str, Path]]]:
        """Each letter of a spec in ``keep``, a chunk of recipients read at a time.

        A bad row is said before a letter's own mistake (a name it cannot
        have), as when all rows were read first: the rows are read to the end.
        """
        chunks = prepared.entries(keep)
        try:
            for entries in chunks:
                yield from self._named(prepared, layout, entries)
        except LetterkitError:
            for _ in chunks:
                pass
            raise

    def survey(self, prepared: Prepared, keep: range) -> int:
        """Check a spec's letters in ``keep`` before any is made; how many there are.

        Every bad row is raised at once, and two letters sharing a file name
        (the spec's mistake) or a file another spec of the run writes are
        refused. What it keeps is a digest per file, not the letters.
        """
        layout = self._layout(prepared)
        unique = naming.Unique(prepared.path)
        # A spec surveyed again (by the same planner) finds only its own files.
        others = prepared.path not in self._claimants
        taken: Path | None = None
        count = 0
        for _entry, label, targets in self._each(prepared, layout, keep):
            count += 1
            for target in targets.values():
                key = self._key(target)
                if taken is None and others and key in self.claimed:
                    taken = target
                unique.add(target, label, key)
        unique.check(lambda keys: self._labels(prepared, layout, keep, keys))
        if taken is not None:
            # Decided while planning, so it holds whether or not the first spec's letters
            # are current: a skipped letter's files are still its own.
            raise SafetyError.at(
                prepared.path,
                f"refused: another letter of this run already wrote {taken}; "
                "give the specs different names or output folders",
            )
        self.claimed.update(unique.files)
        self._claimants.add(prepared.path)
        if self.claims is not None:
            self.claims[prepared.path] = unique.files
        return count

    def _labels(
        self, prepared: Prepared, layout: _Layout, keep: range, keys: set[str]
    ) -> dict[str, str]:
        """The label of the first of a spec's letters in ``keep`` with each of these files.

        The files by their same-file keys.
        """
        first: dict[str, str] = {}
        for _entry, label, targets in self._each(prepared, layout, keep):
            for target in targets.values():
                key = naming.same_file_key(target)
                if key in keys:
                    first.setdefault(key, label)
        return first

    def letters(self, prepared: Prepared, keep: range, first: int) -> Iterator[Planned]:
        """The planned letters of a surveyed spec, built as they are asked for.

        ``first`` is the run-wide index of its first letter.
        """
        layout = self._layout(prepared)
        resolved = prepared.resolved
        templates = resolved.templates
        for index, (entry, label, targets) in enumerate(
            self._each(prepared, layout, keep), start=first
        ):
            one = prepared.spec if entry is None else personalise(prepared.spec, entry.recipient)
            job = Job(
                index,
                one,
                prepared.path,
                label,
                layout.formats,
                templates=templates.search_path,
                roots=resolved.roots,
                project=resolved.project.root,
                strict=self._strict(resolved),
            )
            inputs = self.fingerprints.inputs(one, self.options.today, layout.shared)
            yield Planned(job, targets, inputs)

    def _key(self, target: Path) -> bytes:
        """A file's key among the run's files: its real path, case-folded, hashed."""
        real = self._folders.get(target.parent)
        if real is None:  # each output folder resolved once, not per letter
            real = self._folders[target.parent] = boundary.real(target.parent)
        return naming.file_digest(real / target.name)


def _slice(total: int, shard: tuple[int, int] | None) -> range:
    """The places of the letters this run makes: all, or the K-th of N equal slices."""
    if shard is None:
        return range(total)
    k, n = shard
    return range(total * (k - 1) // n, total * k // n)


class Surveyed(msgspec.Struct):
    """A run checked whole, its letters built only as they are asked for."""

    planner: Planner
    specs: list[tuple[Prepared, range, int]]
    """Each spec that checked out, the places of its letters, and how many they are."""
    failures: list[LetterkitError]

    @property
    def count(self) -> int:
        """How many letters the run makes (or skips)."""
        return sum(count for _p, _k, count in self.specs)

    def mix(self) -> tuple[int, int, set[str]]:
        """How many of its letters are PDFs, how many are not, and every format it makes."""
        pdfs = texts = 0
        formats: set[str] = set()
        for prepared, _keep, count in self.specs:
            made = with_needs(prepared.resolved.formats)
            formats.update(made)
            pdfs, texts = (pdfs + count, texts) if "pdf" in made else (pdfs, texts + count)
        return pdfs, texts, formats

    def letters(self) -> Iterator[Planned]:
        """Every letter, planned as it is asked for; a spec failing now goes to ``failures``."""
        first = 0
        for prepared, keep, count in self.specs:
            try:
                yield from self.planner.letters(prepared, keep, first)
            except LetterkitError as exc:  # its data file changed since it was checked
                self.failures.append(exc)
            first += count


def survey(
    specs: Sequence[Path],
    options: Options,
    compose: ComposeOptions,
    templates: TemplateSets | None = None,
    planner: Planner | None = None,
) -> Surveyed:
    """Check every letter of the run before any is made, keeping none of them.

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
    surveyed: list[tuple[Prepared, range, int]] = []
    for one in prepared:
        keep = range(max(wanted.start - offset, 0), min(wanted.stop - offset, one.count))
        offset += one.count
        if not keep:
            continue
        try:
            surveyed.append((one, keep, planner.survey(one, keep)))
        except LetterkitError as exc:
            failures.append(exc)
    return Surveyed(planner, surveyed, failures)


def plan(
    specs: Sequence[Path],
    options: Options,
    compose: ComposeOptions,
    templates: TemplateSets | None = None,
    planner: Planner | None = None,
) -> tuple[Planner, list[Planned], list[LetterkitError]]:
    """The planner, every letter of the run, and the errors of specs that could not be planned.

    For what needs the whole plan at once (a dry run, a check, a mailing).
    """
    run = survey(specs, options, compose, templates, planner)
    run.planner.planned = list(run.letters())
    return run.planner, run.planner.planned, run.failures
