"""The document model: a composed letter as plain frozen data.

Composition produces it once; the text, HTML and PDF renderers all consume
it, so the outputs never disagree. It knows nothing of specs, YAML or Jinja.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Span:
    """A run of text with one set of inline styles."""

    text: str
    emphasis: bool = False
    strong: bool = False
    code: bool = False
    href: str | None = None
    """Link target, when the run is a link."""


Line = tuple[Span, ...]
"""One line of a block: inline spans, wrapped as one paragraph line."""


def plain(line: Line) -> str:
    """The text of a line without its styles."""
    return "".join(span.text for span in line)


@dataclass(frozen=True)
class Block:
    """A paragraph (one line that wraps) or a block of lines kept as written."""

    part: str
    """The letter part it came from: subject, greeting, apology, position, sign_off..."""
    lines: tuple[Line, ...]

    @property
    def is_paragraph(self) -> bool:
        """A single line, typeset as a flowing paragraph."""
        return len(self.lines) == 1


@dataclass(frozen=True)
class Party:
    """A name and the lines printed under it (address, e-mail, phone, web)."""

    name: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """What the PDF's document information and the HTML head say."""

    title: str
    author: str
    subject: str
    language: str
    """BCP 47 language tag."""
    created: dt.date | None
    """The letter date when it is a real date: the PDF creation date."""


@dataclass(frozen=True)
class Layout:
    """Presentation choices the renderers honour."""

    direction: Literal["ltr", "rtl"] = "ltr"
    page_size: str = "a4"
    align: str = "ragged"
    text_width: int = 72
    stylesheet: str = ""
    """The CSS for HTML and PDF output."""
    base: Path | None = None
    """Folder against which relative resources (images) resolve."""
    resource_roots: tuple[Path, ...] = ()
    """Folders from which files may be loaded into the PDF (the spec's folder, the project
    root, the template folders); everything else is refused."""


@dataclass(frozen=True)
class Letter:
    """One composed letter, ready for any renderer."""

    meta: Metadata
    sender: Party
    recipient: Party
    date: str | None
    """The date line at the top, or None when the date is placed elsewhere."""
    blocks: tuple[Block, ...]
    layout: Layout = field(default_factory=Layout)
    name: str = "letter"
    """Which letter this is, for messages (the spec file)."""
