"""Missing glyphs: a character no installed font has is an error, named with its field.

WeasyPrint logs ".notdef glyph rendered for Unicode string unsupported by
fonts" with the character and its code point when Pango found no font for a
character; the PDF would show an empty box there. This module turns those
records into one problem per spec field, naming its characters.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable

from letterkit.document import Letter
from letterkit.errors import Problem

NOTDEF = ".notdef glyph rendered"
MAX_SHOWN = 3
"""Characters named per field; a name in another script would otherwise fill a screen."""


def missing_character(record: logging.LogRecord) -> str | None:
    """The character of a WeasyPrint missing-glyph record, or None for any other record."""
    if not str(record.msg).startswith(NOTDEF) or not isinstance(record.args, tuple):
        return None
    return next((a for a in record.args if isinstance(a, str) and len(a) == 1), None)


def _field_of(char: str, letter: Letter) -> str:
    fields = [name for name, text in letter.sources if char in text]
    return fields[0] if fields else "the letter's wording (templates)"


def _described(char: str) -> str:
    return f'"{char}" (U+{ord(char):04X} {unicodedata.name(char, "unnamed character")})'


def missing_glyph_problems(chars: Iterable[str], letter: Letter) -> list[Problem]:
    """One line per field, naming its characters no font has and what to do."""
    by_field: dict[str, list[str]] = {}
    for char in chars:
        by_field.setdefault(_field_of(char, letter), []).append(char)
    problems = []
    for field, missing in by_field.items():
        shown = ", ".join(_described(c) for c in missing[:MAX_SHOWN])
        more = f" and {len(missing) - MAX_SHOWN} more" if len(missing) > MAX_SHOWN else ""
        boxes, them = ("an empty box", "it") if len(missing) == 1 else ("empty boxes", "them")
        message = (
            f"{field}: no installed font has {shown}{more}, so the PDF would show {boxes}; "
            f"install a font that covers {them} (`letterkit doctor` lists the scripts "
            "covered) or name one in letter.css"
        )
        problems.append(Problem(letter.name, message))
    return problems
