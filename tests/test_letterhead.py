"""Letterhead, running header, signatures, enclosures, copies and the window envelope."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.pdfs import figure_alts, reader
from tests.test_scripts import IMAGES

MM = 72 / 25.4
"""PDF points per millimetre."""
LONG = ["A paragraph of the position statement that goes on for a while. " * 12] * 6


@pytest.fixture
def images(tmp_path: Path) -> Path:
    for image in IMAGES.iterdir():
        shutil.copy(image, tmp_path)
    return tmp_path


@pytest.fixture
def pdf(
    images: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> Callable[..., Path]:
    def render(changes: dict[str, Any], *args: str) -> Path:
        path = spec_file(changes)
        result = run("render", "-q", "-f", "pdf", "-f", "txt", *args, path)
        assert result.exit_code == 0, result.output
        return path.with_suffix(".pdf")

    return render


def test_logo_and_signature_carry_alt_texts(pdf: Callable[..., Path]) -> None:
    path = pdf(
        {
            "sender": {"logo": "logo.png", "email": "wsn@example.org"},
            "sign_off": {"signature": {"path": "signature.svg", "alt": "Signed by Ana Silva"}},
        }
    )
    assert figure_alts(reader(path)) == ["Workers' Solidarity Network", "Signed by Ana Silva"]
    html = path.with_suffix(".txt").read_text("utf-8")
    assert html.startswith("Workers' Solidarity Network\nwsn@example.org\n")


def test_later_pages_carry_the_running_header_and_the_first_does_not(
    pdf: Callable[..., Path],
) -> None:
    path = pdf({"position": LONG})
    pages = [page.extract_text() for page in reader(path).pages]
    assert len(pages) == 2
    assert "Page 1 of 2" not in pages[0]
    # Margin boxes are drawn after the page's content: the header comes last.
    assert pages[1].splitlines()[-1] == (
        "Workers' Solidarity Network · Congress of South African Trade Unions · "
        "March 8, 2026 Page 2 of 2"
    )


def test_a_language_without_wording_numbers_pages_without_words(
    pdf: Callable[..., Path],
) -> None:
    path = pdf({"language": "nl", "position": LONG, "apology": None})
    assert reader(path).pages[1].extract_text().endswith("2 / 2")


def test_enclosures_and_copies_follow_the_signature(pdf: Callable[..., Path]) -> None:
    path = pdf({"enclosures": ["Annual report", "Photos"], "cc": ["ITUC", "IndustriALL"]})
    text = path.with_suffix(".txt").read_text("utf-8")
    assert text.endswith(
        "In solidarity,\nWorkers' Solidarity Network (WSN)\n\n"
        "Enclosures:\nAnnual report\nPhotos\n\ncc:\nITUC\nIndustriALL\n"
    )
    extracted = reader(path).pages[0].extract_text()
    assert extracted.index("Workers' Solidarity Network (WSN)") < extracted.index("Enclosures:")


def test_headings_of_the_lists_may_be_given_in_the_spec(pdf: Callable[..., Path]) -> None:
    path = pdf(
        {
            "language": "nl",
            "apology": None,
            "enclosures": ["Jaarverslag"],
            "cc": ["FNV"],
            "labels": {"enclosures": "Bijlagen:"},
        }
    )
    text = path.with_suffix(".txt").read_text("utf-8")
    assert text.endswith("\n\nBijlagen:\nJaarverslag\n\nFNV\n"), "no English heading"


def _positions(path: Path, wanted: str) -> tuple[float, float]:
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if wanted in text and not found:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))  # points, from below

    reader(path).pages[0].extract_text(visitor_text=visit)
    assert found, f"{wanted!r} not on the first page"
    return found[0]


def test_window_envelope_puts_the_address_in_the_din_window(pdf: Callable[..., Path]) -> None:
    path = pdf(
        {
            "sender": {
                "address": ["12 Long Street", "Cape Town"],
                "logo": "logo.png",
                "email": "info@wsn.example",
            },
            "recipient": {"address": ["PO Box 1", "Johannesburg"]},
            "layout": {"envelope": "din-c5-dl"},
        }
    )
    x, y = _positions(path, "PO Box 1")
    from_top = 297 - y / MM
    # DIN 5008 form B: the address zone is 20-105 mm from the left and
    # 62.7-90 mm from the top (below the 17.7 mm zone for the return address).
    assert 20 <= x / MM <= 40, x / MM
    assert 62.7 <= from_top <= 90, from_top
    _, first = _positions(path, "Dear Comrades")
    assert 297 - first / MM >= 98.4, "the text starts below the window"
    _, back = _positions(path, "Workers' Solidarity Network · 12 Long Street")
    assert 45 <= 297 - back / MM <= 62.7, "the return address sits above the address"


def test_window_envelope_needs_a4(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file({"layout": {"envelope": "din-c5-dl", "page_size": "letter"}})
    result = run("render", "-f", "txt", path)
    assert result.exit_code == 2
    assert "layout: envelope din-c5-dl needs page_size a4" in result.stderr


def test_envelope_return_address_has_no_contact_details(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file(
        {
            "sender": {"address": ["12 Long Street, Cape Town"], "email": "info@wsn.example"},
            "layout": {"envelope": "din-c5-dl"},
        }
    )
    html = run("render", "-f", "html", "-o", "-", path).stdout
    assert (
        '<div class="return">Workers&#39; Solidarity Network · 12 Long Street, Cape Town</div>'
        in html
    )


def test_joint_signatories_stand_on_one_line_with_and_without_an_image(
    pdf: Callable[..., Path],
) -> None:
    path = pdf(
        {
            "sign_off": {
                "signatories": [
                    {"name": "Maryam Ahmadi", "role": "Secretary", "signature": "signature.svg"},
                    {"name": "John Smith", "role": "Chair"},
                ]
            }
        }
    )
    (_, signed), (_, unsigned) = _positions(path, "Maryam Ahmadi"), _positions(path, "John Smith")
    assert abs(signed - unsigned) < 0.5, (signed, unsigned)
