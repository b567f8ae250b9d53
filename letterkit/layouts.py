"""The named page layouts: where a window envelope shows the address, declared in one place.

Every layout names its zones in millimetres from the top left corner of the
sheet: the letterhead band, the address field (with the return-address line
at its top), the information block (date, references), where the text
starts, and the fold and hole marks. The renderer places the letter's parts
from this table, the fit check measures the typeset letter against it, and
the spec check counts address lines with it; the tests read it too.

Sources (facts, not code): DIN 5008:2020 (forms A and B) as carried by
KOMA-Script's DIN.lco / DINmtext.lco and Typst's letter-pro; Swiss
SN 010130 from KOMA-Script's SN.lco (window right) and SNleft.lco (window
left); French NF Z 11-001 from KOMA-Script's NF.lco; the US window of
commercial No. 9 and No. 10 envelopes (4 1/2 x 1 1/8 in) placed as
KOMA-Script's UScommercial9.lco places it; the UK DL window envelope
(window 90 x 35 mm, 20 mm from the left edge) as an A4 sheet folded in
thirds shows it. Imports nothing of letterkit's: the spec, the renderers and
the tests all read it.
"""

from __future__ import annotations

import msgspec

LINE_PITCH = 4.5
"""Millimetres per line of the address (10 pt type): DIN 5008's 27.3 mm zone holds six."""
INCH = 25.4


class Zone(msgspec.Struct, frozen=True):
    """A rectangle on the sheet, in mm from its top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The right edge, from the sheet's left edge."""
        return self.left + self.width

    @property
    def bottom(self) -> float:
        """The bottom edge, from the sheet's top edge."""
        return self.top + self.height


class PageLayout(msgspec.Struct, frozen=True):
    """One named layout of a letter's first page."""

    name: str
    title: str
    """How messages name it: "DIN 5008 form B"."""
    paper: str | None
    """The page size it is made for (a4, letter); None: any."""
    letterhead: Zone | None = None
    """The band the letterhead must fit in; None: it flows at the top of the page."""
    field: Zone | None = None
    """The address field the envelope's window shows, return line included."""
    return_line: float = 0.0
    """Height of the return-address line at the top of the field (0: none printed)."""
    indent: float = 5.0
    """Space between the field's left edge and the address text."""
    info: Zone | None = None
    """Where the date (and the references) stand beside the address field."""
    text_top: float = 0.0
    """Where the text of the first page starts."""
    folds: tuple[float, ...] = ()
    """Fold marks, mm from the top edge."""
    hole: float | None = None
    """The hole (punch) mark, mm from the top edge."""
    margins: tuple[float, float, float, float] = (20.0, 20.0, 20.0, 25.0)
    """Page margins (top, right, bottom, left) in mm."""
    source: str = ""
    """Where the numbers come from, cited in the page's CSS."""

    @property
    def address(self) -> Zone | None:
        """The part of the field that holds the recipient's address."""
        if self.field is None:
            return None
        f = self.field
        return Zone(f.left, f.top + self.return_line, f.width, f.height - self.return_line)

    @property
    def address_lines(self) -> int:
        """How many lines of address (the name included) the field holds; 0: no limit."""
        zone = self.address
        return int(zone.height / LINE_PITCH + 0.01) if zone else 0


