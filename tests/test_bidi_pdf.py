"""Right-to-left letters read back from the PDF: data lines keep their own order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from letterkit.document import FSI, PDI
from tests.geometry import Box, chars

PHONE = "+961 1 234 567"
LATIN_ADDRESS = "45/7 Soi Ramkhamhaeng 24"
ARABIC: dict[str, Any] = {
    "language": "ar",
    "apology": None,
    "event": None,
    "greeting": {"salutation": "الرفاق الأعزاء،", "text": "نرسل إليكم تحيات التضامن."},
    "position": ["نقف معكم."],
    "sign_off": {"closing": [], "slogans": [], "valediction": "تضامنًا،"},
    "sender": {"name": "اتحاد النقابات", "phone": PHONE, "address": ["شارع الحمرا ١٢", "بيروت"]},
    "recipient": {"name": "نقابة العمال", "address": [LATIN_ADDRESS, "Bangkok 10240"]},
}
HEBREW = {**ARABIC, "language": "he", "greeting": {"salutation": "חברים יקרים,", "text": "שלום."}}


def _visual_lines(page: list[Box]) -> list[str]:
    """Each line's characters as they stand on the page, left to right, without spaces."""
    rows: list[list[Box]] = []
    # A character from a fallback font ("+") may sit a little off the line's others.
    for char in sorted(page, key=lambda c: c.bottom):
        if rows and abs(rows[-1][-1].bottom - char.bottom) < 2.0:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [
        "".join(c.text for c in sorted(row, key=lambda c: c.x0) if c.text.strip()) for row in rows
    ]


@pytest.fixture
def first_page(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> Callable[..., list[str]]:
    def render(spec: dict[str, Any], **layout: str) -> list[str]:
        path = spec_file({**spec, "layout": layout})
        result = run("render", "-q", "-f", "pdf", "-f", "txt", path)
        assert result.exit_code == 0, result.output
        return _visual_lines(chars(path.with_suffix(".pdf"))[0])

    return render


@pytest.mark.parametrize("envelope", ["plain", "din-5008-b"])
@pytest.mark.parametrize("spec", [ARABIC, HEBREW], ids=["ar", "he"])
def test_a_phone_number_and_a_latin_address_keep_their_order_in_a_right_to_left_letter(
    spec: dict[str, Any], envelope: str, first_page: Callable[..., list[str]]
) -> None:
    lines = first_page(spec, envelope=envelope)
    assert PHONE.replace(" ", "") in lines, lines
    assert LATIN_ADDRESS.replace(" ", "") in lines, lines
    assert "Bangkok10240" in lines, lines


def test_the_text_twin_isolates_only_the_lines_that_need_it(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    result = run("render", "-q", "-f", "txt", "-o", "-", spec_file(ARABIC))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{FSI}{PHONE}{PDI}" in lines
    assert f"{FSI}{LATIN_ADDRESS}{PDI}" in lines
    assert "شارع الحمرا ١٢" in lines, "an all-Arabic line carries no marks"
