"""Named page layouts, measured in the real PDF: the address inside the window's field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from letterkit.layouts import LAYOUTS, Zone, layout_named
from tests.geometry import Box, line_text, lines, overlapping, rules, words

WINDOWED = sorted(name for name, layout in LAYOUTS.items() if layout.field is not None)
TOLERANCE = 0.5
"""Millimetres a character may stand from a zone's edge and a mark from its position."""
SENDER = {
    "name": "Workers' Solidarity Network",
    "address": ["12 Long Street", "8001 Cape Town"],
    "email": "info@wsn.example",
}
RECIPIENT = {
    "name": "Congress of South African Trade Unions",
    "address": ["COSATU House", "110 Jorissen Street", "Braamfontein 2017", "SOUTH AFRICA"],
}

Render = Callable[..., tuple[Result, Path]]


def _spec(name: str, **changes: Any) -> dict[str, Any]:
    paper = layout_named(name).paper or "a4"
    layout = {"envelope": name, "page_size": paper, **changes.pop("layout", {})}
    return {"sender": SENDER, "recipient": RECIPIENT, "layout": layout, **changes}


@pytest.fixture
def render(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Render:
    def render(changes: dict[str, Any], command: str = "render") -> tuple[Result, Path]:
        path = spec_file(changes)
        args = ["-q", "-f", "pdf"] if command == "render" else []
        return run(command, *args, path), path.with_suffix(".pdf")

    return render


def _first_page(render: Render, name: str, **changes: Any) -> tuple[Path, list[Box]]:
    result, pdf = render(_spec(name, **changes))
    assert result.exit_code == 0, result.output
    return pdf, words(pdf)[0]


def _inside(word: Box, left: float, top: float, right: float, bottom: float) -> bool:
    return (
        word.x0 >= left - TOLERANCE
        and word.x1 <= right + TOLERANCE
        and word.top >= top - TOLERANCE
        and word.bottom <= bottom + TOLERANCE
    )


def _rows(page: list[Box], wanted: list[str], zone: Zone) -> list[Box]:
    """The words of the wanted lines, looked for about the zone (5 mm around it)."""
    about = [w for w in page if zone.left - 5 <= w.x0 and w.x1 <= zone.right + 5]
    rows = {line_text(row): row for row in lines(about)}
    missing = [line for line in wanted if line not in rows]
    assert not missing, f"not found, one line each: {missing}"
    return [w for line in wanted for w in rows[line]]


@pytest.mark.parametrize("name", WINDOWED)
def test_every_address_character_lies_in_the_standard_field(name: str, render: Render) -> None:
    zone = layout_named(name).address
    assert zone is not None
    _, page = _first_page(render, name)
    tokens = " ".join([RECIPIENT["name"], *RECIPIENT["address"]]).split()
    near = [
        w
        for w in page
        if w.text in tokens
        and w.top > zone.top - TOLERANCE  # not the return line above the address
        and _inside(w, zone.left - 5, zone.top - 5, zone.right + 5, zone.bottom + 5)
    ]
    assert sorted(w.text for w in near) == sorted(tokens), [(w.text, w.top) for w in near]
    for word in near:
        assert _inside(word, zone.left, zone.top, zone.right, zone.bottom), (word, zone)
    assert overlapping(page) == []


@pytest.mark.parametrize("name", WINDOWED)
def test_letterhead_date_and_text_stand_in_their_zones(name: str, render: Render) -> None:
    layout = layout_named(name)
    _, page = _first_page(render, name, date="2026-03-08")
    band, info = layout.letterhead, layout.info
    assert band is not None and info is not None
    for word in _rows(page, [SENDER["name"], *SENDER["address"]], band):
        assert _inside(word, band.left, band.top, band.right, band.bottom), (word, band)
    for word in _rows(page, ["March 8, 2026"], info):
        assert _inside(word, info.left, info.top, info.right, info.bottom), (word, info)
    (greeting,) = (w for w in page if w.text == "Dear")
    assert greeting.top >= layout.text_top - TOLERANCE


@pytest.mark.parametrize("name", WINDOWED)
def test_fold_and_hole_marks_stand_at_the_standard_positions(name: str, render: Render) -> None:
    layout = layout_named(name)
    pdf, _ = _first_page(render, name)
    marks = sorted(y for x0, _, y in rules(pdf) if x0 < 10)
    expected = sorted([*layout.folds, *([layout.hole] if layout.hole else [])])
    assert len(marks) == len(expected), marks
    for y, want in zip(marks, expected, strict=True):
        assert abs(y - want) <= TOLERANCE, (y, want)


def test_an_address_too_long_for_the_window_fails_at_check_with_its_position(
    render: Render,
) -> None:
    recipient = {**RECIPIENT, "address": [*RECIPIENT["address"], "Gauteng", "Room 5"]}
    result, _ = render(_spec("din-5008-b", recipient=recipient), "check")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "recipient.address: the name and address take 7 lines, 1 more than the address "
        "field of DIN 5008 form B holds (6; layout.envelope: din-5008-b); join or leave out "
        "lines"
    )
    assert ":" in result.stderr.split("recipient.address")[0], "with line and column"


