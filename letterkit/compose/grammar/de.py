"""German: articles and demonstratives by case, gender and number, and "zum"/"zur".

The templates say which case a name stands in ("dem Kongress", "der
Konferenz"); the name itself is written as the spec gives it, so a name
whose own adjectives decline ("Deutscher Gewerkschaftsbund") is best given
with article: false or written out in greeting.text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from letterkit.compose.grammar.base import (
    Grammar,
    Item,
    format_date,
    gendered,
    named,
    plural,
    takes_article,
)

CASES = ("nom", "akk", "dat", "gen")
_ARTICLES = {
    "masculine": ("der", "den", "dem", "des"),
    "feminine": ("die", "die", "der", "der"),
    "neuter": ("das", "das", "dem", "des"),
    "plural": ("die", "die", "den", "der"),
}
_DIES = {
    "masculine": ("dieser", "diesen", "diesem", "dieses"),
    "feminine": ("diese", "diese", "dieser", "dieser"),
    "neuter": ("dieses", "dieses", "diesem", "dieses"),
    "plural": ("diese", "diese", "diesen", "dieser"),
}


def _key(item: Item, default: str = "neuter") -> str:
    return "plural" if plural(item) else str(item.get("gender") or default)


def _case(case: str) -> int:
    if case not in CASES:
        raise ValueError(f'German case "{case}": write one of {", ".join(CASES)}')
    return CASES.index(case)


def der(item: Item, case: str = "nom", form: str = "full") -> str:
    """The name with its article in a case: "der Verband", "dem Kongress", "der Konferenz"."""
    name = named(item, form)
    if not takes_article(item):
        return name
    return f"{_ARTICLES[_key(item)][_case(case)]} {name}"


def rel(item: Item) -> str:
    """The relative pronoun in the nominative: "der", "die", "das"; "die" for a plural."""
    return _ARTICLES[_key(item)][0]


def zu(item: Item, form: str = "full") -> str:
    """The name after "zu": "zum Kongress", "zur Konferenz", "zu den Kundgebungen"."""
    name = named(item, form)
    if not takes_article(item):
        return f"zu {name}"
    key = _key(item)
    contracted = {"masculine": "zum", "neuter": "zum", "feminine": "zur"}.get(key, "zu den")
    return f"{contracted} {name}"


def dies(item: Item, case: str = "nom", adjective: str = "") -> str:
    """The event's kind after "dies-", with an adjective declined after it.

    "diesem wichtigen Kongress", "diese wichtige Konferenz", "diesen wichtigen Kundgebungen".
    """
    kind = item.get("kind")
    # Without a kind of its own the event is a Konferenz, whatever its name's gender.
    key = _key(item) if kind else ("plural" if plural(item) else "feminine")
    word = kind or ("Konferenzen" if plural(item) else "Konferenz")
    index = _case(case)
    if adjective:
        weak_e = key != "plural" and (index == 0 or (index == 1 and key != "masculine"))
        word = f"{adjective}{'e' if weak_e else 'en'} {word}"
    return f"{_DIES[key][index]} {word}"


# A no-break space keeps the day with its month: "1. Mai" never breaks after "1.".
NBSP = "\u00a0"


def _date(day: dt.date) -> str:
    return format_date(day, f"d.'{NBSP}'MMMM y", locale="de")


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "am 10. März 2026", "vom 10. bis 12. März 2026", "vom 30. April bis 2. Mai 2026"."""
    if end is None or end == start:
        return f"am {_date(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"vom {start.day}. bis {_date(end)}"
    if start.year == end.year:
        return f"vom {format_date(start, f'd.{NBSP}MMMM', locale='de')} bis {_date(end)}"
    return f"vom {_date(start)} bis {_date(end)}"


GRAMMAR = Grammar(
    "de",
    {"der": der, "rel": rel, "zu": zu, "dies": dies},
    gendered("de", "write the article in its case"),
    period,
)
