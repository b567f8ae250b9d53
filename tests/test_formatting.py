"""Dates, date ranges and lists in the letter's language."""

from __future__ import annotations

import datetime as dt

import pytest

from letterkit.compose.formatting import Formatter

D = dt.date


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", D(2008, 1, 19), D(2008, 1, 21), "January 19\u202f–\u202f21, 2008"),
        ("en-GB", D(2009, 4, 30), D(2009, 5, 2), "30 April\u202f–\u202f2 May 2009"),
        ("en", D(2009, 12, 30), D(2010, 1, 2), "December 30, 2009\u202f–\u202fJanuary 2, 2010"),
        ("en", D(2008, 1, 19), D(2008, 1, 19), "January 19, 2008"),
        ("en", D(2008, 1, 19), None, "January 19, 2008"),
        ("fr", D(2009, 4, 30), D(2009, 5, 2), "30 avril\u202f–\u202f2 mai 2009"),
        ("de", D(2008, 1, 19), D(2008, 1, 21), "19.–21. Januar 2008"),
        ("en", "spring 2009", D(2009, 5, 2), "spring 2009 – May 2, 2009"),
    ],
)
# CLDR puts thin spaces (U+2009) around the range dash; letterkit makes them no-break (U+202F).
def test_ranges_write_months_out(
    language: str, start: D | str, end: D | None, expected: str
) -> None:
    assert Formatter(language).date_range(start, end) == expected


def test_dates_and_text() -> None:
    assert Formatter("en").date(D(2008, 1, 14)) == "January 14, 2008"
    assert Formatter("en").date("mid-January") == "mid-January"


def test_lists_and_direction() -> None:
    assert (
        Formatter("en").and_list(["schedule", "financial difficulties"])
        == "schedule and financial difficulties"
    )
    assert Formatter("fr").and_list(["a", "b", "c"]) == "a, b et c"
    assert Formatter("fa").direction == "rtl"
    assert Formatter("ur-PK").direction == "rtl"
    assert Formatter("hi").direction == "ltr"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fa", "\u06f1 مه \u06f2\u06f0\u06f2\u06f6"),  # Persian digits
        ("ar-EG", "\u0661 مايو \u0662\u0660\u0662\u0666"),  # Arabic-Indic digits
        ("bn", "১ মে, ২০২৬"),
        ("ar", "1 مايو 2026"),  # Arabic as CLDR writes it by default: Latin digits
    ],
)
def test_dates_use_the_languages_own_digits(language: str, expected: str) -> None:
    assert Formatter(language).date(D(2026, 5, 1)) == expected
    assert Formatter(language).date("1 May") == "1 May", "text stays as written"
