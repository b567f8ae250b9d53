"""The PDF of a letter in English and French, read back: both layouts, each rendered once.

One after another: each version starts on a new page with its own letterhead,
and its later pages are labelled in its language. Side by side: one
letterhead, then each part of both versions in two columns that start at the
same height and stay inside the margins. Nothing overprints in either.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT, merged
from tests.geometry import Box, line_text, lines, overlapping, words

LETTERKIT = Path(sys.executable).with_name("letterkit")
EXAMPLE = ROOT / "examples" / "bilingual-en-fr.yaml"
LEFT, RIGHT, WIDTH = 25.0, 22.0, 210.0
"""The built-in stylesheet's A4 margins (left, right) and the page width, in mm."""

ENGLISH = (
    "We follow your campaign for public, universal child care closely, and we share its aim "
    "— a place for every child, and decent wages for the workers who care for them."
)
FRENCH = (
    "Nous suivons de près votre campagne pour des services de garde publics et universels, "
    "et nous en partageons le but : une place pour chaque enfant, et des salaires décents "
    "pour les travailleuses et les travailleurs qui en prennent soin."
)
GREETING = {
    "en": "The Canadian Workers' Solidarity Network sends its warmest solidarity greetings to "
    "the Quebec Federation of Labour (QFL) and the Convention",
    "fr": "Le Réseau canadien de solidarité ouvrière adresse ses plus chaleureuses salutations "
    "solidaires à la Fédération des travailleurs et travailleuses du Québec (FTQ) et au "
    "Congrès, qui se tiendra du 9 au 13 mars 2026 à Québec.",
}