def test_an_address_that_wraps_past_the_window_fails_the_letter(render: Render) -> None:
    # The German letter of the report: the last line ("GRIECHENLAND") printed over
    # the subject. Five lines as written; the name and the street line wrap to seven.
    recipient = {
        "name": "Panhellenische Föderation der Arbeitnehmer im öffentlichen Dienst",
        "address": [
            "Odos Patision 150, Gebäude B, dritter Stock links, Büro 14",
            "Postfach 12",
            "11257 Athen",
            "GRIECHENLAND",
        ],
    }
    result, pdf = render(_spec("din-c5-dl", recipient=recipient, subject="Einladung"))
    assert result.exit_code == 1
    assert not pdf.exists()
    assert result.stderr.strip().endswith(
        "recipient.address: the address takes 7 lines, 1 too many for the address field of "
        "DIN 5008 form B (layout.envelope: din-5008-b, 6 lines); shorten its lines or leave "
        "some out"
    )


def test_a_letterhead_taller_than_its_band_fails_the_letter(render: Render) -> None:
    sender = {
        "name": "Federation of Public Service, Transport and Municipal Workers' Unions of the "
        "Western Cape Province",
        "address": ["12 Long Street", "Woodstock", "8001 Cape Town", "South Africa"],
        "email": "info@wsn.example",
        "phone": "+27 21 555 0100",
        "website": "https://wsn.example",
    }
    result, _ = render(_spec("din-5008-a", sender=sender))
    assert result.exit_code == 1
    assert "sender: the letterhead runs" in result.stderr
    assert "below its band (27 mm from the top in DIN 5008 form A" in result.stderr


def test_a_layout_names_its_paper(render: Render) -> None:
    result, _ = render(_spec("us-no10", layout={"page_size": "a4"}), "check")
    assert result.exit_code == 2
    assert "envelope us-no10 needs page_size letter" in result.stderr


def test_text_printed_over_other_text_fails_the_letter(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # A project's stylesheet that pulls the greeting up over the date line.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "letter.css").write_text("p { margin: 0; } .part-greeting { margin-top: -4mm; }")
    path = spec_file({"greeting": {"salutation": "Dear Comrades,"}})
    result = run("render", "-q", "-f", "pdf", "--templates", templates, path)
    assert result.exit_code == 1
    assert not path.with_suffix(".pdf").exists()
    assert 'page 1: "' in result.stderr and "is printed over" in result.stderr
    assert "Dear Comrades," in result.stderr


def test_a_return_line_wider_than_the_window_takes_the_short_name_or_fails(
    render: Render,
) -> None:
    long_name = "Gewerkschaft Öffentliche Dienste und Verwaltung Nordrhein-Westfalen"
    sender = {"name": long_name, "address": ["Hauptstraße 12", "40210 Düsseldorf"]}
    result, pdf = render(_spec("din-5008-b", sender={**sender, "short_name": "GÖD"}))
    assert result.exit_code == 0, result.output
    field = layout_named("din-5008-b").field
    assert field is not None
    back = [w for w in words(pdf)[0] if field.top < w.bottom < field.top + 5]
    assert [w.text for w in back] == ["GÖD", "·", "Hauptstraße", "12", "·", "40210", "Düsseldorf"]
    result, _ = render(_spec("din-5008-b", sender={**sender, "short_name": None}))
    assert result.exit_code == 1
    assert "sender: the return-address line runs" in result.stderr
    assert "give the sender a short_name" in result.stderr


@pytest.mark.parametrize("name", WINDOWED)
def test_the_page_css_cites_where_its_numbers_come_from(
    name: str, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    layout = layout_named(name)
    result = run("render", "-f", "html", "-o", "-", spec_file(_spec(name)))
    assert result.exit_code == 0, result.output
    assert f"/* {layout.title}: {layout.source} (letterkit/layouts.py) */" in result.stdout
    assert layout.source, "every window layout names its source"
