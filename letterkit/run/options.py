"""What a run is told: the command line's choices, checked once before anything is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec
from msgspec.structs import replace

from letterkit.compose.options import ComposeOptions
from letterkit.defaults import (
    LETTER_MEMORY_MB,
    PAGE_LIMIT,
    STDOUT,
    TEXT_FORMATS,
    TIME_LIMIT,
    source_date,
    today,
)
from letterkit.errors import UsageError
from letterkit.output import stdout_is_terminal
from letterkit.render import FORMATS
from letterkit.run.budget import Limits


class Options(msgspec.Struct, frozen=True):
    """Everything a render or check run may be told."""

    formats: tuple[str, ...] = ()
    """Output formats; empty for the project's config, else pdf and txt."""
    output: Path | str | None = None
    """A folder for the outputs, "-" for standard output, None for the project's config,
    else next to each spec."""
    text_width: int | None = None
    templates: tuple[Path, ...] = ()
    """Template folders searched before the project's and the built-in templates."""
    today: dt.date = msgspec.field(default_factory=today)
    created: dt.date | None = msgspec.field(default_factory=source_date)
    """The PDF creation date of letters whose date is text (SOURCE_DATE_EPOCH's)."""
    pdf_variant: str | None = None
    """Overrides the specs' layout.pdf_variant (pdf/ua-1, pdf/a-3b...)."""
    force: bool = False
    """Re-render every letter, and overwrite files at the targets that letterkit did not write."""
    allow_remote: bool = False
    """Let the PDF load http(s) resources."""
    time_limit: float = TIME_LIMIT
    """Seconds of CPU time each letter may take: its templates and its typesetting."""
    memory_limit: int = LETTER_MEMORY_MB
    """Megabytes of memory each letter may take."""
    max_pages: int = PAGE_LIMIT
    """Pages each letter's PDF may have."""
    spec_defaults: Mapping[str, Any] = msgspec.field(default_factory=dict)
    """Spec fields filled in where a spec leaves them out (over the project's config)."""
    data: Path | None = None
    """A CSV, YAML or JSON file of recipients: one letter each."""
    jobs: int | None = None
    """Worker processes; None for one per core, when there are letters enough to pay off."""
    shard: tuple[int, int] | None = None
    """(K, N): render only the K-th of N equal slices of the letters."""
    progress: bool = False
    """Show a progress bar on stderr (instead of a line per file)."""
    strict: bool = False
    """Fail every letter made with a warning (also strict = true in letterkit.toml)."""
    prune: bool = False
    """After the run, remove letterkit's outputs of letters no longer in it."""
    dry_run: bool = False
    """Say what render would write, skip or refuse, and why, writing nothing."""

    def compose_options(self) -> ComposeOptions:
        """What every letter of the run shares; built once per run."""
        return ComposeOptions(
            today=self.today,
            text_width=self.text_width,
            created=self.created,
            pdf_variant=self.pdf_variant,
            time_limit=self.time_limit,
            allow_remote=self.allow_remote,
            max_pages=self.max_pages,
        )

    def limits(self) -> Limits:
        """What each letter may spend, enforced in the process that makes it."""
        return Limits(seconds=self.time_limit, memory_mb=self.memory_limit)

    def output_file(self) -> Path | None:
        """The file -o names (letter.pdf: a format's extension, not a folder), else None."""
        output = self.output
        if not isinstance(output, Path) or output.is_dir():
            return None
        return output if output.suffix[1:].lower() in FORMATS else None

    def to_output_file(self) -> Options:
        """The options with -o letter.pdf's format when no -f was given."""
        file = self.output_file()
        if file is None or self.formats:
            return self
        return replace(self, formats=(file.suffix[1:].lower(),))

    def validate(self, specs: Sequence[Path]) -> None:
        """Refuse choices that cannot go together, before any file is read."""
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
        if self.shard is not None and not 1 <= self.shard[0] <= self.shard[1]:
            raise UsageError(f"--shard {self.shard[0]}/{self.shard[1]}: K/N needs 1 <= K <= N")
        if self.prune and self.shard is not None:
            raise UsageError("--prune needs the whole run; a --shard holds only part of it")
        file = self.output_file()
        if file is not None and (len(specs) != 1 or self.formats != (file.suffix[1:].lower(),)):
            raise UsageError(
                f"-o {file} names one file: give one spec and one -f "
                f"{file.suffix[1:].lower()} (or -o a folder)"
            )
        if self.output == STDOUT and (
            len(self.formats) != 1
            or len(specs) != 1
            or (self.formats[0] not in TEXT_FORMATS and stdout_is_terminal())
        ):
            raise UsageError(
                "-o - writes one letter in one format to standard output (a PDF only when "
                "it is not a terminal: | lp, > letter.pdf); give one spec and one -f"
            )
