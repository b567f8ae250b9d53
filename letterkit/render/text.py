"""Plain text: UTF-8, wrapped by display width, for an e-mail body."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from types import MappingProxyType

from letterkit.document import Closing, Letter, Line, Party, Span
from letterkit.isolation import isolated_for_text as isolated


def span_text(span: Span) -> str:
    """A span as plain text: a link keeps its address in angle brackets."""
    if span.href and span.href not in (span.text, f"mailto:{span.text}"):
        return f"{span.text} <{span.href}>"
    return span.text


def line_text(line: Line) -> str:
    """A line of spans as plain text."""
    return "".join(span_text(s) for s in line)


NARROW = re.compile(r"[\x20-\x7e\xa1-\xac\xae-\u02ff\u2010-\u2027\u20ac]*")
"""Text whose every character is one cell wide and no white space but the ASCII space:
printable ASCII, the Latin letters, and the dashes, quotes and ellipsis of Western letters
(no combining mark, no soft hyphen, no no-break space, no tab or control character)."""


def wrap(text: str, width: int) -> list[str]:
    """Wrap at ``width`` display cells (wide and combining characters counted right).

    Words are never split: a word longer than the width, such as a long web
    address, stands alone on its line.
    """
    if NARROW.fullmatch(text):
        if 0 < len(text) <= width:
            # A line that fits, as textwrap leaves it: a third of a mailing's wrapping.
            return [text.rstrip()]
        # One cell per character: the standard library's wrapping, which counts
        # characters, breaks exactly where wcwidth would, at a fraction of the cost
        # (wcwidth measures every chunk by grapheme; tests/test_text.py compares both).
        lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    else:
        import wcwidth  # noqa: PLC0415  (only for lines that need it)

        lines = wcwidth.wrap(
            text, width, break_long_words=False, break_on_hyphens=False, control_codes="ignore"
        )
    return [line.rstrip() for line in lines] or [""]


def _party(party: Party, direction: str) -> list[str]:
    return [isolated(line, direction) for line in (party.name, *party.lines)]


def _closing(closing: Closing, direction: str) -> list[list[str]]:
    """One chunk for a single signatory (as a letter ends); a chunk each for several."""
    valediction = [line_text(line) for line in closing.valediction]
    people = [
        [isolated(line, direction) for line in s.lines]
        + (
            [f"{closing.on_behalf_word} {isolated(s.on_behalf_of, direction)}"]
            if s.on_behalf_of
            else []
        )
        for s in closing.signatories
    ]
    date = [isolated(closing.date, direction)] if closing.date else []
    if len(people) <= 1:
        chunks = [valediction + [line for p in people for line in p] + date]
    else:
        chunks = [valediction, *people, date]
    return [chunk for chunk in chunks if chunk]


class TextRenderer:
    """Renders the letter as wrapped plain text."""

    loaded: Mapping[str, str] = MappingProxyType({})
    """Text and HTML load no file: the HTML refers to its images by address."""

    def render(self, letter: Letter) -> bytes:
        """The letter as UTF-8 text, blocks separated by one blank line."""
        width = letter.layout.text_width
        direction = letter.layout.direction
        senders = [_party(letter.sender, direction)]
        senders += [_party(other, direction) for other in letter.co_senders]
        chunks = [*senders, _party(letter.recipient, direction)]
        if letter.date:
            chunks.append([isolated(letter.date, direction)])
        chunks += [[line_text(line) for line in block.lines] for block in letter.blocks]
        chunks += _closing(letter.closing, direction)
        chunks += [[line_text(line) for line in block.lines] for block in letter.after]
        out = ["\n".join(w for line in chunk for w in wrap(line, width)) for chunk in chunks]
        return ("\n\n".join(out) + "\n").encode("utf-8")


RENDERER = TextRenderer()
