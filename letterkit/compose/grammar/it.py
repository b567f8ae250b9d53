"""Italian: articles chosen by the sound of the name, and their contractions.

il, lo, l', la, i, gli, le; al, allo, all', dal, del...; "questo" before the event's kind.
"""

from __future__ import annotations

import datetime as dt
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
_IMPURE = ("gn", "pn", "ps", "x", "y", "z")


def _sound(word: str) -> str:
    """How a word starts, as Italian articles hear it: vowel, impure (s+consonant...), plain."""
    lower = word.lower()
    if lower[:1] in VOWELS and lower[:1] != "h":
        return "vowel"
    if lower.startswith(_IMPURE) or (lower[:1] == "s" and lower[1:2] not in VOWELS):
        return "impure"
    return "plain"


# Article forms by (gender, number, sound): the stem the contractions build on.
def _article_of(item: Item, word: str) -> str:
    sound = _sound(word)
    feminine = item.get("gender") == "feminine"
    if plural(item):
        return "le" if feminine else ("i" if sound == "plain" else "gli")
    if sound == "vowel":
        return f"l{APOSTROPHE}"
    return "la" if feminine else ("lo" if sound == "impure" else "il")


_JOINED = {"il": "l", "i": "i", "lo": "llo", "la": "lla", "gli": "gli", "le": "lle"}


def _contract(preposition: str, article: str) -> str:
    """Join a preposition and an article: a + il = al, di + lo = dello, a + l' = all'."""
    stem = "de" if preposition == "di" else preposition
    if article == f"l{APOSTROPHE}":
        return f"{stem}ll{APOSTROPHE}"
    return stem + _JOINED[article]


def _glue(article: str, name: str) -> str:
    return f"{article}{name}" if article.endswith(APOSTROPHE) else f"{article} {name}"


def _with(preposition: str) -> Callable[..., str]:
    def filter_(item: Item, form: str = "full") -> str:
        name = named(item, form)
        if not takes_article(item):
            return f"{preposition} {name}" if preposition else name
        article = _article_of(item, name)
        if preposition:
            article = _contract(preposition, article)
        return _glue(article, name)

    filter_.__doc__ = f'Writes the name after "{preposition or "the article"}".'
    return filter_


def questo(item: Item, adjective: str = "") -> str:
    """Writes "questo importante congresso", "questa importante conferenza", "questi ..."."""
    kind = item.get("kind")
    many = plural(item)
    word = kind or ("conferenze" if many else "conferenza")
    feminine = item.get("gender") == "feminine" if kind else True
    forms = ("queste", "questi") if many else ("questa", "questo")
    before = ""
    if adjective:
        # Adjectives in -e (importante) make their plural in -i.
        before = (adjective[:-1] + "i" if many and adjective.endswith("e") else adjective) + " "
    return f"{forms[0] if feminine else forms[1]} {before}{word}"


def o(item: Item, word: str) -> str:
    """A participle agreeing with the item: tenuto, tenuta, tenuti, tenute."""
    feminine = item.get("gender") == "feminine"
    return word[:-1] + (("e" if feminine else "i") if plural(item) else ("a" if feminine else "o"))


_DI = {"il ": "del ", "lo ": "dello ", "la ": "della ", "i ": "dei ", "gli ": "degli "}
_DI |= {"le ": "delle ", "l'": "dell'", f"l{APOSTROPHE}": f"dell{APOSTROPHE}"}


def di(text: str) -> str:
    """Free text after "di": "del calendario", "delle difficoltà", "dell'assemblea"."""
    for article, contracted in _DI.items():
        if text.startswith(article):
            return contracted + text[len(article) :]
    return f"di {text}"


def _day(day: dt.date, preposition: str) -> str:
    """The day with its article: il 10, l'8, l'11, il 1º; dal 10, dall'8."""
    article = f"l{APOSTROPHE}" if day.day in (8, 11) else "il"
    number = "1º" if day.day == 1 else str(day.day)
    if preposition:
        article = _contract(preposition, article)
    return _glue(article, number)


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "il 10 marzo 2026", "dal 10 al 12 marzo 2026", "dall'8 all'11 marzo 2026"."""
    month_year = format_date(start if end is None else end, "MMMM y", locale="it")
    if end is None or end == start:
        return f"{_day(start, '')} {month_year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{_day(start, 'da')} {_day(end, 'a')} {month_year}"
    first = format_date(start, "MMMM" if start.year == end.year else "MMMM y", locale="it")
    return f"{_day(start, 'da')} {first} {_day(end, 'a')} {month_year}"


GRAMMAR = Grammar(
    "it",
    {
        "il": _with(""),
        "al": _with("a"),
        "del": _with("di"),
        "dal": _with("da"),
        "questo": questo,
        "o": o,
        "di": di,
    },
    gendered("it", "write the article"),
    period,
)
