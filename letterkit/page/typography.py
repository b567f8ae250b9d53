"""What must not be split at the end of a line of the PDF, kept together.

A number and the word after it ("143 workers", "30 days"), a date in running
text ("1 May 2026", "19-21 January, 2008"), "per cent", and every date the
letter generates stay on one line. They are wrapped in a no-wrap span rather
than given no-break spaces: a font that draws both spaces with one glyph
(Noto Naskh Arabic) would make every space of the PDF extract as a no-break
space. The text twin keeps its text as it is.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator

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
_NO_DIGITS = re.compile(r"\D*+")
_PER_CENT = re.compile(r"per\scent", re.IGNORECASE)
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


def _hints(text: str) -> Iterator[int]:
    """Where each digit and each "per cent" of the text starts, in order.

    Every kept span holds one. A run of non-digits is skipped in one loop, and
    "per cent" is looked for only in text holding "per" (no other letter folds
    to p, e or r): a search for either at each position was a quarter of the
    filter's time, and most paragraphs hold neither.
    """
    digits = _digits(text)
    if "per" not in text.lower():
        return digits
    return heapq.merge(digits, (found.start() for found in _PER_CENT.finditer(text)))


def _digits(text: str) -> Iterator[int]:
    at = _after_non_digits(text, 0)
    while at < len(text):
        yield at
        at = _after_non_digits(text, at + 1)


def _after_non_digits(text: str, start: int) -> int:
    found = _NO_DIGITS.match(text, start)
    return found.end() if found else len(text)  # it always matches, if only nothing


def _kept(text: str) -> Iterator[re.Match[str]]:
    """``_KEPT.finditer(text)``, trying only the starts near a digit or "per cent".

    A span without a digit at its start (a date's word) starts in the run of
    non-spaces just before its first digit. Matching at each other position
    cost more than the rest of the filter. Each position is tried once at
    most, as finditer does.
    """
    done = 0  # no span found yet starts before it
    for at in _hints(text):
        start = _word_start(text, at - 1, done)
        while start <= at:
            found = _KEPT.match(text, start)
            if found is None:
                start += 1
                continue
            yield found
            start = found.end()
        done = max(done, start)


def _word_start(text: str, end: int, floor: int) -> int:
    """Where the run of non-spaces before ``end`` starts, not before ``floor``.

    str.isspace is exactly what re takes for a space (checked over every code point).
    """
    start = end
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return max(start, floor)


def unbroken(text: str) -> Markup:
    """Running text, escaped, with its numbers, dates and "per cent" kept on one line."""
    out, last = [], 0
    for found in _kept(text):
        out += [sized(text[last : found.start()]), NO_WRAP % sized(found.group())]
        last = found.end()
    if not out:
        return sized(text)
    out.append(sized(text[last:]))
    return Markup("").join(out)


def unbroken_date(date: str) -> Markup:
    """A generated date held on one line: "1 May 2026", "May 1, 2026"."""
    return NO_WRAP % date
