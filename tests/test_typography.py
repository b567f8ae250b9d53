"""Typography read back from the PDF: hyphenation, unbroken numbers and dates, A5's scale."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import Markup

from letterkit.page.typography import (
    _ARABIC_RUN,
    _KEPT,
    ARABIC_SCRIPT,
    NO_WRAP,
    _kept,
    escape,
    sized,
    unbroken,
)
from tests.geometry import Box, line_text, lines, words
from tests.pdfs import reader, text

LONG_WORDS = (
    "Internationalisation of responsibilities, notwithstanding extraordinarily "
    "uncharacteristic administrative counterrevolutionary misrepresentations, "
    "demonstrates institutionalised interdependence. "
) * 6
GERMAN = (
    "Die Arbeitnehmervertretungen der Gesundheitsversorgungseinrichtungen "
    "unterstützen die Tarifverhandlungsergebnisse ausdrücklich und "
    "nachdrücklich. "
) * 6
GENDERS = {
    "sender": {"gender": "neuter"},
    "recipient": {"gender": "masculine"},
    "event": {"gender": "masculine"},
}
"""What German needs to write the articles; English takes it and ignores it."""
HYPHENS = ("-", "\u2010", "\u00ad")


@pytest.fixture
def pdf_words(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Callable[..., list]:
    def render(changes: dict[str, Any]) -> list[list[Box]]:
        path = spec_file(changes)
        result = run("render", "-q", "-f", "pdf", path)
        assert result.exit_code == 0, result.output
        return words(path.with_suffix(".pdf"))

    return render


def _line_ends(pages: list[list[Box]]) -> list[str]:
    return [row[-1].text for page in pages for row in lines(page)]


@pytest.mark.parametrize(
    ("language", "text"), [("en", LONG_WORDS), ("de", GERMAN)], ids=["en", "de"]
)
def test_justified_text_is_hyphenated_in_its_language(
    language: str, text: str, pdf_words: Callable[..., list[list[Box]]]
) -> None:
    spec = {"language": language, "apology": None, "position": [text], **GENDERS}
    hyphenated = pdf_words({**spec, "layout": {"align": "justify"}})
    assert any(end.endswith(HYPHENS) for end in _line_ends(hyphenated))
    plain = pdf_words({**spec, "layout": {"align": "justify", "hyphenate": False}})
    assert not any(end.endswith(HYPHENS) for end in _line_ends(plain))


def test_numbers_keep_their_words_and_dates_stay_whole(
    pdf_words: Callable[..., list[list[Box]]],
) -> None:
    # Filler of varying length puts each phrase at the end of some line.
    phrases = ["143 workers", "30 days", "per cent", "1 May 2026"]
    paragraphs = [
        f"{'word ' * n}then {phrase} and more words to fill the line."
        for n in range(1, 15)
        for phrase in phrases
    ]
    pages = pdf_words({"position": paragraphs})
    rows = [line_text(row) for page in pages for row in lines(page)]
    assert not any(row.endswith((" 143", " 30", " per", " 1", " May")) for row in rows), rows


def test_a5_has_its_own_margins_and_type_size(pdf_words: Callable[..., list[list[Box]]]) -> None:
    a5 = pdf_words({"layout": {"page_size": "a5"}})[0]
    a4 = pdf_words({})[0]
    left = min(w.x0 for w in a5)
    assert 17 <= left <= 19, left
    assert max(w.x1 for w in a5) <= 148 - 15 + 0.5
    (dear5,), (dear4,) = ([w for w in page if w.text == "Dear"] for page in (a5, a4))
    assert dear5.bottom - dear5.top < dear4.bottom - dear4.top, "smaller type on A5"


def test_a_kept_number_and_word_keeps_the_words_marks(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # "143 workers" in Arabic ends in a tanwin: cut before it, it would be
    # drawn on a dotted circle of its own.
    path = spec_file(
        {
            "language": "ar",
            "apology": None,
            "event": None,
            "greeting": {"salutation": "الرفاق،", "text": "إعادة ١٤٣ عاملًا خلال ٣٠ يومًا."},
        }
    )
    assert run("render", "-q", "-f", "pdf", path).exit_code == 0
    extracted = text(reader(path.with_suffix(".pdf")))
    assert "\u25cc" not in extracted
    assert "عاملًا" in extracted


PLAIN_KEPT = re.compile(
    r"(?:\d[\d.,:/\u2013-]*\s)?[^\W\d_]\S*\s\d{4}\b|\d[\d.,]*\s[^\W\d_]\S*|\bper\scent\b",
    re.IGNORECASE,
)
"""What is kept on one line, as first written: without the search's shortcuts."""
PIECES = ["May", "mai", "é", "x", "_", "143", "2026", "1", ",", ".", "-", "\u2013", "/", ":",
          "(", "\u201c", " ", " ", "\u00a0", "\n", "per", "PER", "cent", "\u0645\u064b",
          "\u0661\u0664\u0663", "\u0968\u0966\u0968\u0966"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example("on \u201c1 May 2026\u201d (May 2026) and x143 workers, 5 per cent, 19-21 May 2026")
def test_numbers_and_dates_are_found_as_the_plain_search_finds_them(text: str) -> None:
    out, last = [], 0
    for found in PLAIN_KEPT.finditer(text):
        out += [sized(text[last : found.start()]), NO_WRAP % sized(found.group())]
        last = found.end()
    assert unbroken(text) == Markup("").join([*out, sized(text[last:])])


SIZED_PIECES = [*PIECES, "<", "&", "\u0627", "\u200c"]
"""Besides, what escaping changes and what an Arabic run holds."""


@given(st.lists(st.sampled_from(SIZED_PIECES), max_size=20).map("".join))
def test_text_is_sized_as_marking_every_arabic_run_would(text: str) -> None:
    out, last = [], 0
    for found in _ARABIC_RUN.finditer(text):
        out += [escape(text[last : found.start()]), ARABIC_SCRIPT % found.group()]
        last = found.end()
    assert sized(text) == Markup("").join([*out, escape(text[last:])])


HINTED_PIECES = [
    *PIECES,
    "super",
    "Per\tcent",
    "cents",
    "x1",
    "2026x",
    "\u0966",
    "\u2009",
    "long-word",
]
"""Besides, "per" inside words, digits inside words, and other digits and spaces."""


@given(st.lists(st.sampled_from(HINTED_PIECES), max_size=40).map("".join))
@example("since 1999 and 5 per cent, x143 workers on 1 May 2026")
def test_spans_are_found_where_searching_every_position_finds_them(text: str) -> None:
    assert [m.span() for m in _kept(text)] == [m.span() for m in _KEPT.finditer(text)]
