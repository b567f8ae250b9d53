"""PDF: the HTML document typeset by WeasyPrint.

This is the only module that imports WeasyPrint, and only the PDF format
loads it. A WeasyPrint warning (a resource that did not load, a glyph the
fonts lack) fails the letter instead of producing a flawed PDF.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from letterkit.document import Letter
from letterkit.errors import RenderError
from letterkit.render.glyphs import missing_character, missing_glyph_problem
from letterkit.render.html import to_html


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.missing: dict[str, None] = {}
        """Characters no font has, in the order met."""

    def emit(self, record: logging.LogRecord) -> None:
        char = missing_character(record)
        if char is not None:
            self.missing[char] = None
        else:
            self.messages.append(record.getMessage())


@contextmanager
def _warnings_fail(letter: Letter) -> Iterator[None]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.missing:
        raise RenderError([missing_glyph_problem(c, letter) for c in handler.missing])
    if handler.messages:
        first = " ".join(handler.messages[0].split())
        raise RenderError.at(letter.name, f"the PDF could not be made cleanly: {first}")


@functools.lru_cache(maxsize=1)
def font_config() -> Any:
    """One font configuration per process: building it per letter costs time and memory."""
    return FontConfiguration()


class _Fetcher(weasyprint.URLFetcher):  # type: ignore[misc]
    """Loads inline data and files inside the letter's resource folders; refuses the rest."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__()
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                return super().fetch(url, headers)
        raise ValueError(f"refused to load {url}")


class PdfRenderer:
    """Renders the letter as a PDF with WeasyPrint."""

    extension = "pdf"
    binary = True

    def render(self, letter: Letter) -> bytes:
        """The PDF's bytes; the same letter gives the same bytes."""
        html = to_html(letter)
        base = str(letter.layout.base) if letter.layout.base else None
        with _warnings_fail(letter):
            fetcher = _Fetcher(letter.layout.resource_roots)
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            pdf: bytes = document.write_pdf(
                font_config=font_config(), pdf_tags=True, pdf_variant=letter.layout.pdf_variant
            )
        return pdf


RENDERER = PdfRenderer()
