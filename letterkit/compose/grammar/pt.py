"""Portuguese: articles by gender and number and their contractions (ao, à, do, da, no, na).

Written for Brazilian Portuguese, the variant Babel's "pt" formats dates in.
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

_FORMS = {
    # (masculine, feminine, masculine plural, feminine plural), and the word alone
    "o": (("o", "a", "os", "as"), ""),
    "ao": (("ao", "à", "aos", "às"), "a"),
    "do": (("do", "da", "dos", "das"), "de"),
    "no": (("no", "na", "nos", "nas"), "em"),
}
_DEMONSTRATIVES = {
    "este": ("este", "esta", "estes", "estas"),
    "neste": ("neste", "nesta", "nestes", "nestas"),
    "deste": ("deste", "desta", "destes", "destas"),
}


def _index(item: Item, feminine: bool | None = None) -> int:
    is_feminine = item.get("gender") == "feminine" if feminine is None else feminine
    return (2 if plural(item) else 0) + (1 if is_feminine else 0)


def _article(which: str) -> Callable[..., str]:
    forms, bare = _FORMS[which]

    def filter_(item: Item, form: str = "full") -> str:
        name = named(item, form)
        if not takes_article(item):
            return f"{bare} {name}" if bare else name
        return f"{forms[_index(item)]} {name}"

    filter_.__doc__ = f'Writes "{forms[0]} Congresso", "{forms[1]} Confederação".'
    return filter_


def _demonstrative(which: str) -> Callable[..., str]:
    forms = _DEMONSTRATIVES[which]

    def filter_(item: Item, adjective: str = "") -> str:
        kind = item.get("kind")
        many = plural(item)
        word = kind or ("conferências" if many else "conferência")
        index = _index(item, None if kind else True)
        before = f"{adjective}{'s' if many else ''} " if adjective else ""
        return f"{forms[index]} {before}{word}"

    filter_.__doc__ = f'Writes "{forms[0]} importante congresso", "{forms[1]} conferência".'
    return filter_


_CONTRACTED = {"o ": "ao ", "a ": "à ", "os ": "aos ", "as ": "às "}


def a(text: str) -> str:
    """Free text after "a": "ao calendário", "às dificuldades financeiras"."""
    for article, contracted in _CONTRACTED.items():
        if text.startswith(article):
            return contracted + text[len(article) :]
    return f"a {text}"


def _day(day: dt.date) -> str:
    # Brazil writes the first of the month as an ordinal: "1º de maio".
    return "1º" if day.day == 1 else str(day.day)


def _date(day: dt.date) -> str:
    return f"{_day(day)} " + format_date(day, "'de' MMMM 'de' y", locale="pt")


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "em 10 de março de 2026", "de 10 a 12 de março de 2026"."""
    if end is None or end == start:
        return f"em {_date(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"de {_day(start)} a {_date(end)}"
    if start.year == end.year:
        month = format_date(start, "'de' MMMM", locale="pt")
        return f"de {_day(start)} {month} a {_date(end)}"
    return f"de {_date(start)} a {_date(end)}"


GRAMMAR = Grammar(
    "pt",
    {
        **{name: _article(name) for name in _FORMS},
        **{name: _demonstrative(name) for name in _DEMONSTRATIVES},
        "a": a,
    },
    gendered("pt", "write the article"),
    period,
)
