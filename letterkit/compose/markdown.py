"""Template output -> blocks of styled spans.

A filled part template is plain text: blocks separated by blank lines, each
line of a block kept as a line, inline Markdown within a line (emphasis,
strong, code, links), parsed by markdown-it-py. Values the spec gives
literally (names, addresses, e-mails) are escaped before they reach the
parser, so an underscore in an e-mail address stays an underscore; prose
values are passed through as Markdown.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from letterkit.document import Block, Line, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def _parser() -> MarkdownIt:
    # Built on first use: most letters' lines hold no Markdown at all (see inline).
    from markdown_it import MarkdownIt  # noqa: PLC0415

    # The "zero" preset has every rule off: raw HTML, images and block syntax
    # stay literal text, which is what a letter wants.
    return MarkdownIt("zero").enable(["emphasis", "link", "escape", "backticks", "entity"])


_SPECIAL = re.compile(r"([\\`*_\[\]<>&!])")
_SYNTAX = re.compile(r"[\\`*_\[\]<>&!\0\r\n]")
"""The characters any enabled inline rule starts at, and those the parser rewrites
(NUL, carriage return) or breaks at."""
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>&!])")
"""A character escape() wrote: the parser gives the character alone."""
_WRAPPED = re.compile(r"(\*\*?)(\S(?:.*\S)?)\1")
"""A whole line in emphasis or strong emphasis, as the subject template writes it."""
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Only plain spaces and tabs fold: no-break and thin spaces are meant.
_SPACES = re.compile(r"[ \t]+")


class Markdown(str):
    """Text that is already Markdown and must not be escaped again."""

    __slots__ = ()


def escape(value: Any) -> str:
    """Make a literal value safe to place inside Markdown text."""
    if isinstance(value, Markdown):
        return value
    return _SPECIAL.sub(r"\\\1", str(value))


def _spans(tokens: list[Token]) -> Line:
    spans: list[Span] = []
    emphasis = strong = 0
    href: str | None = None
    for token in tokens:
        kind = token.type
        if kind in ("text", "softbreak", "hardbreak"):
            text = token.content if kind == "text" else " "
            if text:
                spans.append(Span(text, bool(emphasis), bool(strong), False, href))
        elif kind == "code_inline":
            spans.append(Span(token.content, bool(emphasis), bool(strong), True, href))
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind == "link_open":
            href = str(token.attrs.get("href", "")) or None
        elif kind == "link_close":
            href = None
    return _merge(spans)


def _merge(spans: list[Span]) -> Line:
    """Join neighbouring spans of the same style, so renderers see whole words."""
    merged: list[Span] = []
    for span in spans:
        if merged and _same_style(merged[-1], span):
            last = merged.pop()
            merged.append(
                Span(last.text + span.text, span.emphasis, span.strong, span.code, span.href)
            )
        else:
            merged.append(span)
    return tuple(merged)


def _same_style(a: Span, b: Span) -> bool:
    return (a.emphasis, a.strong, a.code, a.href) == (b.emphasis, b.strong, b.code, b.href)


def inline(text: str) -> Line:
    """Parse one line of inline Markdown into spans."""
    simple = _simple(text)
    return parsed(text) if simple is None else simple


def _simple(text: str) -> Line | None:
    """The spans of a line as the parser would make them, when that is plain to see.

    Without the parser (and its import): a line where no rule can start but at
    escaped characters, and a whole line between * or ** with nothing inside for
    a rule to start at (delimiters at the ends of a line always open and close).
    """
    if not _SYNTAX.search(_ESCAPED.sub("", text)):
        plain = _ESCAPED.sub(r"\1", text)
        return (Span(plain, False, False, False, None),) if plain else ()
    wrapped = _WRAPPED.fullmatch(text)
    if wrapped and not _SYNTAX.search(wrapped[2]):
        stars = len(wrapped[1])
        return (Span(wrapped[2], stars == 1, stars == 2, False, None),)
    return None


def parsed(text: str) -> Line:
    """One line parsed by markdown-it, whatever it holds."""
    tokens = _parser().parseInline(text)
    return _spans(tokens[0].children or []) if tokens else ()


def blocks(text: str, part: str) -> tuple[Block, ...]:
    """Split filled template text into blocks of lines; white space is tidied."""
    result = []
    for chunk in _BLANK_LINES.split(text):
        lines = [_tidy(line) for line in chunk.splitlines()]
        parsed = tuple(inline(line) for line in lines if line)
        if parsed:
            result.append(Block(part, parsed))
    return tuple(result)


def _tidy(line: str) -> str:
    """The line with its runs of spaces and tabs folded to one space, trimmed."""
    # A line of single spaces only is already folded: substituting each space by
    # itself took three quarters of splitting a letter's text into blocks.
    if "\t" in line or "  " in line:
        line = _SPACES.sub(" ", line)
    return line.strip(" ")
