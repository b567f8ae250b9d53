"""The fit check: the boxes WeasyPrint placed, measured against the layout's zones.

A window envelope shows only its window: an address line below the field is
lost in the post, a letterhead running out of its band covers the return
line. After layout, and before the PDF is written, this module walks the
typeset pages and fails the letter with one line naming the field when the
address leaves its field, the letterhead its band, or two pieces of text
overlap anywhere. It reads WeasyPrint's boxes but does not import it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from letterkit.document import Letter
from letterkit.errors import Problem
from letterkit.layouts import PageLayout, layout_named

PX = 25.4 / 96
"""Millimetres per CSS pixel, the unit of WeasyPrint's boxes."""
REPLACED = ("InlineReplacedBox", "BlockReplacedBox")
"""Boxes of images (a logo)."""
EM_ABOVE = 0.8
"""The part of the em square above the baseline."""
SLACK = 0.3
"""Millimetres a box may reach past a zone's edge (rounding, the ink of a descender)."""


class _Rect(msgspec.Struct, frozen=True):
    text: str
    line: int
    """Which line box it belongs to: pieces of one line never overlap each other."""
    left: float
    top: float
    right: float
    bottom: float


def _children(box: Any) -> list[Any]:
    return list(getattr(box, "children", ()) or ())


def _kind(box: Any) -> str:
    # An AbsolutePlaceholder stands for the box it places.
    inner = getattr(box, "_box", box)
    return type(inner).__name__


class _Page:
    """A typeset page's boxes in walk order (each box before those inside it), walked once.

    Each check asks for the lines or texts inside some box; walking the tree
    anew for every question (a generator per box and level) was most of the
    check's time.
    """

    def __init__(self, root: Any) -> None:
        self.boxes: list[Any] = []
        self.kinds: list[str] = []
        self.ends: list[int] = []
        """Where the boxes inside each box end, in ``boxes``."""
        self._classes: dict[str, int] | None = None
        boxes, kinds, ends = self.boxes, self.kinds, self.ends
        stack: list[Any] = [root]
        while stack:  # no recursion: however deep the boxes nest
            box = stack.pop()
            if isinstance(box, int):  # the end of the box at that place
                ends[box] = len(boxes)
                continue
            stack.append(len(boxes))
            boxes.append(box)
            kinds.append(_kind(box))
            ends.append(0)
            stack.extend(reversed(_children(box)))

    def inside(self, at: int, *kinds: str) -> list[int]:
        """The places of the boxes of these kinds in the box at ``at``, itself included."""
        return [i for i in range(at, self.ends[at]) if self.kinds[i] in kinds]

    def find(self, css_class: str) -> int | None:
        """The place of the first box of an element of this class."""
        if self._classes is None:
            self._classes = {}
            for at, box in enumerate(self.boxes):
                element = getattr(box, "element", None)
                for name in (element.get("class") or "").split() if element is not None else ():
                    self._classes.setdefault(name, at)
        return self._classes.get(css_class)


def _bottom(box: Any) -> float:
    return float(box.position_y + box.margin_height()) * PX


def _address_problem(page: _Page, layout: PageLayout) -> str | None:
    zone, recipient = layout.address, page.find("recipient")
    if zone is None or recipient is None:
        return None
    lines = page.inside(recipient, "LineBox")
    outside = [at for at in lines if _bottom(page.boxes[at]) > zone.bottom + SLACK]
    if outside:
        return (
            f"recipient.address: the address takes {len(lines)} lines, {len(outside)} too many "
            f"for the address field of {layout.title} (layout.envelope: {layout.name}, "
            f"{layout.address_lines} lines); shorten its lines or leave some out"
        )
    past = _past(page, lines, zone.left, zone.right)
    if past > SLACK:
        return (
            f"recipient.address: a word of the address runs {past:.1f} mm past "
            f"the address field of {layout.title} (layout.envelope: {layout.name}); break it"
        )
    return None


def _past(page: _Page, lines: list[int], left: float, right: float) -> float:
    """How far (mm) the text of the lines runs past either edge; 0 when it stays inside."""
    texts = [page.boxes[t] for line in lines for t in page.inside(line, "TextBox")]
    if not texts:
        return 0.0
    lowest = min(float(b.position_x) * PX for b in texts)
    highest = max(float(b.position_x + b.width) * PX for b in texts)
    return max(left - lowest, highest - right, 0.0)


def _return_problem(page: _Page, layout: PageLayout) -> str | None:
    field, line = layout.field, page.find("return")
    if field is None or line is None or not layout.return_line:
        return None
    past = _past(page, page.inside(line, "LineBox"), field.left, field.right)
    if past > SLACK:
        return (
            f"sender: the return-address line runs {past:.1f} mm past the "
            f"address field of {layout.title} (layout.envelope: {layout.name}); give the "
            "sender a short_name or shorter first address lines"
        )
    return None


def _letterhead_problem(page: _Page, layout: PageLayout) -> str | None:
    band, head = layout.letterhead, page.find("letterhead")
    if band is None or head is None:
        return None
    inner = [page.boxes[at] for at in page.inside(head, "LineBox", *REPLACED)]
    lowest = max((_bottom(b) for b in inner), default=0.0)
    if lowest > band.bottom + SLACK:
        return (
            f"sender: the letterhead runs {lowest - band.bottom:.1f} mm below its band "
            f"({band.bottom:g} mm from the top in {layout.title}, layout.envelope: "
            f"{layout.name}); shorten the sender's name or lines, or use a smaller logo"
        )
    return None


def _texts(page: _Page) -> list[_Rect]:
    rects = []
    for number, line in enumerate(page.inside(0, "LineBox")):
        for at in page.inside(line, "TextBox"):
            box = page.boxes[at]
            text = box.text.strip()
            if text:
                # The em box on the baseline: the font's ascent and descent reach
                # beyond it (Naskh's far beyond), into the next line of tight leading.
                x, w = float(box.position_x) * PX, float(box.width) * PX
                size = float(box.style["font_size"]) * PX
                baseline = float(box.position_y + (box.baseline or box.height * 0.8)) * PX
                top, bottom = baseline - EM_ABOVE * size, baseline + (1 - EM_ABOVE) * size
                rects.append(_Rect(text, number, x, top, x + w, bottom))
    return rects


def _overlap(rects: list[_Rect]) -> tuple[_Rect, _Rect] | None:
    ordered = sorted(rects, key=lambda r: r.top)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.top >= a.bottom - SLACK:
                break
            if a.line != b.line and min(a.right, b.right) - max(a.left, b.left) > SLACK:
                return a, b
    return None


def _overlap_problem(number: int, page: _Page) -> str | None:
    found = _overlap(_texts(page))
    if found is None:
        return None
    a, b = (f'"{r.text[:40]}"' for r in found)
    return (
        f"page {number}: {a} is printed over {b}; the letter's stylesheet places them in "
        "the same spot"
    )


def fit_problems(pages: list[Any], letter: Letter) -> list[Problem]:
    """What does not fit on the typeset pages (WeasyPrint's ``Document.pages``)."""
    layout = layout_named(letter.layout.envelope)
    walked = [_Page(page._page_box) for page in pages]
    found = []
    if walked:
        first = walked[0]
        found += [
            _address_problem(first, layout),
            _return_problem(first, layout),
            _letterhead_problem(first, layout),
        ]
    found += [_overlap_problem(n, page) for n, page in enumerate(walked, start=1)]
    return [Problem(letter.name, message) for message in found if message]
