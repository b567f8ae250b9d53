"""What a layout template may write: letter markup, and nothing that runs, loads or hides.

A project's layout may come from someone else's repository. Its output is
checked, never rewritten, before it becomes a page: elements and attributes
from a list of what a letter needs (no script, frame, object, form, style or
link; no event handler), images only the letter's own, links only to the web,
mail or phone, and every piece of text inside an element of the body, so the
tagged PDF marks all of it. letterkit writes the document around the body
itself (language, direction, title, metadata: letterkit/page/head.py).

The standard library's tokenizer reads the output; anything it reads
differently from a browser (a comment, a declaration, a bare "<") is refused
rather than guessed at. An HTML sanitizer library would rewrite the markup
silently; a refusal names the line of the template instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from letterkit.document import Image, Letter, TemplateFile
from letterkit.errors import LetterkitError, SafetyError, TemplateError

ELEMENTS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "body",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "q",
        "s",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "wbr",
    ]
)
VOID = frozenset({"br", "hr", "img", "wbr"})
ATTRIBUTES = frozenset(
    [
        "class",
        "style",
        "lang",
        "dir",
        "title",
        "id",
        "role",
        "colspan",
        "rowspan",
        "scope",
        "datetime",
        "aria-hidden",
        "aria-label",
    ]
)
BARE_ANGLE = re.compile(r"<(?![A-Za-z/!?])")
"""A "<" that starts no tag, as the tokenizer takes it."""
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:", "#")


def _images(letter: Letter) -> frozenset[str]:
    found: list[Image | None] = []
    for one in letter.in_every_language:  # a bilingual letter's page holds every version
        found += [one.sender.logo, *(p.logo for p in one.co_senders)]
        found += [s.signature for s in one.closing.signatories]
    return frozenset(img.path.as_uri() for img in found if img is not None)


def _links(letter: Letter) -> frozenset[str]:
    lines = [
        line
        for one in letter.in_every_language
        for block in (*one.blocks, *one.after)
        for line in block.lines
    ]
    lines += [line for one in letter.in_every_language for line in one.closing.valediction]
    return frozenset(span.href for line in lines for span in line if span.href)


class _Refusal(Exception):
    """What the checker refuses, and the text to look for in the template."""

    def __init__(self, message: str, needle: str | re.Pattern[str], safety: bool = True) -> None:
        super().__init__(message)
        self.needle, self.safety = needle, safety


class _Rules:
    """What a letter's markup may hold, told tag by tag (by html.parser or the plain reader)."""

    def __init__(self, letter: Letter) -> None:
        self.images, self.links = _images(letter), _links(letter)
        self.open: list[str] = []
        self.bodies = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            if self.open or self.bodies:
                raise _Refusal("writes a second <body>", "<body", safety=False)
            self.bodies += 1
        elif not self.open:
            raise _Refusal(f"writes <{tag}> outside <body>", f"<{tag}", safety=False)
        elif tag not in ELEMENTS and tag != "img":
            raise _Refusal(f"writes a <{tag}> element, which a letter may not hold", f"<{tag}")
        for name, value in attrs:
            self._attribute(tag, name, value or "")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if tag == "body" and name != "class":
            raise _Refusal(f'gives <body> the attribute "{name}"; letterkit sets it', name)
        if name == "src" and tag == "img":
            if value not in self.images:
                raise _Refusal(f'shows the image "{value}", not one of the letter\'s', value)
        elif name == "alt" and tag == "img":
            return
        elif name == "href" and tag == "a":
            if value not in self.links and not value.lower().startswith(LINK_SCHEMES):
                raise _Refusal(f'links to "{value}", not a web, mail or phone address', value)
        elif name not in ATTRIBUTES:
            raise _Refusal(
                f'gives <{tag}> the attribute "{name}", which a letter may not use', name
            )

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            where = f"where <{self.open[-1]}> is open" if self.open else "that is not open"
            needle = f"<{self.open[-1]}" if self.open else f"</{tag}"
            raise _Refusal(f"closes </{tag}> {where}", needle, safety=False)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if not text:
            return
        if "<" in text:
            raise _Refusal('writes a bare "<" (write &lt; for it)', BARE_ANGLE, safety=False)
        if len(self.open) <= 1:
            raise _Refusal(
                f'writes the text "{text[:40]}" outside any element of the body, where the '
                "tagged PDF would not mark it",
                text[:40],
                safety=False,
            )

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        raise _Refusal("writes an HTML comment; use a template comment {# ... #}", "<!--")

    def handle_decl(self, decl: str) -> None:
        raise _Refusal("writes a declaration; letterkit writes the doctype", "<!")

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

    def handle_pi(self, data: str) -> None:
        raise _Refusal("writes a processing instruction", "<?")


