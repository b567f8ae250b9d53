"""Characters no installed font has, found without page layout (for ``letterkit check``).

The PDF renderer learns of a missing glyph only while WeasyPrint lays the
page out. fontconfig already knows which characters each installed font
covers; one ``fc-list`` call lists every font's character set, and a
character outside all of them would be an empty box in the PDF. Pango may
still fall back to a font fontconfig does not list, so this errs only on the
side of what render will fail too. The ranges every font covers together are
remembered while the fonts are unchanged (run/facts.py): listing and reading
them costs more than the rest of a check.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from bisect import bisect_right
from functools import cache

from letterkit.errors import Problem
from letterkit.run import facts

MAX_SHOWN = 3
IGNORED = frozenset("\n\r\t\f\v")
"""Characters no font draws and none needs to."""


LAST_CODE_POINT = 0x10FFFF


def _listed() -> tuple[str, ...]:
    """Every code point range some installed font covers, merged, as "first-last" in hex."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    done = subprocess.run(
        [fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=False
    )
    ranges = []
    for token in done.stdout.split():
        first, _, last = token.partition("-")
        try:
            low, high = int(first, 16), int(last or first, 16)
        except ValueError:
            continue
        if 0 <= low <= high <= LAST_CODE_POINT:
            ranges.append((low, high))
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return tuple(f"{low:x}-{high:x}" for low, high in merged)


@cache
def covered() -> tuple[list[int], list[int]] | None:
    """The first and last code points of the ranges fonts cover; None without fontconfig."""
    if shutil.which("fc-list") is None:
        return None
    firsts, lasts = [], []
    for token in facts.with_fonts("coverage", _listed):
        first, _, last = token.partition("-")
        firsts.append(int(first, 16))
        lasts.append(int(last, 16))
    return firsts, lasts


def _covers(ranges: tuple[list[int], list[int]], char: str) -> bool:
    firsts, lasts = ranges
    at = bisect_right(firsts, ord(char)) - 1
    return at >= 0 and ord(char) <= lasts[at]


def _drawn(char: str) -> bool:
    # Controls, format characters (joiners, bidi marks) and spaces need no glyph of their own.
    return char not in IGNORED and unicodedata.category(char) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}


def missing(text: str) -> list[str]:
    """The characters of ``text`` no installed font covers, in order of first use."""
    ranges = covered()
    if ranges is None or not ranges[0]:
        return []
    return [c for c in dict.fromkeys(text) if _drawn(c) and not _covers(ranges, c)]


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
