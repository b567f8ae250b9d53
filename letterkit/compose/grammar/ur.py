"""Urdu: verbs agree with the gender and number of their subject (ہوگا، ہوگی، ہوں گے)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from letterkit.compose.grammar.base import Grammar, agree, agreeing

# A plural noun before a postposition (को, में) takes its oblique form; these are the
# regular endings, applied to the last word of a name.
_OBLIQUE = (("یاں", "یوں"), ("ئیں", "ئوں"), ("یں", "وں"), ("ے", "وں"))


def oblique(text: str) -> str:
    """The oblique plural before a postposition: ریلیاں کو → ریلیوں کو."""
    for ending, replaced in _OBLIQUE:
        if text.endswith(ending):
            return text[: -len(ending)] + replaced
    return text


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "یکم مئی 2026 کو" or "10 مارچ 2026 سے 12 مارچ 2026 تک"."""
    if end is None or end == start:
        return f"{fmt(start)} کو"
    return f"{fmt(start)} سے {fmt(end)} تک"


GRAMMAR = Grammar(
    "ur",
    {"agree": agree, "oblique": oblique},
    agreeing(
        "ur",
        {
            "event": "agree the verb",
            "person": "agree the verb and write the salutation",
            "sender-person": "agree the verb",
        },
    ),
    period,
    any_calendar=True,
)
