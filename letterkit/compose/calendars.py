"""Dates in the partner's calendar: Solar Hijri, Umm al-Qura, Buddhist era, Hebrew.

Babel formats Gregorian dates only, so the other calendars are converted
here and written day, month name, year, in the language's digits.

Libraries, chosen for being kept up and exact rather than approximate:
- Solar Hijri (Iran's civil calendar): jdatetime, the most used Jalali
  library, pure Python, released through 2026, agreeing with the official
  calendar (1 Farvardin 1403 = 20 March 2024).
- Islamic: hijridate, the maintained successor of hijri-converter, which
  follows the Umm al-Qura tables of Saudi Arabia rather than an arithmetic
  approximation, with no dependencies.
- Hebrew: pyluach, pure Python with no dependencies, kept up, with the Hebrew
  month names.
- Buddhist era: no library; it is the Gregorian calendar with the year
  counted from 543 BCE, as Thai letters write it.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from letterkit.spec.model import Calendar, Spec

# Each calendar's library is imported by its writer: most letters use none of them.

DEFAULTS: dict[str, Calendar] = {"fa": "persian", "th": "buddhist"}
"""The civil calendar of letters in a language, where it is not the Gregorian one."""

PERSIAN_MONTHS = {
    "fa": (
        "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
        "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    ),
    "": (
        "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
        "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
    ),
}  # fmt: skip
BUDDHIST_ERA = {"th": "พ.ศ.", "": "BE"}
ISLAMIC_ERA = {"ar": "هـ", "fa": "ق", "ur": "ھ", "": "AH"}


def calendar_of(spec: Spec) -> tuple[Calendar, bool]:
    """The letter's calendar and whether its dates add the Gregorian date in brackets.

    The calendar is the spec's, else the one letters in its language use.
    """
    calendar = spec.calendar or DEFAULTS.get(_base(spec.language), "gregorian")
    return calendar, spec.also_gregorian and calendar != "gregorian"


def _base(language: str) -> str:
    return language.replace("_", "-").split("-")[0]


def _persian(day: dt.date, language: str) -> str:
    import jdatetime  # noqa: PLC0415

    j = jdatetime.date.fromgregorian(date=day)
    months = PERSIAN_MONTHS.get(_base(language), PERSIAN_MONTHS[""])
    return f"{j.day} {months[j.month - 1]} {j.year}"


def _islamic(day: dt.date, language: str) -> str:
    from hijridate import Gregorian  # noqa: PLC0415

    h = Gregorian(day.year, day.month, day.day).to_hijri()
    name = h.month_name("ar" if language.startswith(("ar", "fa", "ur")) else "en")
    return f"{h.day} {name} {h.year} {ISLAMIC_ERA.get(_base(language), ISLAMIC_ERA[''])}"


def _hebrew(day: dt.date, language: str) -> str:
    from pyluach import dates as hebrew_dates  # noqa: PLC0415

    h = hebrew_dates.GregorianDate(day.year, day.month, day.day).to_heb()
    return f"{h.day} {h.month_name(hebrew=language.startswith('he'))} {h.year}"


def _buddhist(day: dt.date, language: str) -> str:
    months = format_date(day, "d MMMM", locale=language.replace("-", "_"))
    era = BUDDHIST_ERA.get(_base(language), BUDDHIST_ERA[""])
    return f"{months} {era} {day.year + 543}"


WRITERS = {"persian": _persian, "islamic": _islamic, "hebrew": _hebrew, "buddhist": _buddhist}


def calendar_date(day: dt.date, calendar: Calendar, language: str) -> str | None:
    """The day written in a calendar other than the Gregorian one (None for Gregorian).

    The digits are Latin; the formatter puts the language's own.
    """
    writer = WRITERS.get(calendar)
    return None if writer is None else writer(day, language)
