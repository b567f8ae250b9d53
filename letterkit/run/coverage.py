"""Characters no installed font has, found without page layout (for ``letterkit check``).

The PDF renderer learns of a missing glyph only while WeasyPrint lays the
page out. fontconfig already knows which characters each installed font
covers; one ``fc-list`` call lists every font's character set, and a
character outside all of them would be an empty box in the PDF. Pango may
still fall back to a font fontconfig does not list, so this errs only on the
side of what render will fail too.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache

from letterkit.errors import Problem

MAX_SHOWN = 3
IGNORED = frozenset("\n\r\t\f\v")
"""Characters no font draws and none needs to."""


LAST_CODE_POINT = 0x10FFFF


@cache
def covered() -> bytearray | None:
    """A byte per code point, 1 where some installed font covers it; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    done = subprocess.run(
        [fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=False
    )
    # Hundreds of fonts, tens of thousands of ranges: marking a table is the quick way.
    table = bytearray(LAST_CODE_POINT + 1)
    for token in done.stdout.split():
        first, _, last = token.partition("-")
        try:
            low, high = int(first, 16), int(last or first, 16)
        except ValueError:
            continue
        if 0 <= low <= high <= LAST_CODE_POINT:
            table[low : high + 1] = b"\x01" * (high - low + 1)
    return table


def _drawn(char: str) -> bool:
    # Controls, format characters (joiners, bidi marks) and spaces need no glyph of their own.
    return char not in IGNORED and unicodedata.category(char) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}


def missing(text: str) -> list[str]:
    """The characters of ``text`` no installed font covers, in order of first use."""
    table = covered()
    if table is None or not any(table):
        return []
    return [c for c in dict.fromkeys(text) if _drawn(c) and not table[ord(c)]]


def problem(label: str, chars: list[str]) -> Problem:
    """One line naming the characters and what to do."""
    named = ", ".join(
        f'"{c}" (U+{ord(c):04X} {unicodedata.name(c, "unnamed character")})'
        for c in chars[:MAX_SHOWN]
    )
    more = f" and {len(chars) - MAX_SHOWN} more" if len(chars) > MAX_SHOWN else ""
    return Problem(
        label,
        f"no installed font has {named}{more}, so the PDF would show empty boxes; install "
        "a font that covers them (`letterkit doctor` lists the scripts covered)",
    )
