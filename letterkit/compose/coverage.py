"""Which parts a language's template folders word, and which fall back to no wording at all.

A part has wording when some folder holds it for the language
(``fr/apology.j2``) or a project writes it for every language
(``templates/apology.j2``); otherwise the built-in language-less template
fills it, which writes only what the spec writes out. The parts that have wording at all
are the ones the built-in English folder words, so the list grows with the
built-in templates and needs no upkeep here.
"""

from __future__ import annotations

from functools import cache

import msgspec

from letterkit.compose.templates import BUILTIN, Source, TemplateSet, language_folders

REFERENCE_LANGUAGE = "en"


@cache
def worded_parts() -> tuple[str, ...]:
    """Every part the built-in wording has a language version of (the package's: read once)."""
    return tuple(sorted(p.stem for p in (BUILTIN / REFERENCE_LANGUAGE).glob("*.j2")))


class Coverage(msgspec.Struct, frozen=True):
    """One part for one language: the template in effect, and whether it is worded."""

    part: str
    source: Source | None
    worded: bool


def _worded(source: Source | None) -> bool:
    # A project's own language-less template words the part for every language on
    # purpose; only the built-in one holds no wording.
    if source is None:
        return False
    return source.origin != "built-in" or "/" in source.name.split("/", 1)[1]


def coverage(
    templates: TemplateSet, language: str, parts: list[str] | None = None
) -> list[Coverage]:
    """Each part (by default every worded part) and what fills it in the language."""
    names = list(worded_parts()) if parts is None else [p for p in parts if p in worded_parts()]
    found = [(part, templates.part(part, language)) for part in names]
    return [Coverage(part, source, _worded(source)) for part, source in found]


def file_to_add(templates: TemplateSet, language: str, part: str) -> str:
    """Where a missing part's template belongs: the language folder of the first folder."""
    folder = language_folders(language)[-1]
    where = templates.search_path[0] if templates.search_path else "your templates folder"
    return f"{where}/{folder}/{part}.j2"
