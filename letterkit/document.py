"""Stage 3, the document model: a composed letter as plain frozen data.

Composition produces it once; the text, HTML and PDF renderers all consume
it, so the outputs never disagree. It knows nothing of specs, YAML or Jinja.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import msgspec

FSI = "\u2068"
PDI = "\u2069"
"""Unicode's first-strong isolate and its end: text between them keeps its own direction."""


class Span(msgspec.Struct, frozen=True):
    """A run of text with one set of inline styles."""

    text: str
    emphasis: bool = False
    strong: bool = False
    code: bool = False
    href: str | None = None
    """Link target, when the run is a link."""


Line = tuple[Span, ...]
"""One line of a block: inline spans, wrapped as one paragraph line."""


class Block(msgspec.Struct, frozen=True):
    """A paragraph (one line that wraps) or a block of lines kept as written."""

    part: str
    """The letter part it came from: subject, greeting, apology, position, sign_off..."""
    lines: tuple[Line, ...]

    @property
    def is_paragraph(self) -> bool:
        """A single line, typeset as a flowing paragraph."""
        return len(self.lines) == 1


class Image(msgspec.Struct, frozen=True):
    """An image file placed in the letter (a logo, a signature) and what it says."""

    path: Path
    """An absolute path to a PNG, JPEG or SVG file."""
    alt: str
    """Alternative text for screen readers and text extraction."""


class Party(msgspec.Struct, frozen=True):
    """A name and the lines printed under it: the postal address, then contact details."""

    name: str
    address: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    """E-mail, phone and web address: printed, but never on an envelope."""
    logo: Image | None = None
    """The letterhead's logo (the sender's only)."""
    short_name: str | None = None
    """The acronym or short form, for places too narrow for the name (the running header)."""
    footer: tuple[str, ...] = ()
    """Lines at the foot of the first page (the sender's only): registration, bank details."""

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line under the name: the address, then the contact details."""
        return (*self.address, *self.contact)


class Signatory(msgspec.Struct, frozen=True):
    """Who signs: a signature image above the name, role and organisation lines."""

    lines: tuple[str, ...]
    """The name first, then role and organisation when given."""
    signature: Image | None = None
    on_behalf_of: str | None = None
    """Who the signatory signs for, printed after the closing's on_behalf_word."""


class Closing(msgspec.Struct, frozen=True):
    """The end of the letter, kept in one piece: valediction, signatories, bottom date."""

    valediction: tuple[Line, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    date: str | None = None
    """The letter date when it is placed under the signatures."""
    signature_space: bool = False
    """Room to sign by hand above each name that has no signature image."""
    on_behalf_word: str = "on behalf of"
    """The words before the name a signatory signs for ("pp", "i. A.", "p.o."): the
    language's own, filled by the wording; English by default."""


class Metadata(msgspec.Struct, frozen=True):
    """What the PDF's document information and the HTML head say."""

    title: str
    author: str
    subject: str
    language: str
    """BCP 47 language tag."""
    created: dt.date | None
    """The letter date when it is a real date: the PDF creation date."""


class TemplateFile(msgspec.Struct, frozen=True):
    """One file of the page layout template: the name it is included by, where it was read."""

    name: str
    path: str
    """The file it was read from, for messages."""
    text: str


class Layout(msgspec.Struct, frozen=True):
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
    page_label: str = ""
    """The running header's words around the page numbers, with {page} and {pages} where
    the numbers stand ("Page {page} of {pages}"); empty: the stylesheet's own label."""
    page_digits: str = "decimal"
    """The CSS counter style of the page numbers: the language's digits (persian,
    arabic-indic, devanagari, thai...)."""
    hyphenate: bool = True
    """Whether justified text is hyphenated (in the letter's language)."""
    envelope: str = "none"
    """The page layout's name (letterkit/layouts.py): "plain", or a window layout such as
    "din-5008-b" that puts the recipient's address in a window envelope's window."""
    pdf_variant: str = "pdf/ua-1"
    """The PDF standard WeasyPrint writes (pdf/ua-1, pdf/a-3b...)."""
    allow_remote: bool = False
    """Whether http(s) resources may be loaded too."""
    max_pages: int = 50
    """Pages the PDF may have; a letter laid out longer is refused before it is written."""
    time_limit: float = 10.0
    """CPU seconds the layout template may run, as each letter's templates may."""
    output_limit: int = 256_000
    """Characters of letter text the templates may write; the layout's markup around them
    may come to a few times as many."""
    page_template: tuple[TemplateFile, ...] = ()
    """The layout template's files, read by composition: the layout itself first, then the
    files it may include or import (letterkit/page fills it in)."""
    bilingual: Literal["pages", "columns"] = "pages"
    """How a letter with versions in other languages shows them: each from a new page, or
    side by side, part by part."""


class Address(msgspec.Struct, frozen=True):
    """An e-mail address and the name shown with it."""

    name: str
    email: str


class Mail(msgspec.Struct, frozen=True):
    """Who the letter goes to by e-mail, and what rides along (render -f eml)."""

    sender: Address | None = None
    to: Address | None = None
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()
    reply_to: Address | None = None
    attachments: tuple[Path, ...] = ()
    """Absolute paths of files to attach besides the PDF."""
    date: dt.date | None = None
    """The day the message is dated: the letter's, else the run's."""
    where: str = ""
    """Where the recipient's address is written, for messages."""
    html: bool = False
    """Whether the message has an HTML alternative to its plain-text body."""


class Page(msgspec.Struct, frozen=True):
    """The letter laid out as HTML by its layout template (letterkit/page)."""

    html: str
    """The standalone document, its stylesheet inside."""
    unstyled: str
    """The same document without the stylesheet, which the PDF applies from a shared copy."""
    mail: str = ""
    """The document for a mail client, without stylesheet or images (when the mail has HTML)."""


class Letter(msgspec.Struct, frozen=True):
    """One composed letter, ready for any renderer."""

    meta: Metadata
    sender: Party
    recipient: Party
    date: str | None
    """The date line at the top, or None when the date is placed elsewhere."""
    blocks: tuple[Block, ...]
    layout: Layout = msgspec.field(default_factory=Layout)
    name: str = "letter"
    """Which letter this is, for messages (the spec file)."""
    closing: Closing = msgspec.field(default_factory=Closing)
    after: tuple[Block, ...] = ()
    """Blocks after the signatures: enclosures and copies, labelled by the templates."""
    dated: str = ""
    """The formatted letter date wherever it is printed, for the running header."""
    co_senders: tuple[Party, ...] = ()
    """The other organisations of a joint letter, in the letterhead beside the sender."""
    sources: Sequence[tuple[str, str]] = ()
    """(spec field, text) pairs the letter was made from, so a message about a
    character can name the field it came from."""
    mail: Mail = msgspec.field(default_factory=Mail)
    page: Page | None = None
    """The letter laid out as HTML, once letterkit/page has laid it out."""
    versions: tuple[Letter, ...] = ()
    """The same letter in its other languages, in order (a bilingual letter: this one is
    the first language's); none for a letter in one language."""

    @property
    def in_every_language(self) -> tuple[Letter, ...]:
        """The letter in each of its languages, the first language's first."""
        return (self, *self.versions)
