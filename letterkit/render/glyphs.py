"""Missing glyphs: a character no installed font has is an error, named with its field.

WeasyPrint logs ".notdef glyph rendered for Unicode string unsupported by
fonts" with the character and its code point when Pango found no font for a
character; the PDF would show an empty box there. This module turns those
records into one problem per character, naming the spec field it came from.
"""

from __future__ import annotations

import logging
import unicodedata

from letterkit.document import Letter
from letterkit.errors import Problem

NOTDEF = ".notdef glyph rendered"


def missing_character(record: logging.LogRecord) -> str | None:
    """The character of a WeasyPrint missing-glyph record, or None for any other record."""
    if not str(record.msg).startswith(NOTDEF) or not isinstance(record.args, tuple):
        return None
    return next((a for a in record.args if isinstance(a, str) and len(a) == 1), None)


def _field_of(char: str, letter: Letter) -> str:
    fields = [name for name, text in letter.sources if char in text]
    return fields[0] if fields else "the letter's wording (templates)"


def missing_glyph_problem(char: str, letter: Letter) -> Problem:
    """One line naming the character, its code point, its field and what to do."""
    name = unicodedata.name(char, "unnamed character")
    return Problem(
        letter.name,
        f'{_field_of(char, letter)}: no installed font has "{char}" (U+{ord(char):04X} {name}), '
        "so the PDF would show an empty box; install a font that covers it "
        "(`letterkit doctor` lists the scripts covered) or name one in letter.css",
    )
