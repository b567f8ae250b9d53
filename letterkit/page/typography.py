"""What must not be split at the end of a line of the PDF, kept together.

A number and the word after it ("143 workers", "30 days"), a date in running
text ("1 May 2026", "19-21 January, 2008"), "per cent", and every date the
letter generates stay on one line. They are wrapped in a no-wrap span rather
than given no-break spaces: a font that draws both spaces with one glyph
(Noto Naskh Arabic) would make every space of the PDF extract as a no-break
space. The text twin keeps its text as it is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_KEPT = re.compile(
    # A word runs to the next space, its combining marks (Arabic tanwin) included.
    # Possessive runs and the look-behind (a date's word starts a word, or follows
    # punctuation) find the same spans as plain ones, without rescanning each word
    # from every letter in it (the filter takes half the time).
    r"(?:\d[\d.,:/\u2013-]*+\s)?(?<![^\W\d_])[^\W\d_]\S*+\s\d{4}\b"  # a date: [1] May[,] 2026
    r"|\d[\d.,]*+\s[^\W\d_]\S*+"  # a number and its word: 143 workers
    r"|\bper\scent\b",
    re.IGNORECASE,
)
_MAYBE_KEPT = re.compile(r"\d|per\scent", re.IGNORECASE)
"""What every kept span holds: most paragraphs have neither, and need no other search."""
NO_WRAP = Markup('<span class="nowrap">%s</span>')
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC}](?:[{_ARABIC}\u200c\u200d ]*[{_ARABIC}])?")
"""Words in Arabic script and the spaces between them."""
ARABIC_SCRIPT = Markup('<span class="arabic-script">%s</span>')


def sized(text: str) -> Markup:
    """Text, escaped, its runs of Arabic script marked so the stylesheet can match their size.

    Naskh's letters are small beside a Latin face of the same point size; in a
    letter in another script the stylesheet sets the marked runs larger.
    """
    if not _ARABIC_RUN.search(text):  # most text: one search, and no joining of pieces
        return escape(text)
    out, last = [], 0
    for found in _ARABIC_RUN.finditer(text):
        out += [escape(text[last : found.start()]), ARABIC_SCRIPT % found.group()]
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def unbroken(text: str) -> Markup:
    """Running text, escaped, with its numbers, dates and "per cent" kept on one line."""
    if not _MAYBE_KEPT.search(text):
        return sized(text)
    out, last = [], 0
    for found in _KEPT.finditer(text):
        out += [sized(text[last : found.start()]), NO_WRAP % sized(found.group())]
        last = found.end()
    out.append(sized(text[last:]))
    return Markup("").join(out)


def unbroken_date(date: str) -> Markup:
    """A generated date held on one line: "1 May 2026", "May 1, 2026"."""
    return NO_WRAP % date
