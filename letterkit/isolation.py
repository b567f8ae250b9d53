"""Lines of data (addresses, contact details, dates, names) isolated in their own direction.

In a right-to-left letter a phone number or a Latin address line is a run
of weak or left-to-right characters inside a right-to-left paragraph: the
bidirectional algorithm orders its pieces right to left, so "+961 1 234 567"
prints as "567 234 1 961+". Wrapped in Unicode's first-strong isolate
(FSI ... PDI) each line takes the direction of its own first letter, or left
to right when it has none, as numbers want. The PDF isolates every such line
of a right-to-left letter; plain text only the lines of a right-to-left
letter that need it, so an all-Persian address carries no marks.
"""

from __future__ import annotations

import unicodedata

from letterkit.document import FSI, PDI

RIGHT_TO_LEFT = frozenset({"R", "AL"})


def needs_isolation(text: str, direction: str) -> bool:
    """Whether ``text`` would reorder in a ``direction`` paragraph.

    Against a left-to-right letter: any right-to-left letter. Against a
    right-to-left one: any Latin letter, or numbers with no right-to-left
    letter beside them (a phone number); digits after an Arabic letter, as in
    a Persian date, already read right.
    """
    classes = {unicodedata.bidirectional(char) for char in text}
    if direction == "rtl":
        return "L" in classes or ("EN" in classes and not classes & RIGHT_TO_LEFT)
    return bool(classes & RIGHT_TO_LEFT)


def isolated(text: str, direction: str, always: bool = False) -> str:
    """``text`` in FSI ... PDI when it needs it, or (``always``) whenever the letter is rtl."""
    if not text or text.startswith(FSI):
        return text
    if (always and direction == "rtl") or needs_isolation(text, direction):
        return f"{FSI}{text}{PDI}"
    return text


def isolated_for_text(text: str, direction: str) -> str:
    """``text`` for the plain-text twin, where every line is a paragraph of its own.

    A line takes its direction from its first letter, so only a right-to-left
    letter needs marks, when a reader shows it right to left throughout: on
    its Latin lines and its lines of bare numbers.
    """
    return isolated(text, direction) if direction == "rtl" else text
