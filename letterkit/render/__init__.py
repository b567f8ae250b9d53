"""Stage 4: document model -> the bytes of one output format (text, HTML, PDF).

Each renderer is a small module behind the Renderer protocol, listed in the
registry; adding a format is adding a module. Renderers see only the
document model, never the spec or the templates.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Protocol

from letterkit.document import Letter


class Renderer(Protocol):
    """Turns a composed letter into the bytes of one file format.

    A format's name is its file name extension (txt, html, pdf).
    """

    loaded: Mapping[str, str]
    """The files the last render loaded (real path: SHA-256 of the bytes): none for text."""

    def render(self, letter: Letter) -> bytes:
        """The file's bytes."""
        ...


# Module paths, imported on first use: PDF output loads WeasyPrint, which
# text output, check and schema must not pay for.
REGISTRY: dict[str, str] = {
    "txt": "letterkit.render.text",
    "html": "letterkit.render.html",
    "pdf": "letterkit.render.pdf",
}
FORMATS = tuple(REGISTRY)


def renderer(fmt: str) -> Renderer:
    """The renderer for a format name (txt, html, pdf)."""
    module = importlib.import_module(REGISTRY[fmt])
    found: Renderer = module.RENDERER
    return found