def _spec(changes: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(json.dumps(YAML(typ="safe").load(EXAMPLE.read_text("utf-8")), default=str))
    return merged(data, changes)


# Enough paragraphs that each version runs onto a second page, to show its page labels.
LONG = {"position": {"en": [ENGLISH] * 9, "fr": [FRENCH] * 8}}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bilingual")
    mail = {"recipient": {"email": "ftq@example.org"}}
    specs = {
        "pages": _spec({**LONG, **mail}),
        "columns": _spec({"layout": {"bilingual": "columns"}, **mail}),
    }
    for name, spec in specs.items():
        (folder / f"{name}.yaml").write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    paths = [folder / f"{name}.yaml" for name in specs]
    done = subprocess.run(
        [str(LETTERKIT), "render", "-q", "-f", "eml", "-f", "html", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {name: folder / f"{name}.pdf" for name in specs}


def _flat(text: str) -> str:
    # Lines joined, and the no-break spaces of French typography read as spaces.
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _page_texts(path: Path) -> list[str]:
    # A tight tolerance keeps the thin space of a date ("9 au 13") between its words.
    with pdfplumber.open(path) as pdf:
        return [_flat(page.extract_text(x_tolerance=1) or "") for page in pdf.pages]


def _column_text(path: Path, left: bool) -> str:
    """The text of one half of every page, in order: one version of a side-by-side letter."""
    texts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            middle = page.width / 2
            box = (0, 0, middle, page.height) if left else (middle, 0, page.width, page.height)
            texts.append(page.crop(box).extract_text(x_tolerance=1) or "")
    return _flat(" ".join(texts))


def _running_heads(path: Path) -> Iterator[str]:
    for page in words(path):
        top = [w for w in page if w.bottom < 20]  # the top margin holds only the running head
        yield line_text(sorted(top, key=lambda w: w.x0))


def test_each_version_whole_from_a_new_page(rendered: dict[str, Path]) -> None:
    pages = _page_texts(rendered["pages"])
    french_starts = next(i for i, t in enumerate(pages) if t.startswith("Réseau canadien"))
    english, french = " ".join(pages[:french_starts]), " ".join(pages[french_starts:])
    assert pages[0].startswith("Canadian Workers' Solidarity Network")
    assert french_starts >= 2, "the English version runs onto a second page"
    assert GREETING["en"] in english
    assert english.count(ENGLISH) == 9
    assert GREETING["fr"] in french
    assert french.count(FRENCH) == 8
    assert "Objet" not in english
    assert "Dear" not in french
    assert french.endswith("Copie à : Congrès du travail du Canada")


def test_later_pages_are_labelled_in_their_versions_language(rendered: dict[str, Path]) -> None:
    heads = list(_running_heads(rendered["pages"]))
    count = len(heads)
    french_starts = next(
        i for i, t in enumerate(_page_texts(rendered["pages"])) if t.startswith("Réseau")
    )
    # A version's first page carries its letterhead and no running head.
    assert heads[0] == ""
    assert heads[french_starts] == ""
    for i in range(1, french_starts):
        assert heads[i].startswith("Canadian Workers' Solidarity Network ·")
        assert heads[i].endswith(f"Page {i + 1} of {count}")
    for i in range(french_starts + 1, count):
        assert heads[i].startswith("Réseau canadien de solidarité ouvrière ·")
        assert heads[i].endswith(f"Page {i + 1} sur {count}")


@pytest.mark.parametrize("layout", ["pages", "columns"])
def test_nothing_overprints(rendered: dict[str, Path], layout: str) -> None:
    for page in words(rendered[layout]):
        assert overlapping(page) == []
        assert all(w.x0 >= LEFT - 0.5 and w.x1 <= WIDTH - RIGHT + 0.5 for w in page)


def _first(page: list[Box], text: str) -> Box:
    found = [w for w in page if w.text == text]
    assert found, text
    return found[0]


def test_side_by_side_each_part_starts_at_one_height(rendered: dict[str, Path]) -> None:
    first = words(rendered["columns"])[0]
    middle = WIDTH / 2
    pairs = [("February", "février"), ("RE:", "Objet"), ("Dear", "Chers"), ("The", "Le")]
    pairs += [("follow", "suivons")]
    last = words(rendered["columns"])[-1]
    for page, english, french in [*((first, *p) for p in pairs), (last, "In", "Salutations")]:
        left, right = _first(page, english), _first(page, french)
        assert abs(left.top - right.top) < 0.3, (english, french)
        assert left.x0 < middle < right.x0
    # The letterhead names the sender in both languages; the address is shared once.
    top = _flat(" ".join(line_text(row) for row in lines(first)[:3]))
    assert top.startswith("Canadian Workers' Solidarity Network / Réseau canadien de solidarité")
    assert sum(w.text == "Crémazie" for w in first) == 1


def test_side_by_side_each_column_holds_its_version_whole(rendered: dict[str, Path]) -> None:
    english = _column_text(rendered["columns"], left=True)
    french = _column_text(rendered["columns"], left=False)
    assert ENGLISH in english
    assert FRENCH in french
    assert GREETING["fr"] in french
    assert "In solidarity, Canadian Workers' Solidarity Network" in english
    assert "Salutations fraternelles, Réseau canadien de solidarité ouvrière" in french
    # Under the shared letterhead and address, no word crosses the gap between the columns.
    pages = words(rendered["columns"])
    below = _first(pages[0], "February").top
    for i, page in enumerate(pages):
        crossing = [w for w in page if w.x0 < WIDTH / 2 < w.x1 and (i or w.top >= below)]
        assert crossing == []


@pytest.mark.parametrize("layout", ["pages", "columns"])
def test_each_version_carries_its_language(rendered: dict[str, Path], layout: str) -> None:
    html = rendered[layout].with_suffix(".html").read_text("utf-8")
    assert re.search(r'<html lang="en" dir="ltr">', html)
    marked = re.findall(r'<div class="(version version-\d|cell)" lang="(\w+)" dir="ltr">', html)
    languages = [language for _, language in marked]
    if layout == "pages":
        assert languages == ["en", "fr"]
    else:
        assert languages and languages == ["en", "fr"] * (len(languages) // 2)


def test_the_message_body_holds_every_version(rendered: dict[str, Path]) -> None:
    raw = rendered["columns"].with_suffix(".eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    text = body.get_content()
    english = (rendered["columns"].parent / "columns.en.txt").read_text("utf-8")
    french = (rendered["columns"].parent / "columns.fr.txt").read_text("utf-8")
    assert text.replace("\r\n", "\n") == f"{english}\n{french}"
    pdfs = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
