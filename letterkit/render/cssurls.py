"""Whether a stylesheet names a URL: only then does parsing it depend on the letter's folder.

WeasyPrint resolves a stylesheet's URLs (``url()``, ``@import``) against the
base URL it is parsed with, and fetches what they name through the letter's
gatekeeper; nothing else of the parse depends on either. A stylesheet that
names no URL therefore parses the same for a letter in any folder, and one
parse can serve them all (render/pdf.py). The stylesheet is read by
tinycss2, WeasyPrint's own tokenizer, so a name spelled with
escapes is read as the parse reads it.
"""

from __future__ import annotations

import functools
from typing import Any

import tinycss2

CACHED = 16


def _names_url(token: Any) -> bool:
    kind = token.type
    return bool(
        kind == "url"
        or (kind == "function" and token.lower_name == "url")
        or (kind == "at-keyword" and token.lower_value == "import")
    )


@functools.lru_cache(maxsize=CACHED)
def names_url(css: str) -> bool:
    """Whether the stylesheet names a URL anywhere (its comments aside)."""
    pending = list(tinycss2.parse_component_value_list(css, skip_comments=True))
    while pending:  # no recursion: a stylesheet may nest blocks deeper than Python's stack
        token = pending.pop()
        if _names_url(token):
            return True
        pending += getattr(token, "arguments", None) or getattr(token, "content", None) or ()
    return False
