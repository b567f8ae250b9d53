"""Russian: names in the cases the sentence puts them in, and agreement in gender and number.

A name's case forms come from the spec (cases: genitive, dative,
prepositional), not from a morphological analyser. pymorphy3 2.0.6 was
measured for this: importing it costs ~50 ms and its dictionaries ~160 ms
and 30 MB more memory per process, and it still inflects word by word, so
"Конгресс южноафриканских профсоюзов" became "конгрессу южноафриканским
профсоюзам" (the genitive words must not change; the capital was lost).
Which words of a name decline is known only to its writer, so the spec
says it once and check refuses a letter that lacks a form it needs.

Past-tense verbs, relative pronouns and personal pronouns agree with the
gender and number of what they refer to ("съезд, который прошёл",
"конференция, которая прошла", "шествия, которые прошли"; "на него", "на неё").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from letterkit.compose.grammar.base import Grammar, Item, format_date, named, plural

CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")

_WHY = {
    "genitive": ("участникам …", "Национального съезда"),
    "dative": ("привет …", "Конгрессу южноафриканских профсоюзов"),
    "prepositional": ("на …", "Национальном съезде"),
}
"""What each case the templates use is for, and an example of the form."""


def case(item: Item, which: str, form: str = "full") -> str:
    """The name in a case: "Конгрессу южноафриканских профсоюзов (COSATU)", "Национальном съезде".

    ``form`` "full" adds the short name in brackets, which stays as it is;
    "short" writes the form alone (an event's cases are those of its short name).
    """
    if which not in CASES:
        raise ValueError(f'Russian case "{which}": write one of {", ".join(CASES)}')
    if which == "nominative":
        return named(item, form)
    text = (item.get("cases") or {}).get(which)
    if text is None:
        raise ValueError(f"the name {item['name']!r} has no {which} form: add cases.{which}")
    short = item.get("short_name")
    return f"{text} ({short})" if short and form == "full" else str(text)


def agree(item: Item, masculine: str, feminine: str, neuter: str, many: str) -> str:
    """The masculine, feminine, neuter or plural form agreeing with the item.

    {{ event | agree("прошёл", "прошла", "прошло", "прошли") }}
    """
    if plural(item):
        return many
    return {"feminine": feminine, "neuter": neuter}.get(str(item.get("gender")), masculine)


def _date(day: dt.date, pattern: str = "d MMMM y") -> str:
    return format_date(day, pattern, locale="ru")


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "1 мая 2026 года", "с 10 по 12 июля 2026 года", "с 30 апреля по 2 мая 2026 года"."""
    if end is None or end == start:
        return f"{_date(start)} года"
    if start.year != end.year:
        return f"с {_date(start)} года по {_date(end)} года"
    first = str(start.day) if start.month == end.month else _date(start, "d MMMM")
    return f"с {first} по {_date(end)} года"


def _case_needs(where: str, item: Item, cases: tuple[str, ...]) -> list[str]:
    given = item.get("cases") or {}
    return [
        f'ru needs {where}.cases.{c} to write "{_WHY[c][0]}"; add {c}: (e.g. {_WHY[c][1]}) '
        f"under {where}.cases"
        for c in cases
        if not given.get(c)
    ]


def _gender_needs(where: str, item: Item, why: str) -> list[str]:
    if item.get("gender") is not None or plural(item):
        return []
    return [f"ru needs {where}.gender to {why}; add gender: feminine, masculine or neuter"]


def needs(where: str, item: Item) -> list[str]:
    """What the Russian templates need to know about a party or the event."""
    if where == "event":
        return [
            *_gender_needs(where, item, 'agree "который" and the verb'),
            *_case_needs(where, item, ("genitive", "prepositional")),
        ]
    found = _case_needs(where, item, ("genitive",)) if item.get("signed_for") else []
    if item.get("person"):
        if where == "sender":
            return [*_gender_needs(where, item, "agree the past tense"), *found]
        if not item.get("greeted"):
            found += _gender_needs(where, item, "write the salutation")
        return found
    if where != "sender":
        found += _case_needs(where, item, ("dative",))
    return found


# Russian typesetting keeps a one-letter word (в, с, к, и, а, я) with the word after it,
# so no line ends in "К" before "сожалению".
_ONE_LETTER = re.compile(r"(?<!\w)([ВвСсКкИиАаОоУуЯя]) (?=\S)")


def typography(text: str) -> str:
    """Binds one-letter words to the next word with a no-break space."""
    return _ONE_LETTER.sub("\\1\u00a0", text)


GRAMMAR = Grammar("ru", {"case": case, "agree": agree}, needs, period, typography)
