"""Turkish: case suffixes on names, in vowel harmony ("Konfederasyonuna", "Johannesburg'da").

Turkish has no articles and no gender; what a name needs is its suffix. The
rules here cover organisation names and places as letters write them:
institution names take the suffix directly ("Konfederasyonu" -> "Konfederasyonuna",
the n of a possessive compound), acronyms and place names after an
apostrophe ("DİSK'e", "Paris'te").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from letterkit.compose.grammar.base import Grammar, Item, named

_BACK, _FRONT = "aıou", "eiöü"
_VOICELESS = "fstkçşhp"
APOSTROPHE = "\u2019"


def _last_vowel(word: str) -> str:
    lower = word.replace("I", "ı").replace("İ", "i").lower()
    # Acronyms are read as words ("DİSK" -> disk) when they have a vowel; else the
    # last letter's name ("TTB" -> be) decides.
    for char in reversed(lower):
        if char in _BACK + _FRONT:
            return char
    return "e"


def _harmony(word: str) -> str:
    return "a" if _last_vowel(word) in _BACK else "e"


def _suffix(name: str, consonant_forms: tuple[str, str], buffer: str) -> str:
    """The name with a case suffix: dative (a/e) or locative (da/de, ta/te)."""
    last = name.rsplit(maxsplit=1)[-1]
    vowel = _harmony(last)
    proper = last.isupper() or (len(name.split()) == 1 and last[:1].isupper())
    joint = APOSTROPHE if proper else ""
    if consonant_forms[0]:  # locative: d, or t after a voiceless consonant
        d = "t" if last[-1].lower() in _VOICELESS else "d"
        return f"{name}{joint}{d}{vowel}"
    ends_in_vowel = last[-1].lower() in _BACK + _FRONT
    if ends_in_vowel:
        # A compound's possessive ending (Konfederasyonu, Kongresi) takes n, a word y.
        possessive = not proper and last[-1].lower() in "ıiuü"
        return f"{name}{joint}{'n' if possessive else buffer}{vowel}"
    if not proper and last.endswith("k") and len(last) > 3:
        name = name[:-1] + "ğ"  # Birlik -> Birliğe
    return f"{name}{joint}{vowel}"


def dative(item: Item | str, form: str = "full") -> str:
    """The name with the dative suffix: "Konfederasyonuna", "DİSK'e", "kongreye"."""
    name = item if isinstance(item, str) else named(item, form)
    if name.endswith(")") and " (" in name:
        # "... Konfederasyonuna (DİSK)": the suffix goes on the name, the acronym stays.
        head, short = name.rsplit(" (", 1)
        return f"{_suffix(head, ('', ''), 'y')} ({short}"
    return _suffix(name, ("", ""), "y")


def locative(name: str) -> str:
    """A place with the locative suffix: "Johannesburg'da", "Paris'te", "İzmir'de"."""
    return _suffix(name, ("d", "t"), "")


def period(start: dt.date, end: dt.date | None, fmt: Callable[[dt.date], str]) -> str:
    """Writes "1 Mayıs 2026 tarihinde", "10-12 Mart 2026 tarihlerinde"."""
    if end is None or end == start:
        return f"{fmt(start)} tarihinde"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{fmt(end)} tarihlerinde"
    return f"{fmt(start)} - {fmt(end)} tarihlerinde"


GRAMMAR = Grammar("tr", {"dative": dative, "locative": locative}, period=period, any_calendar=True)
