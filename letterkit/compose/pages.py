"""The page numbers of the running header in the language's own digits.

CLDR names each language's default numbering system; CSS names the same
digits as a counter style, which WeasyPrint draws for counter(page).
"""

from __future__ import annotations

COUNTER_STYLES = {
    "arab": "arabic-indic",
    "arabext": "persian",
    "beng": "bengali",
    "deva": "devanagari",
    "khmr": "khmer",
    "laoo": "lao",
    "mymr": "myanmar",
    "thai": "thai",
    "tibt": "tibetan",
}


def page_digits(numbering: str) -> str:
    """The CSS counter style for a CLDR numbering system; "decimal" for Latin digits."""
    return COUNTER_STYLES.get(numbering, "decimal")
