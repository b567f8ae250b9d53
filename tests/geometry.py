"""Reading a rendered PDF back with pdfplumber: words, lines and rules in millimetres."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
"""PDF points per millimetre."""


@dataclass(frozen=True)
class Box:
    """A word (or a character) and where it stands, in mm from the page's top left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    """The font size in mm (0 when not known)."""


def _box(item: dict[str, object]) -> Box:
    def mm(key: str) -> float:
        value = item[key]
        assert isinstance(value, (int, float))
        return float(value) / MM

    size = mm("size") if "size" in item else 0.0
    return Box(str(item["text"]), mm("x0"), mm("x1"), mm("top"), mm("bottom"), size)


def words(path: Path) -> list[list[Box]]:
    """Each page's words, in reading order of the content stream."""
    with pdfplumber.open(path) as pdf:
        return [
            [_box(w) for w in page.extract_words(use_text_flow=True, extra_attrs=["size"])]
            for page in pdf.pages
        ]


def chars(path: Path) -> list[list[Box]]:
    """Each page's characters, in the order the PDF draws them."""
    with pdfplumber.open(path) as pdf:
        return [[_box(c) for c in page.chars] for page in pdf.pages]


def lines(page: list[Box], tolerance: float = 0.8) -> list[list[Box]]:
    """A page's words grouped into lines (baselines within ``tolerance`` mm), top down."""
    rows: list[list[Box]] = []
    for word in sorted(page, key=lambda w: (w.bottom, w.x0)):
        if rows and abs(rows[-1][0].bottom - word.bottom) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def line_text(row: list[Box]) -> str:
    return " ".join(w.text for w in row)


def rules(path: Path, page: int = 0) -> list[tuple[float, float, float]]:
    """Horizontal rules and thin rectangles drawn on a page: (x0, x1, y) in mm from the top."""
    found = []
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page]
        for item in [*sheet.lines, *sheet.rects]:
            if abs(item["bottom"] - item["top"]) < 1.5:
                y = (item["top"] + item["bottom"]) / 2
                found.append((item["x0"] / MM, item["x1"] / MM, y / MM))
    return found


def _em(box: Box) -> tuple[float, float]:
    """A box's em square, vertically: the font's ascent and descent reach beyond it (Naskh's
    far beyond), into the next line of tight leading, without anything being overprinted."""
    if not box.size:
        return box.top, box.bottom
    middle = (box.top + box.bottom) / 2
    return middle - box.size / 2, middle + box.size / 2


def overlapping(page: list[Box], slack: float = 0.3) -> list[tuple[Box, Box]]:
    """Pairs of words of different lines whose em boxes overlap by more than ``slack`` mm.

    Words of one line may touch or overlap (kerning, vowel signs drawn before
    their consonant); words of two lines printed over each other may not.
    """
    found = []
    ordered = sorted(page, key=lambda w: _em(w)[0])
    for i, a in enumerate(ordered):
        a_top, a_bottom = _em(a)
        for b in ordered[i + 1 :]:
            b_top, b_bottom = _em(b)
            if b_top >= a_bottom - slack:
                break
            same_line = abs((a_top + a_bottom) - (b_top + b_bottom)) / 2 < 0.3 * max(a.size, b.size)
            across = min(a.x1, b.x1) - max(a.x0, b.x0) > slack
            if across and not same_line and min(a_bottom, b_bottom) - max(a_top, b_top) > slack:
                found.append((a, b))
    return found
