"""A letter in several languages as HTML: its versions one after another, or side by side.

Each version stands in an element with its own lang and dir, so the PDF's
tags, hyphenation and fonts follow its language. One after another, each
version starts on a new page with its own letterhead and running header;
side by side, the letterhead and address are shared at the top (the
sender's name in every language, as a bilingual organisation's letterhead
reads) and the versions' pieces are set in columns, paired part by part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from letterkit.document import Letter, Party

COLUMNS_CSS = """
.letter.columns .pair { display: grid; column-gap: 8mm; align-items: start; }
.letter.columns .pair .date { text-align: start; }
"""
"""Structural rules of the side-by-side layout, set by the renderer (a project's own
letter.css need not know them)."""

PAGES_CSS = """
.version + .version { break-before: page; }
.running-head.blank { visibility: hidden; }
"""


@dataclass(frozen=True)
class Version:
    """One language's pieces of the letter, rendered, in reading order."""

    language: str
    direction: str
    rows: Sequence[tuple[str, Markup]]
    """(name, HTML) pairs: "date", "greeting-1", "position-2", "ending"..."""

    @classmethod
    def of(cls, letter: Letter, rows: Sequence[tuple[str, Markup]]) -> Version:
        """The version of ``letter``, made of ``rows``."""
        return cls(letter.meta.language, letter.layout.direction, rows)

    @property
    def attributes(self) -> Markup:
        """Its lang and dir attributes."""
        return Markup(' lang="%s" dir="%s"') % (self.language, self.direction)


def one_after_another(versions: Sequence[Version]) -> Markup:
    """Each version whole, each from a new page.

    A later version starts with an empty running header, so its first page,
    which carries its letterhead, shows none (as a letter's first page does).
    """
    out = []
    for i, version in enumerate(versions):
        blank = Markup('<div class="running-head blank" aria-hidden="true"></div>\n') if i else ""
        body = Markup("\n").join(html for _, html in version.rows)
        out.append(
            Markup('<div class="version version-%d"%s>\n%s%s\n</div>')
            % (i, version.attributes, blank, body)
        )
    return Markup("\n").join(out)


def _names(versions: Sequence[Version]) -> list[str]:
    """Every piece's name once, in reading order.

    A piece only one version has is put after the piece it follows there.
    """
    names: list[str] = []
    for version in versions:
        before = -1
        for name, _ in version.rows:
            if name in names:
                before = names.index(name)
            else:
                before += 1
                names.insert(before, name)
    return names


def side_by_side(shared: Markup, versions: Sequence[Version]) -> Markup:
    """The shared top, then each piece of every version in a row of columns."""
    pieces = [dict(v.rows) for v in versions]
    columns = f"grid-template-columns: repeat({len(versions)}, minmax(0, 1fr))"
    rows = []
    for name in _names(versions):
        cells = Markup("").join(
            Markup('<div class="cell"%s>%s</div>') % (v.attributes, own.get(name, ""))
            for v, own in zip(versions, pieces, strict=True)
        )
        rows.append(Markup('<div class="pair row-%s" style="%s">%s</div>') % (name, columns, cells))
    return Markup('%s\n<main class="letter columns">\n%s\n</main>') % (
        shared,
        Markup("\n").join(rows),
    )


def names_in_every_language(letters: Sequence[Letter]) -> Party:
    """The sender of the first version, named in every language ("Congress / Congrès")."""
    names = dict.fromkeys(letter.sender.name for letter in letters)
    return replace(letters[0].sender, name=" / ".join(names))


def page_labels(labels: Sequence[tuple[str, str]], css: Callable[[str, str, str], str]) -> str:
    """The page label rule of each version, each limited to its version, and the layout's."""
    rules = [
        css(label, digits, f"html:root .version-{i} ")
        for i, (label, digits) in enumerate(labels)
        if label
    ]
    return "\n".join([*rules, PAGES_CSS])
