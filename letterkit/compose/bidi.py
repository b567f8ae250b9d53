"""Mixed-direction text: values that run against the letter's direction are isolated.

An English name inside a Persian sentence (or the other way round) takes the
neutral characters next to it into its own direction: "(APTUF) ۱۲" comes out
in the wrong order. Wrapping the inserted value in Unicode's first-strong
isolate (FSI ... PDI) keeps it a unit; browsers and Pango (so the PDF) honour
it, and plain text keeps it as the logical-order marks they are. Values in the
letter's own direction are left alone, so most letters carry no marks at all.
"""

from __future__ import annotations

import unicodedata

from letterkit.document import FSI, PDI

__all__ = ["FSI", "PDI", "isolate"]

_AGAINST = {"ltr": frozenset({"R", "AL"}), "rtl": frozenset({"L"})}


def isolate(text: str, direction: str) -> str:
    """``text`` wrapped in FSI ... PDI when it holds letters written against ``direction``."""
    against = _AGAINST.get(direction, frozenset())
    if any(unicodedata.bidirectional(char) in against for char in text):
        return f"{FSI}{text}{PDI}"
    return text