@functools.cache
def _parser() -> type[Any]:
    """The rules read by html.parser, loaded only for markup the plain reader leaves to it.

    The built-in layouts write plain markup, so a check, an HTML or a PDF
    letter rarely needs html.parser (5 ms to import, in the worker's path).
    """
    from html.parser import HTMLParser  # noqa: PLC0415 -- see above

    class Checker(_Rules, HTMLParser):
        def __init__(self, letter: Letter) -> None:
            # Character references stay out of the data, so a bare "<" in it is a literal one.
            HTMLParser.__init__(self, convert_charrefs=False)
            _Rules.__init__(self, letter)

    return Checker


_PLAIN_TOKEN = re.compile(
    r'<([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<>&]*")*)>'  # a start tag, quoted attributes
    r"|</([a-z][a-z0-9]*)>"  # an end tag
    r"|[^<]+"  # text
)
"""The plainest markup, which html.parser reads the same way: lower-case names, each
attribute quoted with no character reference in its value, no other "<"."""
_PLAIN_ATTRIBUTE = re.compile(r' ([a-z][a-z-]*)="([^"]*)"')


def _plainly_accepted(body: str, letter: Letter) -> bool:
    """Whether the body is the plainest markup only, and the checker accepts all of it.

    html.parser read each tag with several regular expressions, most of the
    check's time. A body of plain tags and text (as the built-in layout
    writes) is read here with one, its pieces given to the same checker: a
    text is checked whole where html.parser gives it in pieces split at
    each "&", which the checker accepts whenever it accepts the whole. Anything
    else, or a refusal, is left to html.parser, which words the refusal.
    """
    checker, at = _Rules(letter), 0
    try:
        for token in _PLAIN_TOKEN.finditer(body):
            if token.start() != at:
                return False  # a "<" that starts no plain tag
            at = token.end()
            tag, attributes, closed = token.groups()
            if tag:
                checker.handle_starttag(tag, _PLAIN_ATTRIBUTE.findall(attributes))
            elif closed:
                checker.handle_endtag(closed)
            else:
                checker.handle_data(token.group())
    except _Refusal:
        return False
    return at == len(body) and not checker.open and checker.bodies > 0


def check(body: str, letter: Letter) -> None:
    """Refuse a layout's output that is not plain letter markup inside one <body>.

    The error names the template file and line where the refused text is written.
    """
    if _plainly_accepted(body, letter):
        return
    checker = _parser()(letter)
    try:
        checker.feed(body)
        checker.close()
        if checker.open:
            raise _Refusal(f"leaves <{checker.open[-1]}> open", f"<{checker.open[-1]}", False)
        if not checker.bodies:
            raise _Refusal("writes no <body> element", "", safety=False)
    except _Refusal as refusal:
        raise _error(refusal, letter) from None


def _error(refusal: _Refusal, letter: Letter) -> LetterkitError:
    files = letter.layout.page_template
    path, line, column = locate(files, refusal.needle)
    kind = SafetyError if refusal.safety else TemplateError
    said = "refused: the layout" if refusal.safety else "the layout"
    return kind.at(path, f"{said} {refusal} (while laying out {letter.name})", line, column)


def locate(
    files: Iterable[TemplateFile], needle: str | re.Pattern[str]
) -> tuple[Path | str, int | None, int | None]:
    """Where a piece of the output is written in the layout's files, the layout itself if nowhere.

    The first match wins, found without regard to case, the layout first.
    """
    files = tuple(files)
    pattern = needle if isinstance(needle, re.Pattern) else re.compile(re.escape(needle), re.I)
    for file in files if needle else ():
        found = pattern.search(file.text)
        if found:
            before = file.text[: found.start()]
            return Path(file.path), before.count("\n") + 1, found.start() - before.rfind("\n")
    return (Path(files[0].path) if files else "layout"), None, None
