"""A letter in several languages from one spec: the spec split into one spec per language.

A bilingual spec says ``languages: [en, fr]`` and gives its prose once per
language, as a mapping keyed by language (``position: {en: [...], fr:
[...]}``). Splitting it before validation makes each language's version an
ordinary one-language spec: every rule of the model, and each language's
grammar needs, apply to it as they do to any letter, and its errors point
into the file where the value for that language is written.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import msgspec
from msgspec.structs import replace

from letterkit.errors import Problem
from letterkit.spec.yamlfile import Loaded, Loc, Position, dotted

PROSE: tuple[Loc, ...] = (
    ("subject",),
    ("position",),
    ("greeting", "salutation"),
    ("greeting", "text"),
    ("apology", "reasons"),
    ("apology", "wish"),
    ("apology", "text"),
    ("sign_off", "closing"),
    ("sign_off", "slogans"),
    ("sign_off", "valediction"),
    ("sign_off", "text"),
    ("event", "kind"),
    ("event", "aim"),
    ("enclosures",),
    ("labels", "enclosures"),
    ("labels", "cc"),
)
"""Sentences written in one language: a bilingual spec gives them once per language."""

_NAMED = ("name", "short_name", "gender", "number", "article", "cases")
TRANSLATED: tuple[Loc, ...] = (
    *PROSE,
    *((party, key) for party in ("sender", "recipient") for key in (*_NAMED, "title")),
    *(("event", key) for key in (*_NAMED, "city", "country", "dates")),
    ("place",),
    ("cc",),
    ("sign_off", "signatory"),
)
"""Fields that may differ by language (a name has its official form in each; a name's
gender is its language's); the others (addresses, dates, files) are shared."""


class Version(msgspec.Struct, frozen=True):
    """One language's spec data, with where its values stand in the file."""

    language: str
    loaded: Loaded


def _at(data: Any, loc: Loc) -> tuple[dict[str, Any], str] | None:
    """The mapping holding the field at ``loc`` and its key, when the field is given."""
    *parents, key = loc
    for part in parents:
        data = data.get(part) if isinstance(data, dict) else None
    if isinstance(data, dict) and data.get(key) is not None:
        return data, str(key)
    return None


def _per_language(value: Any, languages: tuple[str, ...]) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(languages)


class _Splitter:
    def __init__(self, loaded: Loaded, languages: tuple[str, ...]) -> None:
        self.loaded, self.languages = loaded, languages
        self.problems: dict[tuple[int, int, str], Problem] = {}

    def problem(self, loc: Loc, message: str) -> None:
        pos = self.loaded.position(loc)
        self.problems[pos.line, pos.column, message] = Problem(
            self.loaded.path, message, pos.line, pos.column
        )

    def version(self, language: str) -> Version:
        data = copy.deepcopy(self.loaded.data)
        data["language"] = language
        chosen: list[Loc] = []
        for loc in TRANSLATED:
            found = _at(data, loc)
            if found is None:
                continue
            holder, key = found
            value = holder[key]
            if _per_language(value, self.languages):
                if language in value:
                    holder[key] = value[language]
                    chosen.append(loc)
                else:
                    self._missing(loc, language, value)
            elif loc in PROSE:
                self._plain_prose(loc)
        return Version(language, self._located(data, chosen, language))

    def _missing(self, loc: Loc, language: str, given: dict[str, Any]) -> None:
        self.problem(
            loc,
            f"{dotted(loc)}: no {language} version; add {language}: under it, beside "
            f"{', '.join(given)} (languages: {', '.join(self.languages)})",
        )

    def _plain_prose(self, loc: Loc) -> None:
        example = ", ".join(f"{lang}: …" for lang in self.languages)
        self.problem(
            loc,
            f"{dotted(loc)} is written in one language, but the letter is in "
            f"{', '.join(self.languages)}; give it per language: {{{example}}}",
        )

    def _located(self, data: dict[str, Any], chosen: list[Loc], language: str) -> Loaded:
        """The version's data, with each position moved from under its language's key."""

        def moved(where: dict[Loc, Position]) -> Iterator[tuple[Loc, Position]]:
            for loc, pos in where.items():
                prefix = next((c for c in chosen if loc[: len(c)] == c and len(loc) > len(c)), None)
                if prefix is None:
                    yield loc, pos
                elif loc[len(prefix)] == language:
                    yield (*prefix, *loc[len(prefix) + 1 :]), pos

        values, keys = dict(moved(self.loaded.values)), dict(moved(self.loaded.keys))
        # A field's own key stays where it is written, above its languages.
        keys.update({c: self.loaded.keys[c] for c in chosen if c in self.loaded.keys})
        problems = list(self.loaded.problems)
        return replace(self.loaded, data=data, values=values, keys=keys, problems=problems)


def languages_of(loaded: Loaded) -> tuple[str, ...] | None:
    """The languages a spec is written in, when it gives languages: as a list of texts."""
    given = loaded.data.get("languages") if isinstance(loaded.data, dict) else None
    if isinstance(given, list) and all(isinstance(tag, str) for tag in given):
        return tuple(given)
    return None


def split(loaded: Loaded, languages: tuple[str, ...]) -> tuple[list[Version], list[Problem]]:
    """One spec per language, and the problems of the split (located in the file)."""
    splitter = _Splitter(loaded, languages)
    repeated = sorted({tag for tag in languages if languages.count(tag) > 1})
    if repeated or len(languages) < 2:
        why = f'"{repeated[0]}" is listed twice' if repeated else "list two or more"
        splitter.problem(("languages",), f"languages: {why}; a letter in one writes language:")
        return [], list(splitter.problems.values())
    data = loaded.data
    if "language" in data:
        splitter.problem(
            ("language",),
            "language: give either language (one) or languages (several), not both",
        )
    for key in ("recipients", "data"):
        if data.get(key) is not None:
            splitter.problem(
                (key,),
                f"{key}: a letter in several languages goes to one recipient; "
                "write recipient:, or one spec per language",
            )
    versions = [splitter.version(language) for language in languages]
    return versions, list(splitter.problems.values())
