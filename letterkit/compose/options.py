"""What the command line may decide for every letter, in a module of its own.

Planning a run needs these options and nothing else of the composition: they
import no template engine, so the process that plans need not load one.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from letterkit.defaults import OUTPUT_LIMIT, PAGE_LIMIT, TIME_LIMIT


class ComposeOptions(msgspec.Struct, frozen=True):
    """What the command line may decide for every letter."""

    today: dt.date
    text_width: int | None = None
    """Overrides the spec's layout.text_width when given."""
    created: dt.date | None = None
    """The PDF creation date of a letter whose date is text (from SOURCE_DATE_EPOCH)."""
    pdf_variant: str | None = None
    """Overrides the spec's layout.pdf_variant when given."""
    time_limit: float = TIME_LIMIT
    """Seconds the letter's templates may run."""
    output_limit: int = OUTPUT_LIMIT
    """Characters the letter's templates may write."""
    allow_remote: bool = False
    """Whether the PDF may load http(s) resources."""
    max_pages: int = PAGE_LIMIT
    """Pages the letter's PDF may have."""
    letter: str | None = None
    """How messages name this letter (default: the spec file); a mail merge names the recipient."""
    lay_out: bool = True
    """Whether the letter becomes a page (HTML, PDF, e-mail): only then are its layout
    template and stylesheet read (a text letter has no use for them)."""
