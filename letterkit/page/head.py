"""The document around the layout's body: doctype, language, direction, title, metadata, styles.

Written by letterkit, never by the layout template: whatever a layout says,
the PDF is tagged with the letter's language and title, and the page size,
zones and page numbers come from letterkit's own table and the letter.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from letterkit import __version__
from letterkit.document import Letter
from letterkit.layouts import layout_named
from letterkit.page.zones import zone_css

PAGE_SIZES = {"a4": "A4", "letter": "letter", "legal": "legal", "a5": "A5"}
A5_MARGINS = "14mm 15mm 16mm 18mm"
"""A5's own page margins (top, right, bottom, left): A4's would leave a 105 mm column."""


def _css_string(text: str) -> str:
    """Text as a CSS string: quotes and backslashes escaped, nothing else can end it."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


VERSIONS_CSS = """
.version + .version { break-before: page; }
.running-head.blank { visibility: hidden; }
.letter.columns .pair { display: grid; column-gap: 8mm; align-items: start; }
.letter.columns .pair .date { text-align: start; }
"""
"""How a letter in several languages stands on the page, whatever the letter's stylesheet:
each version from a new page (a later one's first page without running header), or
the versions' pieces in a grid of columns."""


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


def _versions_css(letter: Letter) -> str:
    """Each version's page label, limited to its version, and the versions' arrangement.

    A limited rule is more specific than the stylesheet's own label, so it wins.
    """
    rules = [
        page_numbers_css(v.layout.page_label, v.layout.page_digits, f"html:root .version-{i} ")
        for i, v in enumerate(letter.in_every_language)
    ]
    return "\n".join([*(rule for rule in rules if rule), VERSIONS_CSS])


def _meta(letter: Letter) -> list[Markup]:
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
    return parts


def _page_styles(letter: Letter) -> list[Markup]:
    layout = letter.layout
    size = PAGE_SIZES.get(layout.page_size, "A4")
    parts = [Markup("<style>@page { size: %s; }</style>") % size]
    if layout.page_size == "a5":
        parts.append(Markup("<style>@page { margin: %s; }</style>") % A5_MARGINS)
    numbers = _versions_css(letter) if letter.versions else ""
    numbers = numbers or page_numbers_css(layout.page_label, layout.page_digits)
    if numbers:
        parts.append(Markup("<style>%s</style>") % Markup(numbers))
    zones = zone_css(layout_named(layout.envelope))
    if zones:
        # Numbers from letterkit's own layout table, not from the letter.
        parts.append(Markup("<style>\n%s\n</style>") % Markup(zones))
    return parts


def _stylesheet(letter: Letter) -> Markup:
    # The stylesheet is the project's own CSS: inserted as written, but
    # unable to close the style element early.
    css = letter.layout.stylesheet.replace("</", "<\\/")
    return Markup("<style>\n%s\n</style>") % Markup(css)


def documents(letter: Letter, body: str) -> tuple[str, str]:
    """The whole HTML document around a layout's body: with its stylesheet, and without."""
    opening = Markup('<!DOCTYPE html>\n<html lang="%s" dir="%s">\n<head>\n') % (
        letter.meta.language,
        letter.layout.direction,
    )
    head = Markup("\n").join([*_meta(letter), *_page_styles(letter)])
    closing = f"\n</head>\n{body}\n</html>\n"
    return (
        f"{opening}{head}\n{_stylesheet(letter)}{closing}",
        f"{opening}{head}{closing}",
    )
