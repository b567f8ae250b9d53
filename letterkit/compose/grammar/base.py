"""What every language's grammar module is made of, and the few helpers they share.

A language module (en.py, fr.py, ...) builds one Grammar: the filters its
templates use (articles, contractions, agreements), what it needs the spec
to say about a name, and how it writes an event's period. Nothing here
knows any one language's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

Item = Mapping[str, Any]
"""A party or an event as templates see it (a mapping of its fields)."""
Needs = Callable[[str, Item], list[str]]
"""(field, item) -> one message per grammar field the language needs and the item lacks."""
Period = Callable[[dt.date, dt.date | None, Callable[[dt.date], str]], str]
"""(start, end, date formatter) -> the event's period as running text writes it."""

VOWELS = frozenset("aàâäeéèêëiîïoôöuùûüyœæhAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYŒÆH")
"""Letters before which Romance articles elide (a mute h included: "l'Humanité")."""


def format_date(day: dt.date, pattern: str, locale: str) -> str:
    """Babel's format_date, loaded when a letter is first dated, not with the module.

    The run's planner checks each language's needs with these modules; it
    dates no letter, so it loads no Babel.
    """
    from babel.dates import format_date as formatted  # noqa: PLC0415 -- see above

    return formatted(day, pattern, locale=locale)


def named(party: Item, form: str = "full") -> str:
    """The name as running text writes it: full with its short name in brackets, or short."""
    name, short = party["name"], party.get("short_name")
    if form == "short":
        return str(short or name)
    return f"{name} ({short})" if short and form == "full" else str(name)


def no_needs(where: str, item: Item) -> list[str]:
    """A language that needs nothing beyond the name."""
    return []


def takes_article(item: Item) -> bool:
    """Whether running text puts an article before the name (person: never, by default)."""
    article = item.get("article")
    return not item.get("person", False) if article is None else bool(article)


def plural(item: Item) -> bool:
    """Whether the name is plural ("les Syndicats unis", "the May Day rallies")."""
    return item.get("number") == "plural"


def gendered(language: str, why: str) -> Needs:
    """The needs of a language whose articles and agreements depend on gender."""

    def needs(where: str, item: Item) -> list[str]:
        if item.get("gender") is not None:
            return []
        if item.get("person"):
            # A sending person writes "I"; a greeted one whose salutation is written out
            # needs no gender either.
            if where == "sender" or item.get("greeted"):
                return []
            return [
                f"{language} needs {where}.gender to write the salutation; add gender: "
                "feminine or gender: masculine, or write greeting.salutation"
            ]
        if not takes_article(item):
            return []
        return [
            f"{language} needs {where}.gender to {why}; add gender: feminine "
            "(or masculine, or neuter) or article: false"
        ]

    return needs


def agree(item: Item, *forms: str) -> str:
    """The verb form agreeing with the item: (masculine, feminine[, masc. plural, fem. plural]).

    For languages whose verbs agree with their subject's gender and number
    (Hindi and Urdu): {{ event | agree("होगा", "होगी", "होंगे", "होंगी") }}.
    """
    feminine = item.get("gender") == "feminine"
    index = (2 if plural(item) and len(forms) == 4 else 0) + (1 if feminine else 0)
    return forms[index]


def agreeing(language: str, roles: Mapping[str, str]) -> Needs:
    """The needs of a language whose verbs or pronouns agree with some names' gender.

    ``roles`` maps "event", "person" (a greeted person) or "sender-person" (a
    writing person) to what the gender is for ("agree the verb").
    """

    def needs(where: str, item: Item) -> list[str]:
        if item.get("gender") is not None or item.get("greeted") or plural(item):
            return []
        base = where.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0]
        role = base
        if item.get("person"):
            role = "sender-person" if base == "sender" else "person"
        why = roles.get(role)
        if why is None:
            return []
        return [f"{language} needs {where}.gender to {why}; add gender: feminine or masculine"]

    return needs


def family_name(party: Item) -> str:
    """The name a person is greeted by after a title: family_name, or the name's last word."""
    return str(party.get("family_name") or str(party["name"]).split()[-1])


class Grammar(msgspec.Struct, frozen=True):
    """One language's grammar helpers."""

    language: str
    filters: Mapping[str, Callable[..., str]] = msgspec.field(default_factory=dict)
    """Filters for this language's templates, by name (le, au, du for French)."""
    needs: Needs = no_needs
    """What the language needs the spec to say about a party or an event."""
    period: Period | None = None
    """How the language writes an event's days ("du 10 au 12 mars 2026"); None: the
    date range as Babel writes it."""
    typography: Callable[[str], str] | None = None
    """What the language's typography does to a part's whole text (French puts a
    no-break space before ! ? ; :, so a line never starts with one)."""
    any_calendar: bool = False
    """Whether period writes its dates with the formatter it is given, so in any calendar;
    otherwise it is used for Gregorian dates only."""
