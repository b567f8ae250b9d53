"""Dates in the partner's calendar: Solar Hijri for Persian, the Buddhist era for Thai..."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

PERSIAN: dict[str, Any] = {
    "language": "fa",
    "date": "2024-03-20",
    "sender": {"name": "اتحاد بین‌المللی در حمایت از کارگران در ایران", "short_name": None},
    "recipient": {"name": "سندیکای کارگران شرکت واحد", "short_name": None},
    "event": None,
    "apology": None,
    "greeting": {"salutation": "رفقای گرامی،", "text": "درودهای گرم ما را بپذیرید."},
    "position": ["ما در کنار شما هستیم."],
    "sign_off": {"closing": [], "slogans": []},
}


@pytest.fixture
def date_line(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Callable[..., str]:
    def render(changes: dict[str, Any]) -> str:
        result = run("render", "-f", "txt", "-o", "-", spec_file(changes))
        assert result.exit_code == 0, result.stderr
        return result.stdout.split("\n\n")[2]

    return render


def test_a_persian_letter_is_dated_in_the_solar_hijri_calendar(
    date_line: Callable[..., str],
) -> None:
    # 20 March 2024 is Nowruz, the first day of the year 1403.
    assert date_line(PERSIAN) == "۱ فروردین ۱۴۰۳"  # noqa: RUF001 -- Persian digits
    assert date_line({**PERSIAN, "date": "2008-01-14"}) == "۲۴ دی ۱۳۸۶"


def test_a_persian_letter_may_choose_gregorian_or_both(date_line: Callable[..., str]) -> None:
    assert date_line({**PERSIAN, "calendar": "gregorian"}) == "۲۰ مارس ۲۰۲۴"
    both = "۱ فروردین ۱۴۰۳ (۲۰ مارس ۲۰۲۴)"  # noqa: RUF001 -- Persian digits
    assert date_line({**PERSIAN, "also_gregorian": True}) == both


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({"language": "th"}, "20 มีนาคม พ.ศ. 2567"),
        ({"calendar": "islamic"}, "10 Ramadan 1445 AH"),
        ({"calendar": "hebrew"}, "10 Adar 2 5784"),
        ({"calendar": "persian"}, "1 Farvardin 1403"),
    ],
)
def test_other_calendars(date_line: Callable[..., str], changes: dict[str, Any], line: str) -> None:
    spec = {"date": "2024-03-20", "event": None, "apology": None, **changes}
    assert date_line(spec) == line


def test_the_event_days_follow_the_letters_calendar(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    event = {"name": "کنگره‌ی ملی", "short_name": None, "kind": "کنگره", "city": "تهران"}
    event |= {"country": None, "start": "2024-03-21", "end": "2024-03-22", "aim": None}
    spec = {**PERSIAN, "date": "2024-03-20", "event": event, "greeting": {"text": None}}
    result = run("render", "-f", "txt", "-o", "-", "-w", "1000", spec_file(spec))
    assert result.exit_code == 0, result.stderr
    assert "که از ۲ تا ۳ فروردین ۱۴۰۳ در تهران برگزار خواهد شد،" in result.stdout
