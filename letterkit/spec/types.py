"""Field types shared by the spec model: text, paragraphs, lines and dates.

Every scalar arrives from the YAML reader as the text the user wrote, so
these types decide deliberately what text becomes: a date when a date field
holds an ISO date, paragraphs when prose is one string, and so on.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from letterkit.spec.base import JSON, After, Before, Invalid, Schema

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NEAR_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def near_iso_date(value: str) -> bool:
    """A date written almost as ISO (2026-5-1): taken as text, so worth a warning."""
    return bool(_NEAR_ISO_DATE.fullmatch(value.strip())) and not _ISO_DATE.fullmatch(value.strip())


_SPACES = re.compile(r"[ \t\r\n]+")
_PART_NAME = re.compile(r"[a-z][a-z0-9_]*")
PLACED = frozenset({"subject", "valediction", "enclosures", "cc"})
"""Templates letterkit always fills in their own place, so parts: may not list them."""


def fold(text: str) -> str:
    """Fold runs of ordinary white space into one space; no-break and thin spaces stay."""
    return _SPACES.sub(" ", text).strip(" ")


def kind_of(value: Any) -> str:
    """Name the kind of a YAML value the way a non-programmer would."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return "text"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) but tab and line feed: found without a loop."""


def _check_characters(text: str) -> str:
    if not _CONTROL.search(text):
        return text
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            raise Invalid(
                "control_character",
                "contains the control character U+{code}; remove it",
                {"code": f"{ord(char):04X}"},
            )
    return text


def _single_line(value: Any) -> Any:
    if isinstance(value, str):
        value = fold(value)
        # No-break and thin spaces are kept, but a value of nothing else is still blank.
        if not value.strip():
            raise Invalid("empty", "is empty; write a value or remove the key")
    return value


def _paragraphs(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise Invalid(
            "paragraphs",
            "expected text or a list of paragraphs, got {got}",
            {
                "got": kind_of(
                    value
                    if not isinstance(value, list)
                    else next(i for i in value if not isinstance(i, str))
                )
            },
        )
    paragraphs: list[str] = []
    for item in items:
        # A blank line inside one string starts a new paragraph; single line
        # breaks are how YAML block scalars wrap long text, not line breaks.
        paragraphs += [fold(p) for p in _BLANK_LINE.split(item) if fold(p)]
    return tuple(_check_characters(p) for p in paragraphs)


def _lines(value: Any) -> Any:
    if isinstance(value, str):
        return [line for line in (fold(x) for x in value.splitlines()) if line]
    return value


def _date(value: Any) -> Any:
    if not isinstance(value, str | dt.date):
        raise Invalid(
            "date_or_text",
            "expected a date (YYYY-MM-DD) or text, got {got}",
            {"got": kind_of(value)},
        )
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(
                "date",
                '"{value}" looks like a date but is not a real one (YYYY-MM-DD)',
                {"value": value},
            ) from None
    return value


def listed(value: Any) -> Any:
    """One item written without its list, as a list of it."""
    return [value] if isinstance(value, str) else value


Text = Annotated[str, Before(_single_line), After(_check_characters)]
"""One line of text, taken literally; runs of white space fold into one space."""

Paragraphs = Annotated[
    tuple[str, ...],
    Before(_paragraphs),
    Schema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "Text (one paragraph, or several separated by a blank line) "
            "or a list of paragraphs. Inline Markdown is allowed.",
        }
    ),
]
"""Prose: a string or a list of paragraphs, inline Markdown allowed."""

Lines = Annotated[
    tuple[Text, ...],
    Before(_lines),
    Schema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
    ),
]
"""Lines such as an address: a list, or one string with a line per line."""

Items = Annotated[
    tuple[Text, ...],
    Before(listed),
    Schema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
    ),
]
"""A list of short texts (reasons, slogans...); one item may be written without the list."""

DateOrText = Annotated[
    dt.date | Text,
    Before(_date),
    Schema(
        {
            "type": "string",
            "description": "An ISO date (YYYY-MM-DD), formatted "
            "for the letter's language, or any text, used as written.",
        }
    ),
]
"""An ISO date, formatted for the letter's language, or text used as written."""


def _part_name(value: Any) -> Any:
    if isinstance(value, str) and not _PART_NAME.fullmatch(value):
        raise Invalid(
            "part_name",
            '"{value}" is not a part name: use lower-case letters, digits and _ '
            "(greeting, sign_off, my_part)",
            {"value": value},
        )
    if value in PLACED:
        raise Invalid(
            "part_name",
            '"{value}" has a place of its own (the subject first; the valediction, '
            "enclosures and cc around the signatures); remove it from parts",
            {"value": value},
        )
    return value


PartName = Annotated[
    str,
    After(_part_name),
    Schema({"type": "string", "pattern": f"^{_PART_NAME.pattern}$"}),
]
"""The name of a letter part: a template file name without .j2."""

JsonValue = Annotated[object, JSON]
"""Any JSON value (text, number, yes/no, null, lists and mappings of them), taken literally."""
