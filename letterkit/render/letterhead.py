"""HTML for the page furniture: the letterhead, the running header and the envelope window.

The first page carries the full letterhead (logo, name, contact lines); the
stylesheet moves the slim running header into the top margin of every later
page. With a window envelope, the recipient's address and a one-line return
address sit where the window shows them, and fold marks are drawn.
"""

from __future__ import annotations

from markupsafe import Markup

from letterkit.document import FSI, PDI, Image, Letter, Party
from letterkit.layouts import PageLayout, layout_named
from letterkit.render.isolation import isolated
from letterkit.render.typography import sized
from letterkit.render.zones import mark_kinds


def image(img: Image, css: str) -> Markup:
    """An image from the letter's files, with its alternative text."""
    return Markup('<img class="%s" src="%s" alt="%s">') % (css, img.path.as_uri(), img.alt)


def party_lines(party: Party, direction: str = "ltr") -> Markup:
    """A party's address and contact lines, each isolated in its own direction, or nothing."""
    if not party.lines:
        return Markup("")
    lines = Markup("<br>").join(
        sized(isolated(line, direction, always=True)) for line in party.lines
    )
    return Markup('<div class="lines">%s</div>') % lines


def _organisation(party: Party, direction: str) -> Markup:
    logo = image(party.logo, "logo") if party.logo else Markup("")
    return Markup('%s<div class="identity"><div class="name">%s</div>%s</div>') % (
        logo,
        sized(isolated(party.name, direction)),
        party_lines(party, direction),
    )


def letterhead(sender: Party, direction: str = "ltr", others: tuple[Party, ...] = ()) -> Markup:
    """The sender's logo, name and contact lines at the top of the first page.

    A joint letter shows the other organisations' logos and names beside it,
    each in a column of its own.
    """
    if not others:
        return Markup('<header class="letterhead">%s</header>') % _organisation(sender, direction)
    columns = Markup("").join(
        Markup('<div class="organisation">%s</div>') % _organisation(party, direction)
        for party in (sender, *others)
    )
    return Markup('<header class="letterhead joint">%s</header>') % columns


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


def running_header(letter: Letter) -> Markup:
    """Sender, recipient, date and page number for the top of pages after the first.

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
    items = (
        Markup('<span class="%s">%s</span>') % (css, f"{FSI}{text}{PDI}")
        for (css, _, _), text in zip(named, fitted, strict=True)
    )
    return Markup(
        '<div class="running-head" aria-hidden="true"><span class="about">%s</span>'
        '<span class="page"></span></div>'
    ) % Markup('<span class="sep"> · </span>').join(items)


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


def envelope_window(letter: Letter, recipient: Markup) -> Markup:
    """The return address and the recipient's address, where the envelope's window shows them."""
    direction, layout = letter.layout.direction, layout_named(letter.layout.envelope)
    back = " · ".join(
        isolated(x, direction, always=True) for x in _return_line(letter.sender, layout) if x
    )
    kinds = mark_kinds(layout)
    marks = Markup("").join(
        Markup('<div class="mark %s-mark mark-%d"></div>') % (kind, i)
        for i, kind in enumerate(kinds)
    )
    return Markup('<div class="window"><div class="return">%s</div>%s</div>%s') % (
        back,
        recipient,
        marks,
    )


def first_footer(sender: Party, direction: str) -> Markup:
    """The sender's footer lines, for the bottom margin of the first page (or nothing)."""
    if not sender.footer:
        return Markup("")
    lines = Markup(" · ").join(
        Markup('<span class="item">%s</span>') % sized(isolated(line, direction, always=True))
        for line in sender.footer
    )
    return Markup('<footer class="first-footer">%s</footer>') % lines
