"""Persian: the ezafe after a word ending in a silent h ("کنگره‌ی مهم")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from letterkit.compose.grammar.base import Grammar, agreeing

ZWNJ = "\u200c"


def ezafe(word: str) -> str:
    """A word with the ezafe written where Persian writes it: "کنگره‌ی", "شورای", "کنفرانس"."""
    if word.endswith("ه"):
        return f"{word}{ZWNJ}ی"
    if word.endswith(("ا", "و")):
        return f"{word}ی"
    return word


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "در ۱۱ اردیبهشت ۱۴۰۵", "از ۱۹ تا ۲۱ دی ۱۳۸۶" or "از ۳۰ دی ۱۳۸۶ تا ۲ بهمن ۱۳۸۶"."""
    if end is None or end == start:
        return f"در {fmt(start)}"
    first, last = fmt(start), fmt(end)
    day, _, month = first.partition(" ")
    # Days of one month name it once, with its year: "از ۱۹ تا ۲۱ دی ۱۳۸۶".
    return f"از {day if last.endswith(' ' + month) else first} تا {last}"


GRAMMAR = Grammar(
    "fa",
    {"ezafe": ezafe},
    agreeing("fa", {"person": "write the honorific"}),
    period,
    any_calendar=True,
)
