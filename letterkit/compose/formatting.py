"""Dates, date ranges and lists in the letter's language, with Babel."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cached_property

from babel import Locale
from babel.dates import DateTimeFormat, format_date, match_skeleton, parse_pattern
from babel.lists import format_list

from letterkit.compose.calendars import calendar_date
from letterkit.spec.model import Calendar

# Babel's interval formats abbreviate months ("Jan 19 – 21, 2008"); formal
# letters write them out, so the month fields of the pattern are widened.
_SHORT_MONTH = re.compile(r"(?<![ML])([ML])\1\1(?![ML])")
_FIELDS = "yMd"  # largest to smallest, as CLDR compares them


def locale_of(tag: str) -> Locale:
    """The Babel locale for a BCP 47 tag such as en, fa or ur-PK."""
    return Locale.parse(tag, sep="-" if "-" in tag else "_")


# Babel formats dates with Latin digits whatever the language, and has no
# table of other digits; CLDR names each language's numbering system, whose
# digits are ten consecutive code points from these zeros.
_ZEROS = {
    "arab": 0x0660,
    "arabext": 0x06F0,
    "beng": 0x09E6,
    "deva": 0x0966,
    "mymr": 0x1040,
    "thai": 0x0E50,
    "tibt": 0x0F20,
    "khmr": 0x17E0,
    "laoo": 0x0ED0,
}


def _digits(numbering: str) -> dict[int, str]:
    zero = _ZEROS.get(numbering)
    return {} if zero is None else {ord("0") + i: chr(zero + i) for i in range(10)}


# CLDR puts thin spaces around a range's dash ("May 20 – 21"); a line must
# not break there, so they become the narrow no-break space.
_NO_BREAK = {0x2009: "\u202f"}


class Formatter:
    """Formats values for one language."""

    def __init__(
        self, language: str, calendar: Calendar = "gregorian", also_gregorian: bool = False
    ) -> None:
        self.language = language
        self.calendar = calendar
        """The calendar dates are written in."""
        self.also_gregorian = also_gregorian
        """Whether a date in another calendar is followed by its Gregorian date in brackets."""
        self.locale = locale_of(language)
        self.numbering = str(self.locale.default_numbering_system)
        """The CLDR numbering system of the language's digits (latn, arabext...)."""
        self.digits = _digits(self.numbering)
        """Latin digit -> the language's own, for the dates Babel writes."""

    @cached_property
    def direction(self) -> str:
        """'rtl' for right-to-left scripts, else 'ltr'."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def date(self, value: dt.date | str) -> str:
        """A date written out ("January 14, 2008"); text is used as written."""
        if isinstance(value, str):
            return value
        gregorian = format_date(value, "long", locale=self.locale)
        other = calendar_date(value, self.calendar, self.language)
        if other is None:
            return gregorian.translate(self.digits)
        both = f"{other} ({gregorian})" if self.also_gregorian else other
        return both.translate(self.digits)

    def date_range(self, start: dt.date | str, end: dt.date | str | None) -> str:
        """A range such as "January 19 – 21, 2008", months written out."""
        if end is None or start == end:
            return self.date(start)
        if isinstance(start, str) or isinstance(end, str) or self.calendar != "gregorian":
            return f"{self.date(start)} – {self.date(end)}"
        return self._interval(start, end).translate(self.digits).translate(_NO_BREAK)

    def _interval(self, start: dt.date, end: dt.date) -> str:
        formats = self.locale.interval_formats
        skeleton = match_skeleton("yMMMMd", formats)
        if not skeleton:
            return f"{self.date(start)} – {self.date(end)}"
        patterns = formats[skeleton]
        begin, finish = DateTimeFormat(start, self.locale), DateTimeFormat(end, self.locale)
        for field in _FIELDS:
            if field in patterns and begin.extract(field) != finish.extract(field):
                return "".join(
                    parse_pattern(_SHORT_MONTH.sub(r"\1\1\1\1", pattern)).apply(day, self.locale)
                    for pattern, day in zip(patterns[field], (start, end), strict=True)
                )
        return self.date(start)

    def and_list(self, items: Iterable[str]) -> str:
        """Items joined as the language lists them ("a, b and c")."""
        items = [str(i) for i in items]
        return format_list(items, locale=self.locale) if items else ""

    def or_list(self, items: Iterable[str]) -> str:
        """Items joined as alternatives ("a, b or c")."""
        items = [str(i) for i in items]
        return format_list(items, style="or", locale=self.locale) if items else ""
