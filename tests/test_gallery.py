"""Every letter of the gallery (examples/gallery), rendered and measured on every page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from letterkit.cli import cli
from letterkit.layouts import layout_named
from tests.conftest import ROOT
from tests.geometry import Box, chars, lines, overlapping, rules, words

GALLERY = ROOT / "examples" / "gallery"
NAMES = sorted(p.stem for p in GALLERY.glob("*.yaml"))
TOLERANCE = 0.5
RIGHT_TO_LEFT = ("ar", "fa", "he", "ur", "ps")
HEADER_ZONE = {"a5": 14.0}
"""The top margin above which the running header stands (mm); 20 mm elsewhere."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gallery")
    result = CliRunner().invoke(
        cli,
        ["render", "-q", "-f", "pdf", "-o", str(out), *map(str, sorted(GALLERY.glob("*.yaml")))],
    )
    assert result.exit_code == 0, result.output
    return out


def _spec(name: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((GALLERY / f"{name}.yaml").read_text("utf-8"))
    return data


WINDOWED = [
    n for n in NAMES if layout_named(_spec(n).get("layout", {}).get("envelope", "plain")).field
]


def test_the_gallery_has_every_layout_direction_size_and_script() -> None:
    specs = [_spec(n) for n in NAMES]
    assert len(specs) >= 16
    envelopes = {s.get("layout", {}).get("envelope", "plain") for s in specs}
    assert envelopes >= {
        "din-5008-a",
        "din-5008-b",
        "sn-010130-left",
        "sn-010130-right",
        "nf-z-11-001",
        "uk-dl",
        "us-no10",
        "plain",
    }
    sizes = {s.get("layout", {}).get("page_size", "a4") for s in specs}
    assert sizes >= {"a4", "a5", "letter"}
    languages = {s["language"] for s in specs}
    assert languages >= {"zh", "ja", "th", "ar", "he", "fa", "hi", "el", "ru"}
    assert any(len(s.get("sign_off", {}).get("signatories", [])) == 3 for s in specs)


@pytest.mark.parametrize("name", NAMES)
def test_no_two_words_overlap_on_any_page(name: str, rendered: Path) -> None:
    for number, page in enumerate(words(rendered / f"{name}.pdf"), start=1):
        assert overlapping(page) == [], f"page {number}"


@pytest.mark.parametrize("name", WINDOWED)
def test_window_layouts_keep_the_address_in_its_field_and_mark_the_folds(
    name: str, rendered: Path
) -> None:
    spec = _spec(name)
    layout = layout_named(spec.get("layout", {}).get("envelope", "plain"))
    zone, field = layout.address, layout.field
    assert zone is not None and field is not None
    pdf = rendered / f"{name}.pdf"
    page = chars(pdf)[0]
    # Everything printed across the window's height, the return line included.
    in_window = [
        c
        for c in page
        if c.text.strip() and c.bottom > field.top + TOLERANCE and c.top < field.bottom + 5
    ]
    info = layout.info
    assert info is not None
    beside = [c for c in in_window if info.left - 1 <= c.x0 and c.x1 <= info.right + 1]
    for c in in_window:
        if c not in beside:  # nothing but the information block stands beside the window
            assert field.left - TOLERANCE <= c.x0 and c.x1 <= field.right + TOLERANCE, c
    near = [c for c in in_window if c.bottom > zone.top + TOLERANCE and c.x0 < field.right + 3]
    near = [c for c in near if c.x1 > field.left - 3]
    for c in near:
        assert zone.top - TOLERANCE <= c.top and c.bottom <= zone.bottom + TOLERANCE, c
    recipient = spec["recipient"]
    assert len(lines(near, tolerance=2.0)) >= 1 + len(recipient.get("address", []))
    marks = sorted(y for x0, _, y in rules(pdf) if x0 < 10)
    expected = sorted([*layout.folds, *([layout.hole] if layout.hole else [])])
    assert len(marks) == len(expected)
    assert all(abs(y - want) <= TOLERANCE for y, want in zip(marks, expected, strict=True))


def _signers(spec: dict[str, Any]) -> list[str]:
    sign_off = spec.get("sign_off", {})
    people = [s["name"] for s in sign_off.get("signatories", [])]
    return people or [sign_off.get("signatory") or spec["sender"]["name"]]


@pytest.mark.parametrize("name", NAMES)
def test_the_last_page_holds_the_signatures(name: str, rendered: Path) -> None:
    # Counted letter by letter: a PDF maps some glyphs to several (Devanagari's मि).
    last = Counter("".join(c.text for c in chars(rendered / f"{name}.pdf")[-1]))
    for signer in _signers(_spec(name)):
        wanted = Counter(signer.replace(" ", ""))
        assert not wanted - last, f"{signer} is not on the last page"


@pytest.mark.parametrize("name", NAMES)
def test_the_running_header_is_one_line(name: str, rendered: Path) -> None:
    spec = _spec(name)
    top = HEADER_ZONE.get(spec.get("layout", {}).get("page_size", "a4"), 20.0)
    first, *later = words(rendered / f"{name}.pdf")
    assert not [w for w in first if w.bottom < top - 8], "no running header on the first page"
    for page in later:
        head = [w for w in page if w.bottom < top]
        assert head
        assert max(w.bottom for w in head) - min(w.bottom for w in head) < 2.0


def _first_row(spec: dict[str, Any]) -> list[str]:
    """The first words of the names in the signatories' first row."""
    people = spec.get("sign_off", {}).get("signatories", [])
    columns = 2 if spec.get("layout", {}).get("page_size") == "a5" else 4
    return [p["name"].split()[0] for p in people[:columns]]


JOINT = [n for n in NAMES if sum(w.isascii() for w in _first_row(_spec(n))) >= 2]
"""Joint letters with at least two Latin names in a row (found as words, in any order)."""


@pytest.mark.parametrize("name", JOINT)
def test_joint_signatories_share_a_baseline(name: str, rendered: Path) -> None:
    row = [w for w in _first_row(_spec(name)) if w.isascii()]
    page = words(rendered / f"{name}.pdf")[-1]
    found: list[Box] = [w for w in page if w.text in row]
    assert len(found) == len(row)
    assert max(w.bottom for w in found) - min(w.bottom for w in found) < 0.5


PHONES = [
    n for n in NAMES if _spec(n)["sender"].get("phone") and _spec(n)["language"] in RIGHT_TO_LEFT
]


@pytest.mark.parametrize("name", PHONES)
def test_a_phone_number_reads_left_to_right(name: str, rendered: Path) -> None:
    phone = _spec(name)["sender"]["phone"]
    page = chars(rendered / f"{name}.pdf")[0]
    rows = [
        "".join(c.text for c in sorted(row, key=lambda c: c.x0) if c.text.strip())
        for row in lines(page, tolerance=2.0)
    ]
    assert phone.replace(" ", "") in rows
