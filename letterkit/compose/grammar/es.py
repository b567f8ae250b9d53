"""Spanish: articles by gender and number, and the contractions "al" and "del"."""

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
    # (masculine, feminine, masculine plural, feminine plural)
    "el": ("el", "la", "los", "las"),
    "al": ("al", "a la", "a los", "a las"),
    "del": ("del", "de la", "de los", "de las"),
    "este": ("este", "esta", "estos", "estas"),
}
_BARE = {"el": "", "al": "a", "del": "de"}


def _form(item: Item, forms: tuple[str, str, str, str]) -> str:
    index = (2 if plural(item) else 0) + (1 if item.get("gender") == "feminine" else 0)
    return forms[index]


def _article(which: str) -> Callable[..., str]:
    def filter_(item: Item, form: str = "full") -> str:
        name = named(item, form)
        if not takes_article(item):
            bare = _BARE[which]
            return f"{bare} {name}" if bare else name
        return f"{_form(item, _FORMS[which])} {name}"

    filter_.__doc__ = f'"{_FORMS[which][0]} Congreso", "{_FORMS[which][1]} Confederación".'
    return filter_


def este(item: Item) -> str:
    """Writes "este congreso", "esta conferencia", "estas marchas"."""
    kind = item.get("kind")
    if kind is None:
        return "estas conferencias" if plural(item) else "esta conferencia"
    return f"{_form(item, _FORMS['este'])} {kind}"


def a(text: str) -> str:
    """Free text after "a": "al calendario", "a la huelga", "a las dificultades"."""
    return "al " + text[3:] if text.startswith(("el ", "El ")) else f"a {text}"


def de(text: str) -> str:
    """Free text after "de": "del programa", "de la federación"."""
    return "del " + text[3:] if text.startswith(("el ", "El ")) else f"de {text}"


def o(item: Item, word: str) -> str:
    """An adjective or participle agreeing with the item: celebrado, celebrada, celebrados."""
    stem = word[:-1]
    ending = "a" if item.get("gender") == "feminine" else "o"
    return stem + ending + ("s" if plural(item) else "")


def _date(day: dt.date) -> str:
    return format_date(day, "d 'de' MMMM 'de' y", locale="es")


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "el 10 de marzo de 2026", "del 10 al 12 de marzo de 2026"."""
    if end is None or end == start:
        return f"el {_date(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"del {start.day} al {_date(end)}"
    if start.year == end.year:
        return "del " + format_date(start, "d 'de' MMMM", locale="es") + f" al {_date(end)}"
    return f"del {_date(start)} al {_date(end)}"


GRAMMAR = Grammar(
    "es",
    {
        "el": _article("el"),
        "al": _article("al"),
        "del": _article("del"),
        "este": este,
        "o": o,
        "a": a,
        "de": de,
    },
    gendered("es", "write the article"),
    period,
)
