"""Hindi: verbs agree with the gender and number of their subject (होगा, होगी, होंगे)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from letterkit.compose.grammar.base import Grammar, agree, agreeing

# A plural noun before a postposition (को, में) takes its oblique form; these are the
# regular endings, applied to the last word of a name.
_OBLIQUE = (("याँ", "यों"), ("एँ", "ओं"), ("ें", "ों"), ("े", "ों"))


def oblique(text: str) -> str:
    """The oblique plural before a postposition: रैलियाँ को → रैलियों को, सभाएँ → सभाओं."""
    for ending, replaced in _OBLIQUE:
        if text.endswith(ending):
            return text[: -len(ending)] + replaced
    return text


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "1 मई 2026 को", "10 से 12 मार्च 2026 तक" or "30 अप्रैल 2026 से 2 मई 2026 तक"."""
    if end is None or end == start:
        return f"{fmt(start)} को"
    first, last = fmt(start), fmt(end)
    day, _, month = first.partition(" ")
    # Days of one month name it once: "10 से 12 मार्च 2026 तक".
    return f"{day if last.endswith(' ' + month) else first} से {last} तक"


GRAMMAR = Grammar(
    "hi",
    {"agree": agree, "oblique": oblique},
    agreeing(
        "hi",
        {
            "event": "agree the verb",
            "person": "agree the verb and write the salutation",
            "sender-person": "agree the verb",
        },
    ),
    period,
    any_calendar=True,
)
