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


def _ranges(charset: str) -> list[tuple[int, int]]:
    ranges = []
    for part in charset.split():
        first, _, last = part.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return ranges


@cache
def covered() -> tuple[tuple[int, int], ...] | None:
    """Every code point range some installed font covers, merged; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    done = subprocess.run(
        [fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=False
    )
    spans = sorted(r for line in done.stdout.splitlines() for r in _ranges(line))
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def _has(spans: tuple[tuple[int, int], ...], point: int) -> bool:
    low, high = 0, len(spans)
    while low < high:
        middle = (low + high) // 2
        first, last = spans[middle]
        if point < first:
            high = middle
        elif point > last:
            low = middle + 1
        else:
            return True
    return False


def _drawn(char: str) -> bool:
    # Controls, format characters (joiners, bidi marks) and spaces need no glyph of their own.
    return char not in IGNORED and unicodedata.category(char) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}


def missing(text: str) -> list[str]:
    """The characters of ``text`` no installed font covers, in order of first use."""
    spans = covered()
    if not spans:
        return []
    return [c for c in dict.fromkeys(text) if _drawn(c) and not _has(spans, ord(c))]


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
