"""Arabic: agreement with the event's gender (الذي/التي, هذا/هذه, يُعقد/تُعقد).

Names keep their own article (الاتحاد العام...), so Arabic needs no article
rule; verbs, relative pronouns and demonstratives agree with the gender of
what they refer to, and a plural of things agrees as a feminine singular.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from letterkit.compose.grammar.base import Grammar, Item, agreeing, plural


def _feminine(item: Item) -> bool:
    # A plural of things (الفعاليات) agrees as a feminine singular.
    return plural(item) or item.get("gender") == "feminine"


def agree(item: Item, masculine: str, feminine: str) -> str:
    """Choose the masculine or the feminine form of a verb or pronoun for the item."""
    return feminine if _feminine(item) else masculine


def kind(item: Item) -> str:
    """The event's kind with its demonstrative: "هذا المؤتمر", "هذه الندوة"."""
    word = item.get("kind")
    if word is None:
        return "هذا المؤتمر"
    return f"{'هذه' if _feminine(item) else 'هذا'} {word}"


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "في 1 مايو 2026", "من 10 إلى 12 مارس 2026" or "من 30 أبريل 2026 إلى 2 مايو 2026"."""
    if end is None or end == start:
        return f"في {fmt(start)}"
    first, last = fmt(start), fmt(end)
    day, _, month = first.partition(" ")
    # Days of one month share its name and year: "من 10 إلى 12 مارس 2026".
    return f"من {day if last.endswith(' ' + month) else first} إلى {last}"


GRAMMAR = Grammar(
    "ar",
    {"agree": agree, "kind": kind},
    agreeing(
        "ar",
        {"event": "agree the verb and the relative pronoun", "person": "write the salutation"},
    ),
    period,
    any_calendar=True,
)
