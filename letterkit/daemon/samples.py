"""The letters the worker makes while it warms up: every built-in language and page layout.

A letter pays on first use for whatever its process has not met yet: the
fonts of its script and their bold and italic faces (opened, measured,
shaped, subset), its language's hyphenation dictionary and page label,
its page layout's template, an image decoder, the running header of a
second page. Made once in the worker, none of it is paid again by the
letters made in the processes it forks: these letters meet all of it.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

from letterkit.compose.templates import BUILTIN
from letterkit.layouts import LAYOUTS

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">'
    '<circle cx="60" cy="60" r="56" fill="#b3261e"/>'
    '<path d="M30 60h60" stroke="#fff" stroke-width="5"/></svg>\n'
)
PARAGRAPH = (
    "We follow your *campaign* for decent wages and the right to organise with "
    "**admiration**, and we share the `statement` of our congress with you "
    "([read it](https://example.org/statement)): international solidarity is "
    "stronger than the distances between our organisations."
)
GRAMMAR = {
    "gender": "feminine",
    "cases": dict.fromkeys(
        ("genitive", "dative", "accusative", "instrumental", "prepositional"), "Example"
    ),
}
"""What the languages that agree or decline names need to know of each name."""
LONG = 14
"""Paragraphs of the first letter: enough for a second page, and its running header."""


def languages() -> list[str]:
    """The built-in languages: English and every language folder of the built-in templates."""
    return sorted({"en", *(p.name for p in BUILTIN.iterdir() if p.is_dir())})


def _png() -> bytes:
    """A one-pixel grey PNG: the raster decoder's first use."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    header = struct.pack("!IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def spec(language: str, envelope: str, paragraphs: int = 1) -> dict[str, Any]:
    """A justified, hyphenated letter in a language and a page layout, with two images."""
    return {
        "language": language,
        "date": "2026-05-01",
        "subject": "Solidarity message to the annual congress",
        "sender": {
            "name": "Workers' Solidarity Network",
            "short_name": "WSN",
            "address": ["1 Example Street", "Example City"],
            "logo": "logo.svg",
            **GRAMMAR,
        },
        "recipient": {
            "name": "Example Workers' Union",
            "short_name": "EWU",
            "address": ["2 Example Road", "Example City"],
            **GRAMMAR,
        },
        "event": {
            "kind": "congress",
            "name": "Annual Congress of the Example Workers' Union",
            "short_name": "Annual Congress",
            "city": "Example City",
            "start": "2026-05-20",
            "end": "2026-05-21",
            **GRAMMAR,
        },
        "greeting": {"salutation": "Dear friends,"},
        "apology": {"reasons": ["the distance"], "wish": "every success"},
        "position": [PARAGRAPH] * paragraphs,
        "sign_off": {"slogans": ["Long live international solidarity!"], "signature": "sign.png"},
        "enclosures": ["Our statement"],
        "cc": ["Example Federation"],
        "layout": {
            "envelope": envelope,
            "page_size": LAYOUTS[envelope].paper or "a4",
            "align": "justify",
            "hyphenate": True,
        },
    }


def write(folder: Path) -> list[Path]:
    """The sample letters' specs and images, written into a folder: a letter per language.

    The page layouts are dealt out among the languages, so each is made at least once too.
    """
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    (folder / "sign.png").write_bytes(_png())
    names, envelopes = languages(), sorted(LAYOUTS)
    specs = []
    for i in range(max(len(names), len(envelopes))):
        language = names[i % len(names)]
        text = spec(language, envelopes[i % len(envelopes)], LONG if i == 0 else 1)
        path = folder / f"{i:02}-{language}.yaml"
        # JSON is YAML; the characters beyond ASCII make the reader compile its check for them.
        path.write_text(json.dumps(text, ensure_ascii=False) + "\n# – ’ é\n", encoding="utf-8")
        specs.append(path)
    return specs


def spare(sources: list[Path]) -> Path:
    """The sample a spare letter worker makes (warm.py): a short English letter."""
    return next(p for p in sources[1:] if p.stem.endswith("-en"))
