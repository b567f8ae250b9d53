"""HTML: the document that becomes the PDF, for preview and debugging.

Built with markupsafe's escaping from the document model alone; every piece
of letter text is escaped, whatever it contains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from markupsafe import Markup, escape

from letterkit import __version__
from letterkit.document import Block, Closing, Layout, Letter, Line, Party, Signatory, Span
from letterkit.layouts import layout_named
from letterkit.render import versions
from letterkit.render.isolation import isolated
from letterkit.render.letterhead import (
    envelope_window,
    first_footer,
    image,
    letterhead,
    party_lines,
    running_header,
)
from letterkit.render.typography import sized, unbroken, unbroken_date
from letterkit.render.zones import zone_css

PAGE_SIZES = {"a4": "A4", "letter": "letter", "legal": "legal", "a5": "A5"}
A5_MARGINS = "14mm 15mm 16mm 18mm"
"""A5's own page margins (top, right, bottom, left): A4's would leave a 105 mm column."""


def _span(span: Span) -> Markup:
    html = escape(span.text) if span.code else unbroken(span.text)
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


def _block(block: Block, keep: bool = False) -> Markup:
    kind = "paragraph" if block.is_paragraph else "lines"
    body = Markup("<br>\n").join(_line(line) for line in block.lines)
    css = Markup("%s part-%s%s") % (kind, block.part, " keep-with-next" if keep else "")
    return Markup('<p class="%s">%s</p>') % (css, body)


KEPT_LINES = 2
"""Body lines that go with the closing onto its page, so it never stands alone."""


def _body(blocks: tuple[Block, ...]) -> list[Markup]:
    """The body's blocks, the last of them marked to stay with the closing.

    A paragraph brings at least two lines (the stylesheet's widows); a block
    of one short line (a slogan) does not, so the one before it is kept too.
    """
    kept, lines = 0, 0
    for block in reversed(blocks):
        if lines >= KEPT_LINES:
            break
        kept += 1
        lines += _lines_about(block)
    cut = len(blocks) - kept
    return [_block(b, keep=i >= cut) for i, b in enumerate(blocks)]


def _lines_about(block: Block) -> int:
    """About how many lines a block takes, counting to two: a short paragraph is one line."""
    if not block.is_paragraph:
        return len(block.lines)
    chars = sum(len(span.text) for span in block.lines[0])
    return min(KEPT_LINES, 1 + chars // LINE_CHARS)


LINE_CHARS = 90
"""Characters of a full body line, about, at the built-in type size and measure."""


def _ending(letter: Letter) -> Markup:
    """The closing with the enclosures and copies: one piece, never split over pages."""
    after = Markup("\n").join(_block(b) for b in letter.after)
    closing = _closing(letter.closing, letter.layout.direction, letter.layout.page_size)
    return Markup('<div class="ending">\n%s\n%s</div>') % (closing, after)


def _party(party: Party, css: str, tag: str, direction: str) -> Markup:
    extra = party_lines(party, direction)
    return Markup('<%s class="%s"><div class="name">%s</div>%s</%s>') % (
        Markup(tag),
        css,
        sized(isolated(party.name, direction)),
        extra,
        Markup(tag),
    )


def _signatory(
    signatory: Signatory, slot: bool, direction: str, place: str = "", on_behalf: str = ""
) -> Markup:
    img = image(signatory.signature, "signature") if signatory.signature else Markup("")
    if slot:
        # Every signatory of a letter with signature images gets the same
        # slot, so the names below stand on one line.
        img = Markup('<div class="slot">%s</div>') % img
    name, *rest = (sized(isolated(line, direction)) for line in signatory.lines)
    lines = Markup("").join(Markup('<div class="detail">%s</div>') % line for line in rest)
    if signatory.on_behalf_of:
        for_whom = sized(isolated(signatory.on_behalf_of, direction))
        lines += Markup('<div class="detail on-behalf">%s %s</div>') % (on_behalf, for_whom)
    style = Markup(' style="%s"') % place if place else Markup("")
    return Markup('<div class="signatory"%s>%s<div class="name">%s</div>%s</div>') % (
        style,
        img,
        name,
        lines,
    )


def _places(count: int, columns: int, direction: str) -> list[str]:
    """Grid cells of the signatories, right to left in a right-to-left letter.

    WeasyPrint fills a grid left to right whatever the direction, so a
    right-to-left letter places each signatory explicitly; the document order
    (and so the reading order of the tagged PDF) stays the spec's.
    """
    if direction != "rtl" or columns < 2:
        return [""] * count
    return [
        f"grid-column: {columns - i % columns}; grid-row: {i // columns + 1}" for i in range(count)
    ]


MAX_COLUMNS = {"a5": 2}
"""Signatories side by side on a page of that size; four elsewhere."""


def _columns(count: int, page_size: str) -> int:
    """Columns of the signatories' grid: all of them on one row when they fit."""
    return max(1, min(count, MAX_COLUMNS.get(page_size, 4)))


def _closing(closing: Closing, direction: str, page_size: str) -> Markup:
    """Valediction, signatures and the bottom date, kept on one page."""
    valediction = Markup("<br>\n").join(_line(line) for line in closing.valediction)
    slot = closing.signature_space or any(s.signature for s in closing.signatories)
    signatories = closing.signatories
    columns = _columns(len(signatories), page_size)
    places = _places(len(signatories), columns, direction)
    people = Markup("\n").join(
        _signatory(s, slot, direction, place, closing.on_behalf_word)
        for s, place in zip(signatories, places, strict=True)
    )
    return Markup(
        '<section class="closing">\n%s<div class="signatories columns-%d">\n%s\n</div>\n'
        "%s</section>"
    ) % (
        Markup('<p class="valediction">%s</p>\n') % valediction if valediction else "",
        columns,
        people,
        Markup('<p class="date">%s</p>\n')
        % unbroken_date(isolated(closing.date, direction, always=True))
        if closing.date
        else "",
    )


def _css_string(text: str) -> str:
    """Text as a CSS string: quotes and backslashes escaped, nothing else can end it."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def page_numbers_css(label: str, digits: str, scope: str = "") -> str:
    """The running header's page number rule, when the letter gives words or digits.

    The numbers are isolated left to right, so "2 / 3" never reads "3 / 2".
    ``scope`` is a selector the rule is limited to (one version of a letter).
    """
    if not label and digits == "decimal":
        return ""
    label = label or "{page} / {pages}"
    style = digits if digits.replace("-", "").isalpha() else "decimal"
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", label):
        if piece == "{page}":
            parts.append(f"counter(page, {style})")
        elif piece == "{pages}":
            parts.append(f"counter(pages, {style})")
        elif piece:
            parts.append(_css_string(piece))
    content = " ".join(['"\\2066"', *parts, '"\\2069"'])
    return f"{scope}.running-head .page::after {{ content: {content}; }}"


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
    if letter.layout.page_size == "a5":
        parts.append(Markup("<style>@page { margin: %s; }</style>") % A5_MARGINS)
    numbers = page_numbers_css(letter.layout.page_label, letter.layout.page_digits)
    if numbers:
        parts.append(Markup("<style>%s</style>") % Markup(numbers))
    zones = zone_css(layout_named(letter.layout.envelope))
    if zones:
        # Numbers from letterkit's own layout table, not from the letter.
        parts.append(Markup("<style>\n%s\n</style>") % Markup(zones))
    if stylesheet:
        # The stylesheet is the project's own CSS: inserted as written, but
        # unable to close the style element early.
        css = letter.layout.stylesheet.replace("</", "<\\/")
        parts.append(Markup("<style>\n%s\n</style>") % Markup(css))
    return Markup("\n").join(parts)


def _dateline(letter: Letter) -> Markup:
    if not letter.date:
        return Markup("")
    dated = unbroken_date(isolated(letter.date, letter.layout.direction, always=True))
    return Markup('<p class="date">%s</p>') % dated


def _recipient(letter: Letter) -> Markup:
    recipient = _party(letter.recipient, "recipient", "address", letter.layout.direction)
    if layout_named(letter.layout.envelope).field is not None:
        return envelope_window(letter, recipient)
    return recipient


def _classes(layout: Layout) -> str:
    page = layout_named(layout.envelope)
    return " ".join(
        name
        for name, wanted in (
            (f"align-{layout.align}", True),
            (f"layout-{page.name}", True),
            (f"page-{layout.page_size}", True),
            ("windowed", page.field is not None),
            ("hyphenate", layout.hyphenate),
        )
        if wanted
    )


def _front(letter: Letter) -> Markup:
    """What stands before the body: page furniture, letterhead, address and date."""
    direction = letter.layout.direction
    return Markup("\n").join(
        [
            running_header(letter) + first_footer(letter.sender, direction),
            letterhead(letter.sender, direction, letter.co_senders),
            _recipient(letter),
            _dateline(letter),
        ]
    )


def _main(letter: Letter) -> Markup:
    body = Markup("\n").join([*_body(letter.blocks), _ending(letter)])
    return Markup('<main class="letter">\n%s\n</main>') % body


def _rows(letter: Letter) -> list[tuple[str, Markup]]:
    """The letter's pieces in reading order, each named for its part, to be set side by side.

    The n-th block of a part is named "part-n", so the versions' pieces pair up
    part by part even when one version has more paragraphs than another.
    """
    counts: dict[str, int] = {}
    rows = [("date", _dateline(letter))] if letter.date else []
    for block in letter.blocks:
        counts[block.part] = counts.get(block.part, 0) + 1
        rows.append((f"{block.part}-{counts[block.part]}", _block(block)))
    return [*rows, ("ending", _ending(letter))]


def _document(letter: Letter, stylesheet: bool, body: Markup, rules: str = "") -> str:
    layout = letter.layout
    head = _head(letter, stylesheet)
    if rules:
        head += Markup("\n<style>\n%s</style>") % Markup(rules)
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="%s" dir="%s">\n<head>\n%s\n</head>\n'
            '<body class="%s">\n%s\n</body>\n</html>\n'
        )
        % (letter.meta.language, layout.direction, head, _classes(layout), body)
    )


def to_html(letter: Letter, stylesheet: bool = True) -> str:
    """The full HTML document for a letter; without the stylesheet if the caller applies it.

    A letter in several languages holds every version, each in an element
    with its own lang and dir: one after the other, each from a new page, or
    side by side under one letterhead.
    """
    if not letter.versions:
        return _document(letter, stylesheet, _front(letter) + Markup("\n") + _main(letter))
    every = letter.in_every_language
    rules = versions.page_labels(
        [(v.layout.page_label, v.layout.page_digits) for v in every], page_numbers_css
    )
    if letter.layout.bilingual == "columns":
        shared = Markup("\n").join(
            [
                running_header(letter) + first_footer(letter.sender, letter.layout.direction),
                letterhead(versions.names_in_every_language(every), letter.layout.direction),
                _recipient(letter),
            ]
        )
        body = versions.side_by_side(shared, [versions.Version.of(v, _rows(v)) for v in every])
        return _document(letter, stylesheet, body, rules + versions.COLUMNS_CSS)
    pages = [versions.Version.of(v, [("front", _front(v)), ("main", _main(v))]) for v in every]
    return _document(letter, stylesheet, versions.one_after_another(pages), rules)


class HtmlRenderer:
    """Renders the letter as a standalone HTML document."""

    loaded: Mapping[str, str] = MappingProxyType({})
    """Text and HTML load no file: the HTML refers to its images by address."""

    def render(self, letter: Letter) -> bytes:
        """The HTML document as UTF-8 bytes."""
        return to_html(letter).encode("utf-8")


RENDERER = HtmlRenderer()
