"""The first page's zones as CSS: the numbers of letterkit/layouts.py, placed on the page.

The stylesheet (templates/letter.css) gives the window layouts their look;
the positions come from here, so they exist in one place only. Absolute
positions are measured from the page area, so each is the sheet position
less the page margin.
"""

from __future__ import annotations

from letterkit.layouts import PageLayout

LETTERHEAD_TOP = 8.0
"""Where the letterhead's text starts inside its band (KOMA-Script's firstheadvpos)."""
MARK_LEFT = 3.5
"""Fold and hole marks start this far from the left edge (KOMA-Script's foldmarkhpos)."""


def _mm(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "mm"


def _box(selector: str, left: float, top: float, width: float, height: float | None) -> str:
    size = f" height: {_mm(height)};" if height is not None else ""
    return (
        f"{selector} {{ position: absolute; left: {_mm(left)}; top: {_mm(top)}; "
        f"width: {_mm(width)};{size} }}"
    )


def zone_css(layout: PageLayout) -> str:
    """The CSS placing the letterhead, address field, information block, text and marks."""
    field, address = layout.field, layout.address
    if field is None or address is None:
        return ""
    top, right, _, left = layout.margins
    scope = f".layout-{layout.name}"
    rules = [
        f"/* {layout.title}: {layout.source} (letterkit/layouts.py) */",
        f"@page {{ margin: {' '.join(_mm(m) for m in layout.margins)}; }}",
    ]
    if layout.letterhead is not None:
        band = layout.letterhead
        rules.append(
            _box(
                f"{scope} .letterhead",
                band.left,
                band.top + LETTERHEAD_TOP - top,
                band.width - left - right,
                None,
            )
        )
    rules.append(
        _box(f"{scope} .window", field.left - left, field.top - top, field.width, field.height)
    )
    if layout.return_line:
        rules.append(
            f"{scope} .window .return {{ left: {_mm(layout.indent)}; "
            f"width: {_mm(field.width - layout.indent - 2)}; }}"
        )
    else:
        rules.append(f"{scope} .window .return {{ display: none; }}")
    rules.append(
        _box(
            f"{scope} .window .recipient",
            layout.indent,
            layout.return_line,
            address.width - layout.indent - 2,
            None,
        )
    )
    if layout.info is not None:
        info = layout.info
        rules.append(_box(f"{scope} > .date", info.left - left, info.top - top, info.width, None))
    rules.append(f"{scope} .letter {{ margin-top: {_mm(layout.text_top - top)}; }}")
    marks = [*layout.folds, *((layout.hole,) if layout.hole else ())]
    for i, y in enumerate(marks):
        rules.append(f"{scope} .mark-{i} {{ left: {_mm(MARK_LEFT - left)}; top: {_mm(y - top)}; }}")
    return "\n".join(rules)