_A4_HOLE = 297 / 2
# DIN 5008: the field is 85 x 45 mm at 20 mm from the left; its top 17.7 mm are
# the return line (5 mm) and the endorsement zone (12.7 mm), the last 27.3 mm
# the address (6 lines). Form A: letterhead 27 mm, folds at 87 and 192 mm;
# form B: letterhead 45 mm, folds at 105 and 210 mm. Information block at
# 125 mm, 75 mm wide, 5 mm below the field's top. Text 8.46 mm (two lines)
# below the field: 80.5 and 98.5 mm (KOMA-Script's refvpos).
_DIN_A = PageLayout(
    "din-5008-a",
    "DIN 5008 form A",
    "a4",
    letterhead=Zone(0, 0, 210, 27),
    field=Zone(20, 27, 85, 45),
    return_line=17.7,
    info=Zone(125, 32, 75, 40),
    text_top=80.5,
    folds=(87, 192),
    hole=_A4_HOLE,
    source="DIN 5008:2020 form A; KOMA-Script DINmtext.lco; Typst letter-pro",
)
_DIN_B = PageLayout(
    "din-5008-b",
    "DIN 5008 form B",
    "a4",
    letterhead=Zone(0, 0, 210, 45),
    field=Zone(20, 45, 85, 45),
    return_line=17.7,
    info=Zone(125, 50, 75, 40),
    text_top=98.5,
    folds=(105, 210),
    hole=_A4_HOLE,
    source="DIN 5008:2020 form B; KOMA-Script DIN.lco; Typst letter-pro",
)
LAYOUTS: dict[str, PageLayout] = {
    layout.name: layout
    for layout in (
        PageLayout("plain", "plain (no window)", None),
        _DIN_A,
        _DIN_B,
        # SN 010130, window right (SN.lco): 90 x 45 mm, 8 mm from the right
        # edge, 45 mm from the top, 5 mm return line; folds at 105 and 210 mm.
        PageLayout(
            "sn-010130-right",
            "SN 010130 (window right)",
            "a4",
            letterhead=Zone(0, 0, 210, 45),
            field=Zone(210 - 8 - 90, 45, 90, 45),
            return_line=5,
            info=Zone(25, 50, 75, 40),
            text_top=98.5,
            folds=(105, 210),
            hole=_A4_HOLE,
            source="SN 010130; KOMA-Script SN.lco",
        ),
        # SN 010130, window left (SNleft.lco): 100 x 45 mm, 20 mm from the left,
        # 35.5 mm from the top; text at 89 mm.
        PageLayout(
            "sn-010130-left",
            "SN 010130 (window left)",
            "a4",
            letterhead=Zone(0, 0, 210, 35.5),
            field=Zone(20, 35.5, 100, 45),
            return_line=5,
            info=Zone(130, 40.5, 60, 40),
            text_top=89,
            folds=(105, 210),
            hole=_A4_HOLE,
            source="SN 010130; KOMA-Script SNleft.lco",
        ),
        # NF Z 11-001 (NF.lco): 100 x 45 mm, 10 mm from the right edge, 35 mm
        # from the top, the address indented 10 mm; folds in thirds, 99 and
        # 198 mm, where the text starts.
        PageLayout(
            "nf-z-11-001",
            "NF Z 11-001",
            "a4",
            letterhead=Zone(0, 0, 210, 35),
            field=Zone(210 - 10 - 100, 35, 100, 45),
            return_line=5,
            indent=10,
            info=Zone(25, 40, 70, 40),
            text_top=99,
            folds=(99, 198),
            hole=_A4_HOLE,
            source="NF Z 11-001; KOMA-Script NF.lco",
        ),
        # UK DL window envelope: window 90 x 35 mm, 20 mm from the left; the
        # A4 sheet folded in thirds (99 and 198 mm) shows it from 50 mm down.
        PageLayout(
            "uk-dl",
            "UK DL window envelope",
            "a4",
            letterhead=Zone(0, 0, 210, 45),
            field=Zone(20, 50, 90, 35),
            return_line=5,
            info=Zone(125, 50, 65, 35),
            text_top=95,
            folds=(99, 198),
            hole=_A4_HOLE,
            source="UK DL window envelope (window 90 x 35 mm, 20 mm from the left), A4 in thirds",
        ),
        # US No. 10 (and No. 9) window: 4 1/2 x 1 1/8 in, placed 11/16 in from the
        # left and 2 3/16 in from the top of US letter paper (UScommercial9.lco),
        # no return line (it is printed on the envelope); folds at 3 3/4 and
        # 7 3/8 in; text at 3 7/16 in.
        PageLayout(
            "us-no10",
            "US No. 10 window envelope",
            "letter",
            letterhead=Zone(0, 0, 8.5 * INCH, 2.1875 * INCH - 2),
            field=Zone(0.6875 * INCH, 2.1875 * INCH, 4.5 * INCH, 1.125 * INCH),
            return_line=0,
            indent=0,
            info=Zone(5.5 * INCH, 2.1875 * INCH, 2.5 * INCH, 1.125 * INCH),
            text_top=3.4375 * INCH + 4,
            folds=(3.75 * INCH, 7.375 * INCH),
            margins=(20.0, 0.75 * INCH, 20.0, 0.6875 * INCH),
            source="US No. 10 window (4 1/2 x 1 1/8 in); KOMA-Script UScommercial9.lco",
        ),
    )
}
ALIASES = {"none": "plain", "din-c5-dl": "din-5008-b"}
"""Names earlier versions accepted: "none" is plain, "din-c5-dl" is DIN 5008 form B."""
NAMES: tuple[str, ...] = (*LAYOUTS, *ALIASES)
"""Every value layout.envelope accepts."""


def layout_named(name: str) -> PageLayout:
    """The layout of a name (or an earlier alias of it)."""
    return LAYOUTS[ALIASES.get(name, name)]
