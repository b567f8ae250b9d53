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
    """Writes "در ۱۱ اردیبهشت ۱۴۰۵" or "از ۱۹ دی تا ۲۱ دی ۱۳۸۶"."""
    if end is None or end == start:
        return f"در {fmt(start)}"
    return f"از {fmt(start)} تا {fmt(end)}"


GRAMMAR = Grammar(
    "fa",
    {"ezafe": ezafe},
    agreeing("fa", {"person": "write the honorific"}),
    period,
    any_calendar=True,
)
