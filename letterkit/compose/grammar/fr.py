"""French: articles with elision (l'Union), contractions (au, du, aux, des), agreement.

Names take the article of their gender and number: "la Confédération",
"le Congrès", "les Syndicats", "l'Union" before a vowel or a mute h. The
apostrophe is the typographic one (’), as French typesetting writes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from letterkit.compose.grammar.base import (
    VOWELS,
    Grammar,
    Item,
    format_date,
    gendered,
    named,
    plural,
    takes_article,
)

APOSTROPHE = "\u2019"
NBSP = "\u00a0"


def _elides(word: str) -> bool:
    return word[:1] in VOWELS


def _feminine(item: Item) -> bool:
    return item.get("gender") == "feminine"


def _with(item: Item, form: str, forms: tuple[str, str, str, str], bare: str) -> str:
    """The name after an article form: (masculine, feminine, elided, plural)."""
    name = named(item, form)
    if not takes_article(item):
        return _join(bare, name)
    masculine, feminine, elided, many = forms
    if plural(item):
        return f"{many} {name}"
    if _elides(name):
        return f"{elided}{name}"
    return f"{feminine if _feminine(item) else masculine} {name}"


def _join(bare: str, name: str) -> str:
    if not bare:
        return name
    if bare == "de" and _elides(name):
        return f"d{APOSTROPHE}{name}"
    return f"{bare} {name}"


def le(item: Item, form: str = "full") -> str:
    """Writes "la Confédération", "le Congrès", "l'Union", "les Syndicats"."""
    return _with(item, form, ("le", "la", f"l{APOSTROPHE}", "les"), "")


def au(item: Item, form: str = "full") -> str:
    """Writes "au Congrès", "à la Confédération", "à l'Union", "aux Syndicats"."""
    return _with(item, form, ("au", "à la", f"à l{APOSTROPHE}", "aux"), "à")


def du(item: Item, form: str = "full") -> str:
    """Writes "du Congrès", "de la Confédération", "de l'Union", "des Syndicats"."""
    return _with(item, form, ("du", "de la", f"de l{APOSTROPHE}", "des"), "de")


def ce(item: Item, adjective: str = "") -> str:
    """Writes "ce congrès", "cet événement", "cette conférence", "ces rassemblements".

    An adjective goes before the noun, as a letter writes it, agreeing with it and
    deciding the form of "ce": "cet important congrès", "ces importantes manifestations".
    """
    kind = item.get("kind")
    word = item if kind else {"gender": "feminine", "number": item.get("number")}
    noun = kind or ("conférences" if plural(item) else "conférence")
    if adjective:
        noun = f"{e(word, adjective)} {noun}"
    if plural(word):
        return f"ces {noun}"
    if _feminine(word):
        return f"cette {noun}"
    return f"cet {noun}" if _elides(noun) else f"ce {noun}"


def e(item: Item, word: str) -> str:
    """A past participle or adjective agreeing with the item: tenu, tenue, tenus, tenues."""
    return word + ("e" if _feminine(item) else "") + ("s" if plural(item) else "")


_CONTRACTED = (("les ", "des "), ("le ", "du "), ("Les ", "des "), ("Le ", "du "))


def de(text: str) -> str:
    """Free text after "de": "du calendrier", "des grèves", "d'obligations", "de la grève"."""
    for article, contracted in _CONTRACTED:
        if text.startswith(article):
            return contracted + text[len(article) :]
    return _join("de", text)


def _day(day: dt.date) -> str:
    # French writes the first of the month as an ordinal: "le 1er mai".
    return "1er" if day.day == 1 else str(day.day)


def _date(day: dt.date) -> str:
    return f"{_day(day)} {format_date(day, 'MMMM y', locale='fr')}"


def date(text: str) -> str:
    """A date Babel wrote ("1 mai 2026") with the first of the month as French writes it."""
    return "1er " + text[2:] if text.startswith("1 ") else text


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "le 10 mars 2026", "du 10 au 12 mars 2026", "du 30 avril au 2 mai 2026"."""
    if end is None or end == start:
        return f"le {_date(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"du {_day(start)} au {_date(end)}"
    if start.year == end.year:
        return f"du {_day(start)} {format_date(start, 'MMMM', locale='fr')} au {_date(end)}"
    return f"du {_date(start)} au {_date(end)}"


NARROW = "\u202f"
# The mark may come escaped from the spec's Markdown-escaped text ("\\!").
_HIGH = re.compile(r"(?<=\S) (\\?[!?;»])")
_COLON = re.compile(r"(?<=\S) (\\?:)")
_OPENING = re.compile(r"« ")


def typography(text: str) -> str:
    """French spacing, so that no line of the letter starts with a mark.

    The space before ! ? ; » and after « becomes a narrow no-break space, the one
    before : a no-break space.
    """
    text = _HIGH.sub(NARROW + r"\1", text)
    text = _COLON.sub(NBSP + r"\1", text)
    return _OPENING.sub("«" + NARROW, text)


GRAMMAR = Grammar(
    "fr",
    {"le": le, "au": au, "du": du, "ce": ce, "e": e, "de": de, "date": date},
    gendered("fr", "write the article"),
    period,
    typography,
)
