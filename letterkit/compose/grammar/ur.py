"""Urdu: verbs agree with the gender and number of their subject (ہوگا، ہوگی، ہوں گے)."""

from __future__ import annotations

import datetime as dt
import re
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


# Babel's Urdu date puts a comma before the year ("14 جنوری، 2026"); a letter does not.
_YEAR_COMMA = re.compile(r"،\s*(?=\d+$)")


def date(text: str) -> str:
    """A date as an Urdu letter writes it: "14 جنوری 2026", the first of the month "یکم مئی"."""
    text = _YEAR_COMMA.sub(" ", text)
    return "یکم " + text[2:] if text.startswith(("1 ", "۱ ")) else text


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "یکم مئی 2026 کو", "10 سے 12 مارچ 2026 تک" or "30 اپریل 2026 سے 2 مئی 2026 تک"."""
    if end is None or end == start:
        return f"{date(fmt(start))} کو"
    first, last = date(fmt(start)), date(fmt(end))
    day, _, month = first.partition(" ")
    # Days of one month name it once: "10 سے 12 مارچ 2026 تک".
    return f"{day if last.endswith(' ' + month) else first} سے {last} تک"


GRAMMAR = Grammar(
    "ur",
    {"agree": agree, "oblique": oblique, "date": date},
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
