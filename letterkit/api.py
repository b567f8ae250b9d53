"""The core functions behind each command: one call per subcommand.

The CLI translates options into these calls and their errors into messages
and exit codes; everything in between happens here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from letterkit import batch, plan
from letterkit import doctor as _doctor
from letterkit.compose import TemplateSet, part_names
from letterkit.compose.templates import BUILTIN_PREFIX
from letterkit.defaults import (
    STDOUT,
    TEXT_FORMATS,
    TIME_LIMIT,
    source_date,
    today,
)
from letterkit.errors import LetterkitError, OutputError, StaleOutputError, UsageError
from letterkit.listing import report
from letterkit.render import FORMATS
from letterkit.scaffold import init as scaffold
from letterkit.spec import load_spec
from letterkit.spec.model import Layout
from letterkit.spec.schema import schema_text

log = logging.getLogger("letterkit")

PDF_VARIANTS: tuple[str, ...] = get_args(Layout.model_fields["pdf_variant"].annotation)
"""The PDF standards a letter may be written to, as the spec model lists them."""

__all__ = [
    "Options",
    "Outcome",
    "check",
    "compare",
    "doctor",
    "init",
    "render",
    "schema",
    "template_names",
    "templates",
    "watch",
]


@dataclass(frozen=True)
class Options:
    """Everything a render or check run may be told."""

    formats: tuple[str, ...] = ()
    """Output formats; empty for the project's config, else pdf and txt."""
    output: Path | str | None = None
    """A folder for the outputs, "-" for standard output, None for the project's config,
    else next to each spec."""
    text_width: int | None = None
    templates: tuple[Path, ...] = ()
    """Template folders searched before the project's and the built-in templates."""
    today: dt.date = field(default_factory=today)
    created: dt.date | None = field(default_factory=source_date)
    """The PDF creation date of letters whose date is text (SOURCE_DATE_EPOCH's)."""
    pdf_variant: str | None = None
    """Overrides the specs' layout.pdf_variant (pdf/ua-1, pdf/a-3b...)."""
    force: bool = False
    """Re-render every letter, and overwrite files at the targets that letterkit did not write."""
    allow_remote: bool = False
    """Let the PDF load http(s) resources."""
    time_limit: float = TIME_LIMIT
    """Seconds each letter's templates may run."""
    spec_defaults: Mapping[str, Any] = field(default_factory=dict)
    """Spec fields filled in where a spec leaves them out (from the project's config)."""
    data: Path | None = None
    """A CSV, YAML or JSON file of recipients: one letter each."""
    jobs: int | None = None
    """Worker processes; None for one per core, when there are letters enough to pay off."""
    shard: tuple[int, int] | None = None
    """(K, N): render only the K-th of N equal slices of the letters."""
    progress: bool = False
    """Show a progress bar on stderr (instead of a line per file)."""


