"""The running header's page label ("Page 2 of 3") as a CSS rule, in the language's digits.

The words come from the language's page.j2 ("Page {page} sur {pages}");
CSS alone can count pages, so the label becomes a content rule whose
counters use the CSS counter style of the language's own digits.
"""

from __future__ import annotations

import re

# CLDR numbering systems -> the predefined CSS counter styles (CSS Counter
# Styles Level 3) that WeasyPrint ships with the same digits.
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
_FIELDS = re.compile(r"\{(page|pages)\}")


def _string(text: str) -> str:
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\\n' or ord(c) > 0x7E else c for c in text)
    return f'"{escaped}"'


def page_digits(numbering: str) -> str:
    """The CSS counter style for a CLDR numbering system; "decimal" for Latin digits."""
    return COUNTER_STYLES.get(numbering, "decimal")


def page_rule(label: str, numbering: str) -> str:
    """The CSS rule writing the label, {page} and {pages} counted in the language's digits."""
    style = page_digits(numbering)
    content = []
    for i, piece in enumerate(_FIELDS.split(label.strip("\n"))):
        if i % 2:
            content.append(f"counter({piece}, {style})")
        elif piece:
            content.append(_string(piece))
    # As specific as letter.css's own rules (html:lang(en) ...), and later, so it wins.
    return f"html:root .running-head .page::after {{ content: {' '.join(content) or 'none'}; }}\n"
