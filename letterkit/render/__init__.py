"""Stage 4: document model -> the bytes of one output format (text, HTML, PDF).

Each renderer is a small module behind the Renderer protocol, listed in the
registry; adding a format is adding a module. Renderers see only the
document model, never the spec or the templates: the HTML, PDF and e-mail
formats take the page letterkit/page laid out from it (PAGED).
"""

from __future__ import annotations

import importlib
import sys
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


def release() -> None:
    """Remove what the loaded renderers keep on disk for the process's life (pdf.release).

    A worker calls it as it ends: it ends with os._exit, which runs no exit function.
    """
    for name in REGISTRY.values():
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "release"):
            module.release()


PER_LANGUAGE = frozenset({"txt"})
"""Formats a letter in several languages makes once per language (its text twins); the
other formats hold every version in one file."""


def outputs_of(fmt: str, languages: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """The files of one format: each file's key among the outputs, and its language.

    The language is None for a file that holds the whole letter; a bilingual
    letter's text twins are "txt" (the first language's) and "txt.fr"...
    """
    if fmt not in PER_LANGUAGE or len(languages) < 2:
        return [(fmt, None)]
    first, *others = languages
    return [(fmt, first), *((f"{fmt}.{language}", language) for language in others)]


def with_needs(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats with those they are made from before them, each once: eml -> txt, pdf, eml."""
    out: list[str] = []
    for fmt in formats:
        out += [f for f in (*NEEDS.get(fmt, ()), fmt) if f not in out]
    return tuple(out)


def _every_language(made: Mapping[str, bytes], languages: tuple[str, ...]) -> dict[str, bytes]:
    """The formats made so far, a per-language one holding every version.

    An e-mail's body is the letter in all its languages, one after the other.
    """
    joined = dict(made)
    for fmt in PER_LANGUAGE & set(made):
        joined[fmt] = b"\n".join(made[key] for key, _ in outputs_of(fmt, languages))
    return joined


def render_all(letter: Letter, formats: tuple[str, ...]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The bytes of each format asked for, and every file the renderers loaded.

    A format made from others reuses their bytes.
    """
    made: dict[str, bytes] = {}
    loaded: dict[str, str] = {}
    versions = {one.meta.language: one for one in letter.in_every_language}
    for fmt in with_needs(formats):
        found = renderer(fmt)
        if isinstance(found, Derived):
            made[fmt] = found.render_from(letter, _every_language(made, tuple(versions)))
        else:
            made[fmt] = found.render(letter)
        for key, language in outputs_of(fmt, tuple(versions))[1:]:
            made[key] = found.render(versions[str(language)])
        loaded.update(found.loaded)
    keys = [key for fmt in formats for key, _ in outputs_of(fmt, tuple(versions))]
    return {key: made[key] for key in keys}, loaded
