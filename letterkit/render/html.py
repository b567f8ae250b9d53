"""HTML: the document that becomes the PDF, for preview and debugging.

Built with markupsafe's escaping from the document model alone; every piece
of letter text is escaped, whatever it contains.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from markupsafe import Markup, escape

from letterkit import __version__
from letterkit.document import Block, Closing, Letter, Line, Party, Signatory, Span
from letterkit.render.letterhead import (
    envelope_window,
    image,
    letterhead,
    party_lines,
    running_header,
)

PAGE_SIZES = {"a4": "A4", "letter": "letter", "legal": "legal", "a5": "A5"}


def _span(span: Span) -> Markup:
    html = escape(span.text)
    if span.code:
        html = Markup("<code>%s</code>") % html
    if span.emphasis:
        html = Markup("<em>%s</em>") % html
    if span.strong:
        html = Markup("<strong>%s</strong>") % html
    if span.href:
        html = Markup('<a href="%s">%s</a>') % (span.href, html)
    return html


def _line(line: Line) -> Markup:
    return Markup("").join(_span(s) for s in line)


def _block(block: Block) -> Markup:
    kind = "paragraph" if block.is_paragraph else "lines"
    body = Markup("<br>\n").join(_line(line) for line in block.lines)
    return Markup('<p class="%s part-%s">%s</p>') % (kind, block.part, body)


def _party(party: Party, css: str, tag: str) -> Markup:
    extra = party_lines(party)
    return Markup('<%s class="%s"><div class="name">%s</div>%s</%s>') % (
        Markup(tag),
        css,
        party.name,
        extra,
        Markup(tag),
    )


def _signatory(signatory: Signatory, slot: bool) -> Markup:
    img = image(signatory.signature, "signature") if signatory.signature else Markup("")
    if slot:
        # Every signatory of a letter with signature images gets the same
        # slot, so the names below stand on one line.
        img = Markup('<div class="slot">%s</div>') % img
    name, *rest = signatory.lines
    lines = Markup("").join(Markup('<div class="detail">%s</div>') % line for line in rest)
    return Markup('<div class="signatory">%s<div class="name">%s</div>%s</div>') % (
        img,
        name,
        lines,
    )


def _closing(closing: Closing) -> Markup:
    """Valediction, signatures and the bottom date, kept on one page."""
    valediction = Markup("<br>\n").join(_line(line) for line in closing.valediction)
    slot = any(s.signature for s in closing.signatories)
    people = Markup("\n").join(_signatory(s, slot) for s in closing.signatories)
    return Markup(
        '<section class="closing">\n%s<div class="signatories">\n%s\n</div>\n%s</section>'
    ) % (
        Markup('<p class="valediction">%s</p>\n') % valediction if valediction else "",
        people,
        Markup('<p class="date">%s</p>\n') % closing.date if closing.date else "",
    )


def _head(letter: Letter, stylesheet: bool = True) -> Markup:
    meta = letter.meta
    created = meta.created.isoformat() if meta.created else None
    parts = [
        Markup('<meta charset="utf-8">'),
        Markup("<title>%s</title>") % meta.title,
        Markup('<meta name="author" content="%s">') % meta.author,
        Markup('<meta name="generator" content="letterkit %s">') % __version__,
    ]
    if meta.subject:
        parts.append(Markup('<meta name="description" content="%s">') % meta.subject)
    if created:
        parts.append(Markup('<meta name="dcterms.created" content="%s">') % created)
        parts.append(Markup('<meta name="dcterms.modified" content="%s">') % created)
    size = PAGE_SIZES.get(letter.layout.page_size, "A4")
    parts.append(Markup("<style>@page { size: %s; }</style>") % size)
    if stylesheet:
        # The stylesheet is the project's own CSS: inserted as written, but
        # unable to close the style element early.
        css = letter.layout.stylesheet.replace("</", "<\\/")
        parts.append(Markup("<style>\n%s\n</style>") % Markup(css))
    return Markup("\n").join(parts)


def to_html(letter: Letter, stylesheet: bool = True) -> str:
    """The full HTML document for a letter; without the stylesheet if the caller applies it."""
    layout = letter.layout
    date = Markup('<p class="date">%s</p>') % letter.date if letter.date else Markup("")
    body = Markup("\n").join(
        [*(_block(b) for b in letter.blocks), _closing(letter.closing)]
        + [_block(b) for b in letter.after]
    )
    recipient = _party(letter.recipient, "recipient", "address")
    if layout.envelope != "none":
        recipient = envelope_window(letter, recipient)
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="%s" dir="%s">\n<head>\n%s\n</head>\n'
            '<body class="align-%s envelope-%s">\n%s\n%s\n%s\n%s\n<main class="letter">\n%s\n'
            "</main>\n</body>\n</html>\n"
        )
        % (
            letter.meta.language,
            layout.direction,
            _head(letter, stylesheet),
            layout.align,
            layout.envelope,
            running_header(letter),
            letterhead(letter.sender),
            recipient,
            date,
            body,
        )
    )


class HtmlRenderer:
    """Renders the letter as a standalone HTML document."""

    loaded: Mapping[str, str] = MappingProxyType({})
    """Text and HTML load no file: the HTML refers to its images by address."""

    def render(self, letter: Letter) -> bytes:
        """The HTML document as UTF-8 bytes."""
        return to_html(letter).encode("utf-8")


RENDERER = HtmlRenderer()
