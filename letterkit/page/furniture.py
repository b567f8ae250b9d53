"""What the layout template places but cannot count: the decisions of the page, as data.

Which body blocks go with the closing, how the signatories are gridded, how
the running header is shortened to one line, what the return-address line
says. The layout template calls these; they read the document model and the
layout table only, and return plain values the template escapes.
"""

from __future__ import annotations

from msgspec.structs import replace

from letterkit.document import FSI, PDI, Block, Closing, Letter, Party, Signatory
from letterkit.isolation import isolated
from letterkit.layouts import PageLayout

KEPT_LINES = 2
"""Body lines that go with the closing onto its page, so it never stands alone."""
LINE_CHARS = 90
"""Characters of a full body line, about, at the built-in type size and measure."""


def _lines_about(block: Block) -> int:
    """About how many lines a block takes, counting to two: a short paragraph is one line."""
    if not block.is_paragraph:
        return len(block.lines)
    chars = sum(len(span.text) for span in block.lines[0])
    return min(KEPT_LINES, 1 + chars // LINE_CHARS)


def kept(blocks: tuple[Block, ...]) -> list[tuple[Block, bool]]:
    """The body's blocks, each with whether it stays with the closing.

    A paragraph brings at least two lines (the stylesheet's widows); a block
    of one short line (a slogan) does not, so the one before it is kept too.
    """
    count, lines = 0, 0
    for block in reversed(blocks):
        if lines >= KEPT_LINES:
            break
        count += 1
        lines += _lines_about(block)
    cut = len(blocks) - count
    return [(block, i >= cut) for i, block in enumerate(blocks)]


MAX_COLUMNS = {"a5": 2}
"""Signatories side by side on a page of that size; four elsewhere."""


def _places(count: int, columns: int, direction: str) -> list[str]:
    """Grid cells of the signatories, right to left in a right-to-left letter.

    WeasyPrint fills a grid left to right whatever the direction, so a
    right-to-left letter places each signatory explicitly; the document order
    (and so the reading order of the tagged PDF) stays the spec's.
    """
    if direction != "rtl" or columns < 2:
        return [""] * count
    return [
        f"grid-column: {columns - i % columns}; grid-row: {i // columns + 1}" for i in range(count)
    ]


def signatory_grid(
    closing: Closing, page_size: str, direction: str
) -> tuple[int, list[tuple[Signatory, str]]]:
    """The columns of the signatories' grid (all on one row when they fit), and each one's cell."""
    people = closing.signatories
    columns = max(1, min(len(people), MAX_COLUMNS.get(page_size, 4)))
    return columns, list(zip(people, _places(len(people), columns, direction), strict=True))


HEAD_CHARS = {"a4": 90, "letter": 94, "legal": 94, "a5": 56}
"""Characters of names and date the running header holds beside "Page 10 of 10", at 8 pt
across the page's text width; longer names are shortened so the header stays one line."""
SHORTEST = 12
"""A shortened name keeps at least this many characters."""


def _shortened(texts: list[str], shorts: list[str | None], room: int) -> list[str]:
    """The texts fitted in ``room`` characters.

    Long names give way to their short names first, then the longest is cut
    with an ellipsis.
    """
    texts = list(texts)
    for i in sorted(range(len(texts)), key=lambda i: -len(texts[i])):
        short = shorts[i]
        if sum(map(len, texts)) > room and short and len(short) < len(texts[i]):
            texts[i] = short
    while sum(map(len, texts)) > room:
        longest = max(range(len(texts)), key=lambda i: len(texts[i]))
        excess = sum(map(len, texts)) - room
        keep = max(SHORTEST, len(texts[longest]) - excess - 1)
        if keep >= len(texts[longest]) - 1:
            break  # nothing left to cut; the stylesheet clips what remains
        texts[longest] = texts[longest][:keep].rstrip() + "…"
    return texts


def running_items(letter: Letter) -> list[tuple[str, str]]:
    """Sender, recipient and date for the top of pages after the first, as (class, text).

    Each item is isolated, so names in either direction keep their order; long
    names are shortened, so the header never wraps and the number stays whole.
    """
    sender, recipient = letter.sender, letter.recipient
    named = [
        (css, text, short)
        for css, text, short in (
            ("from", sender.name, sender.short_name),
            ("to", recipient.name, recipient.short_name),
            ("when", letter.dated, None),
        )
        if text
    ]
    room = HEAD_CHARS.get(letter.layout.page_size, HEAD_CHARS["a4"])
    fitted = _shortened([n[1] for n in named], [n[2] for n in named], room)
    return [(css, f"{FSI}{text}{PDI}") for (css, _, _), text in zip(named, fitted, strict=True)]


RETURN_MM_PER_CHAR = 1.3
"""About how wide a character of the 6.5 pt return-address line is, generously."""


def _return_line(sender: Party, layout: PageLayout) -> tuple[str, ...]:
    """The sender's name and first two address lines, the short name when the name is too long.

    The line must fit the width of the window; the fit check measures it.
    """
    width = (layout.field.width - layout.indent) if layout.field else 0.0
    room = int(width / RETURN_MM_PER_CHAR)
    address = sender.address[:2]
    full = (sender.name, *address)
    if sender.short_name and len(" · ".join(full)) > room:
        return (sender.short_name, *address)
    return full


def return_address(letter: Letter, layout: PageLayout) -> str:
    """The one-line return address the envelope's window shows above the recipient."""
    direction = letter.layout.direction
    return " · ".join(
        isolated(x, direction, always=True) for x in _return_line(letter.sender, layout) if x
    )


def mark_kinds(layout: PageLayout) -> list[str]:
    """The marks a layout prints, in the order zone_css numbers them: "fold" or "hole"."""
    return ["fold"] * len(layout.folds) + (["hole"] if layout.hole else [])


def _names(rows: list[list[str]]) -> list[str]:
    """Every piece's name once, in reading order.

    A piece only one version has is put after the piece it follows there.
    """
    names: list[str] = []
    for own in rows:
        before = -1
        for name in own:
            if name in names:
                before = names.index(name)
            else:
                before += 1
                names.insert(before, name)
    return names


def _pieces(letter: Letter) -> dict[str, Block | None]:
    """A version's pieces by name: "date", "greeting-1", "position-2"... and "ending"."""
    counts: dict[str, int] = {}
    pieces: dict[str, Block | None] = {"date": None} if letter.date else {}
    for block in letter.blocks:
        counts[block.part] = counts.get(block.part, 0) + 1
        pieces[f"{block.part}-{counts[block.part]}"] = block
    return {**pieces, "ending": None}


def paired(letter: Letter) -> list[tuple[str, list[tuple[Letter, bool, Block | None]]]]:
    """The versions' pieces side by side, part by part, for columns of a bilingual letter.

    Each row is a piece's name and, per version, whether it has the piece and
    the block (None for the date and the ending, which the layout writes from
    the version itself). The n-th block of a part pairs with the n-th, so a
    version with one paragraph more leaves a cell empty instead of shifting the rest.
    """
    versions = letter.in_every_language
    pieces = [_pieces(version) for version in versions]
    return [
        (name, [(v, name in own, own.get(name)) for v, own in zip(versions, pieces, strict=True)])
        for name in _names([list(own) for own in pieces])
    ]


def named_in_every_language(letter: Letter) -> Party:
    """The sender named in each of the letter's languages, as a bilingual letterhead reads.

    "Canadian Labour Congress / Congrès du travail du Canada".
    """
    names = dict.fromkeys(version.sender.name for version in letter.in_every_language)
    return replace(letter.sender, name=" / ".join(names))
