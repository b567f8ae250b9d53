"""Pagination read back from real PDFs: no block stranded, the running header on one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from letterkit.page.head import page_numbers_css
from tests.geometry import Box, chars, line_text, lines, words

PARAGRAPH = "A paragraph of the position statement that goes on for a while and says things. "
ENDS = {"enclosures": ["Annual report", "Photos"], "cc": ["ITUC", "IndustriALL", "COSATU"]}
TOP_MARGIN = 20
"""The built-in stylesheet's top page margin (mm); the running header stands above it."""


def _body(sentences: int) -> list[str]:
    """A position statement of full paragraphs and one last, shorter one."""
    return [PARAGRAPH * 6] * (sentences // 10) + [PARAGRAPH * (sentences % 10 + 1)]


@pytest.fixture
def render(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Callable[..., Path]:
    def render(changes: dict[str, Any]) -> Path:
        path = spec_file(changes)
        result = run("render", "-q", "-f", "pdf", path)
        assert result.exit_code == 0, result.output
        return path.with_suffix(".pdf")

    return render


# Body lengths whose ending used to fall on the page break: the cc list alone
# on page 2, the enclosures alone, the list split, the closing alone.
@pytest.mark.parametrize("sentences", [24, 26, 28, 30, 32, 36])
def test_the_ending_keeps_together_and_takes_two_body_lines(
    sentences: int, render: Callable[..., Path]
) -> None:
    pages = words(render({"position": _body(sentences), **ENDS}))
    assert len(pages) == 2
    rows = [line_text(r) for r in lines(pages[-1]) if r[0].top > TOP_MARGIN - 1]
    ending = rows.index("In solidarity,")
    assert ending >= 2, f"the closing carries fewer than two body lines: {rows[: ending + 1]}"
    assert rows[ending + 1 :] == [
        "Workers' Solidarity Network (WSN)",
        "Enclosures:",
        "Annual report",
        "Photos",
        "cc:",
        "ITUC",
        "IndustriALL",
        "COSATU",
    ]
    first = [line_text(r) for r in lines(pages[0])]
    assert "cc:" not in first and "Enclosures:" not in first and "In solidarity," not in first


LONG_SENDER = "International Confederation of Democratic and Independent Trade Unions"
LONG_RECIPIENT = "National Union of Metalworkers and Allied Workers of the Eastern Cape"


def _running_heads(path: Path) -> list[list[Box]]:
    """The running header's words on each page after the first, checked to stand on one line."""
    pages = words(path)
    assert len(pages) >= 2
    heads = []
    for number, page in enumerate(pages[1:], start=2):
        head = sorted((w for w in page if w.bottom < TOP_MARGIN), key=lambda w: w.x0)
        assert head, f"page {number} has no running header"
        assert max(w.bottom for w in head) - min(w.bottom for w in head) < 0.5, "it wraps"
        assert line_text(head).endswith(f"Page {number} of {len(pages)}")
        assert head[-1].x1 <= 210 - 22 + 0.5, "it runs into the right margin"
        label = min(w.x0 for w in head if w.text == "Page")
        names = [w for w in head if w.x0 < label]
        assert names[-1].x1 < label - 2, "the names run under the page number"
        heads.append(names)
    return heads


def test_a_long_running_header_gives_way_to_short_names(render: Callable[..., Path]) -> None:
    path = render(
        {
            "sender": {"name": LONG_SENDER, "short_name": "ICDITU"},
            "recipient": {"name": LONG_RECIPIENT, "short_name": "NUMAW"},
            "position": _body(40),
        }
    )
    for names in _running_heads(path):
        assert line_text(names) == f"ICDITU · {LONG_RECIPIENT} · March 8, 2026"


def test_a_long_running_header_without_short_names_is_cut_not_wrapped(
    render: Callable[..., Path],
) -> None:
    path = render(
        {
            "sender": {"name": LONG_SENDER + " of the Northern Region", "short_name": None},
            "recipient": {"name": LONG_RECIPIENT, "short_name": None},
            "position": _body(40),
        }
    )
    for names in _running_heads(path):
        text = line_text(names)
        assert "…" in text and text.endswith("· March 8, 2026"), text


def test_page_numbers_are_in_the_letters_own_digits(render: Callable[..., Path]) -> None:
    path = render(
        {
            "language": "fa",
            "apology": None,
            "event": None,
            "greeting": {"salutation": "رفقا،", "text": "درود. " * 400},
        }
    )
    pages = chars(path)
    assert len(pages) == 2
    head = "".join(c.text for c in pages[1] if c.bottom < TOP_MARGIN)
    assert "۲" in head and "2" not in head, head


def test_page_words_from_the_document_model_replace_the_stylesheets() -> None:
    rule = page_numbers_css("Seite {page} von {pages}", "decimal")
    assert rule == (
        '.running-head .page::after { content: "\\2066" "Seite " counter(page, decimal) '
        '" von " counter(pages, decimal) "\\2069"; }'
    )
    assert page_numbers_css("", "decimal") == "", "the stylesheet's label stands"
    hostile = page_numbers_css('"; } body { display: none } {page}', "x; y")
    # Words cannot end the string or the rule; an unknown digit style is decimal.
    assert hostile.count("{") == 1 and hostile.count("}") == 1, hostile
    assert "counter(page, decimal)" in hostile


def test_the_senders_footer_stands_at_the_foot_of_the_first_page_only(
    render: Callable[..., Path],
) -> None:
    footer = ["Registered charity no. 1234567", "IBAN GB29 NWBK 6016 1331 9268 19"]
    path = render({"sender": {"footer": footer}, "position": _body(40)})
    first, *later = words(path)
    bottom = [w for w in first if w.top > 297 - 24]
    assert line_text(sorted(bottom, key=lambda w: w.x0)) == " · ".join(footer)
    assert later and not any("1234567" in w.text for page in later for w in page)