@dataclass
class Outcome:
    """What a run did: files written and letters that failed."""

    written: list[Path] = field(default_factory=list)
    checked: int = 0
    failures: list[LetterkitError] = field(default_factory=list)
    letters: int = 0
    """Letters written."""
    skipped: int = 0
    """Letters whose outputs were current."""
    planned: int = 0
    """Letters in the run (after --shard)."""
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: letters written, skipped and failed, and the time taken."""
        return (
            f"{self.letters} written, {self.skipped} skipped, {len(self.failures)} failed "
            f"in {self.seconds:.1f} s"
        )


def _validate(specs: Sequence[Path], options: Options) -> None:
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    if options.shard is not None and not 1 <= options.shard[0] <= options.shard[1]:
        raise UsageError(f"--shard {options.shard[0]}/{options.shard[1]}: K/N needs 1 <= K <= N")
    if options.output == STDOUT and (
        len(options.formats) != 1 or options.formats[0] not in TEXT_FORMATS or len(specs) != 1
    ):
        raise UsageError(
            "-o - writes one letter in one text format (txt or html) to "
            "standard output; give one spec and one -f"
        )


def render(specs: Sequence[Path], options: Options) -> Outcome:
    """Render every spec into the requested formats; one bad letter does not stop the others."""
    _validate(specs, options)
    result = batch.run(specs, options)
    return Outcome(
        written=result.written,
        failures=result.failures,
        letters=result.letters,
        skipped=result.skipped,
        planned=result.planned,
        seconds=result.seconds,
    )


def check(specs: Sequence[Path], options: Options) -> Outcome:
    """Validate specs and their templates and compose the letters in memory, writing nothing."""
    result = batch.check(specs, options)
    return Outcome(checked=result.letters, failures=result.failures, planned=result.planned)


def _differs(target: Path, data: bytes, spec_path: Path) -> LetterkitError | None:
    try:
        same = target.read_bytes() == data
    except FileNotFoundError:
        return StaleOutputError.at(
            target, f"missing; run letterkit render {spec_path} and commit it"
        )
    except OSError as exc:
        return OutputError.at(target, f"cannot read: {exc.strerror}")
    if same:
        return None
    return StaleOutputError.at(
        target, f"out of date with {spec_path}; run letterkit render {spec_path} and commit it"
    )


def compare(specs: Sequence[Path], options: Options) -> Outcome:
    """Render in memory and compare with the files on disk; each difference is a failure."""
    if options.output == STDOUT:
        raise UsageError("--check compares files; it cannot check standard output")
    outcome = Outcome()
    for planned, made in batch.made_in_memory(specs, options, outcome.failures):
        for fmt, data in made.outputs.items():
            stale = _differs(planned.targets[fmt], data, planned.job.source)
            outcome.failures += [stale] if stale else []
        outcome.checked += 1
    return outcome


def _project_templates(spec: Path | None, options: Options) -> tuple[TemplateSet, Options]:
    # Without a spec: the project of the current folder, as for a spec kept here.
    place = spec if spec is not None else Path.cwd() / "letter.yaml"
    return plan.for_spec(place, plan.run_settings(options), options)


def templates(spec: Path | None, options: Options, show: str | None = None) -> str:
    """Which templates are in effect for a spec (or the current folder), or one template's text."""
    found, spec_options = _project_templates(spec, options)
    if show is not None:
        # "builtin/<name>" shows the built-in template even where a project overrides it.
        entries = {e.name: e.source.path for e in found.listing()}
        entries |= {f"{BUILTIN_PREFIX}/{e.name}": e.source.path for e in TemplateSet().listing()}
        if show not in entries:
            raise UsageError(f'no template named "{show}"; letterkit templates lists them')
        return entries[show].read_text(encoding="utf-8")
    if spec is None:
        return report(found)
    letter = load_spec(spec, spec_options.spec_defaults)
    parts = [(n, found.require_part(n, letter.language, str(spec))) for n in part_names(letter)]
    return report(found, spec, parts)


def template_names(spec: Path | None, options: Options) -> list[str]:
    """The names of every template in effect, for shell completion."""
    return [entry.name for entry in _project_templates(spec, options)[0].listing()]


def watch(
    specs: Sequence[Path],
    options: Options,
    report: Callable[[Outcome], None],
    max_renders: int | None = None,
) -> int:
    """Render, then render again whenever an input changes; ``report`` sees each outcome."""
    _validate(specs, options)
    if options.output == STDOUT:
        raise UsageError("watch writes files; it cannot write to standard output")
    # Imported here: watchfiles (and anyio) would add 10 ms to every other command.
    from letterkit import watch as watching  # noqa: PLC0415

    folders = watching.watched_folders(specs, options.templates, options.data)
    return watching.run(folders, lambda: report(render(specs, options)), max_renders)


def init(folder: Path, *, force: bool = False) -> list[Path]:
    """Scaffold a letter project in a folder; the files written."""
    written = scaffold(folder, force=force)
    for path in written:
        log.info("wrote %s", path)
    return written


def schema() -> str:
    """The spec's JSON Schema as text."""
    return schema_text()


def doctor() -> _doctor.Report:
    """The PDF engine's library versions and the scripts the installed fonts cover."""
    return _doctor.report()
