"""Signatures read back from the PDF: room to sign, equal columns, names on one baseline."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import ROOT
from tests.geometry import Box, words
from tests.pdfs import figure_alts, reader

THREE = [
    {"name": "Maryam Ahmadi", "role": "Coordinator", "organisation": "IASWI"},
    {"name": "Thandi Mokoena", "role": "International Secretary", "organisation": "COSATU"},
    {"name": "Jean Dupont", "role": "Secrétaire général", "organisation": "Solidaires"},
]
SIGNING_SPACE = 15
"""Millimetres left free to sign by hand (about three lines)."""


@pytest.fixture
def last_page(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> Callable[..., list[Box]]:
    def render(changes: dict[str, Any]) -> list[Box]:
        path = spec_file(changes)
        result = run("render", "-q", "-f", "pdf", path)
        assert result.exit_code == 0, result.output
        return words(path.with_suffix(".pdf"))[-1]

    return render


def _word(page: list[Box], text: str) -> Box:
    (found,) = (w for w in page if w.text == text)
    return found


@pytest.mark.parametrize("page_size", ["a4", "letter"])
def test_three_signatories_stand_in_equal_columns_on_one_baseline(
    page_size: str, last_page: Callable[..., list[Box]]
) -> None:
    page = last_page({"sign_off": {"signatories": THREE}, "layout": {"page_size": page_size}})
    names = [_word(page, s["name"].split()[0]) for s in THREE]
    assert max(n.bottom for n in names) - min(n.bottom for n in names) < 0.2
    steps = [b.x0 - a.x0 for a, b in pairwise(names)]
    assert abs(steps[0] - steps[1]) < 0.5, steps
    roles = [_word(page, s["role"].split()[0]) for s in THREE]
    for name, role in zip(names, roles, strict=True):
        assert role.top >= name.bottom - 0.2, "the role stands on a line of its own"
        assert abs(role.x0 - name.x0) < 0.5


def test_on_a5_three_signatories_take_two_columns(last_page: Callable[..., list[Box]]) -> None:
    page = last_page({"sign_off": {"signatories": THREE}, "layout": {"page_size": "a5"}})
    first, second, third = (_word(page, s["name"].split()[0]) for s in THREE)
    assert abs(first.bottom - second.bottom) < 0.2 and second.x0 > first.x1
    assert third.top > first.bottom and abs(third.x0 - first.x0) < 0.5


@pytest.mark.parametrize(
    ("layout", "space", "room"),
    [
        ({"envelope": "din-5008-b"}, None, True),
        ({"envelope": "din-5008-b"}, False, False),
        ({}, None, False),
        ({}, True, True),
    ],
)
def test_room_to_sign_by_hand_is_left_for_posted_letters(
    layout: dict[str, str], space: bool | None, room: bool, last_page: Callable[..., list[Box]]
) -> None:
    sign_off: dict[str, Any] = {"signatory": "Ana Silva"}
    if space is not None:
        sign_off["signature_space"] = space
    page = last_page({"sign_off": sign_off, "layout": layout})
    gap = _word(page, "Ana").top - _word(page, "solidarity,").bottom
    assert (gap >= SIGNING_SPACE) is room, gap


def test_in_a_right_to_left_letter_the_first_signatory_stands_on_the_right(
    last_page: Callable[..., list[Box]],
) -> None:
    # Latin names, found as words whatever the order the PDF draws Persian in.
    people = [
        {"name": "Maryam", "role": "هماهنگ‌کننده"},
        {"name": "Thandi", "role": "Secretary"},
        {"name": "Rafiq", "role": "دبیر"},
    ]
    page = last_page(
        {
            "language": "fa",
            "apology": None,
            "event": None,
            "greeting": {"salutation": "رفقا،", "text": "درود."},
            "sign_off": {"signatories": people, "valediction": "با درود،"},
        }
    )
    names = [_word(page, p["name"]) for p in people]
    assert names[0].x0 > names[1].x0 > names[2].x0, "first, second, third from the right"
    assert max(n.bottom for n in names) - min(n.bottom for n in names) < 0.5


def test_a_signatory_signing_for_someone_says_so_on_a_line_of_its_own(
    last_page: Callable[..., list[Box]], spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    sign_off = {"signatory": "Ana Silva", "on_behalf_of": "Thandi Mokoena"}
    page = last_page({"sign_off": sign_off})
    name, behalf = _word(page, "Ana"), _word(page, "behalf")
    assert behalf.top >= name.bottom - 0.2, "below the name"
    assert _word(page, "Mokoena").bottom == pytest.approx(behalf.bottom, abs=0.2)
    text = run("render", "-q", "-f", "txt", "-o", "-", spec_file({"sign_off": sign_off}))
    assert "Ana Silva\non behalf of Thandi Mokoena\n" in text.stdout


def test_a_joint_letter_carries_each_organisations_letterhead(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    shutil.copy(ROOT / "examples" / "logo.svg", tmp_path)
    path = spec_file(
        {
            "sender": {"logo": "logo.svg"},
            "co_senders": [
                {"name": "COSATU Western Cape", "logo": {"path": "logo.svg", "alt": "COSATU"}},
                {"name": "Solidaires"},
            ],
        }
    )
    assert run("render", "-q", "-f", "pdf", "-f", "txt", path).exit_code == 0
    pdf = path.with_suffix(".pdf")
    assert figure_alts(reader(pdf)) == ["Workers' Solidarity Network", "COSATU"]
    twin = path.with_suffix(".txt").read_text("utf-8")
    assert twin.startswith("Workers' Solidarity Network\n\nCOSATU Western Cape\n\nSolidaires\n\n")
    top = [w for w in words(pdf)[0] if w.bottom < 40]  # the letterhead
    heads = [_word(top, text) for text in ("Workers'", "COSATU", "Solidaires")]
    assert heads[0].x0 < heads[1].x0 < heads[2].x0
    assert max(w.top for w in heads) - min(w.top for w in heads) < 0.5, "side by side"
