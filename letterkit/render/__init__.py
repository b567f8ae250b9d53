"""Stage 4: document model -> the bytes of one output format (text, HTML, PDF).

Each renderer is a small module behind the Renderer protocol, listed in the
registry; adding a format is adding a module. Renderers see only the
document model, never the spec or the templates: the HTML, PDF and e-mail
formats take the page letterkit/page laid out from it (PAGED).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from letterkit import defaults
from letterkit.document import Letter, Page
from letterkit.errors import RenderError


class Renderer(Protocol):
    """Turns a composed letter into the bytes of one file format.

    A format's name is its file name extension (txt, html, pdf).
    """

    loaded: Mapping[str, str]
    """The files the last render loaded (real path: SHA-256 of the bytes): none for text."""

    def render(self, letter: Letter) -> bytes:
        """The file's bytes."""
        ...


@runtime_checkable
class Derived(Protocol):
    """A renderer that also takes the bytes of other formats of the same letter (eml)."""

    needs: tuple[str, ...]
    """The formats it is made from, made first."""

    def render_from(self, letter: Letter, made: Mapping[str, bytes]) -> bytes:
        """The file's bytes, from the letter and the bytes of the formats it needs."""
        ...


# Module paths, imported on first use: PDF output loads WeasyPrint, which
# text output, check and schema must not pay for.
REGISTRY: dict[str, str] = {
    "txt": "letterkit.render.text",
    "html": "letterkit.render.html",
    "pdf": "letterkit.render.pdf",
    "eml": "letterkit.render.eml",
}
FORMATS = tuple(REGISTRY)
assert defaults.FORMATS == FORMATS, "the command line offers the formats registered here"
NEEDS: dict[str, tuple[str, ...]] = {"eml": ("txt", "pdf")}
"""Formats made from the bytes of others (a Derived renderer's needs), known without
importing them: planning a run that skips every letter loads no renderer."""


PAGED = frozenset({"html", "pdf", "eml"})
"""Formats made from the letter's laid-out page (Letter.page): lay it out first."""


def needs_page(formats: tuple[str, ...]) -> bool:
    """Whether any of the formats (or those they are made from) is made from the page."""
    return not PAGED.isdisjoint(with_needs(formats))


def page_of(letter: Letter) -> Page:
    """The letter's laid-out page; a letter not laid out is a mistake of the caller."""
    if letter.page is None:
        raise RenderError.at(letter.name, "the letter was not laid out (letterkit.page.laid_out)")
    return letter.page


def renderer(fmt: str) -> Renderer:
    """The renderer for a format name (txt, html, pdf)."""
    module = importlib.import_module(REGISTRY[fmt])
    found: Renderer = module.RENDERER
    return found


def with_needs(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats with those they are made from before them, each once: eml -> txt, pdf, eml."""
    out: list[str] = []
    for fmt in formats:
        out += [f for f in (*NEEDS.get(fmt, ()), fmt) if f not in out]
    return tuple(out)


def render_all(letter: Letter, formats: tuple[str, ...]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The bytes of each format asked for, and every file the renderers loaded.

    A format made from others reuses their bytes.
    """
    made: dict[str, bytes] = {}
    loaded: dict[str, str] = {}
    for fmt in with_needs(formats):
        found = renderer(fmt)
        if isinstance(found, Derived):
            made[fmt] = found.render_from(letter, made)
        else:
            made[fmt] = found.render(letter)
        loaded.update(found.loaded)
    return {fmt: made[fmt] for fmt in formats}, loaded
