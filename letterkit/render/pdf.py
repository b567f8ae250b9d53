"""PDF: the HTML document typeset by WeasyPrint.

This module and its gatekeeper (render/fetcher.py, imported only here) are
the only ones importing WeasyPrint, and only the PDF format loads them. A
WeasyPrint warning (a glyph the fonts lack) fails the letter instead of
producing a flawed PDF. Every resource goes through the gatekeeper; one it
refuses or cannot load fails the letter as a safety refusal.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from letterkit.document import Letter
from letterkit.errors import RenderError, SafetyError
from letterkit.render.fetcher import FailedResource, Gatekeeper
from letterkit.render.fit import fit_problems
from letterkit.render.glyphs import missing_character, missing_glyph_problems
from letterkit.render.html import to_html

_SLOW_SUBSET = "Using fontTools instead of HarfBuzz-Subset"
"""WeasyPrint's warning when the HarfBuzz subsetter library is missing: the
PDF is still right, only slower to make, so it is said once, not a failure."""
log = logging.getLogger("letterkit")


@functools.lru_cache(maxsize=1)
def _say_slow_subsetting() -> None:
    log.warning(
        "PDF fonts are subset with fontTools, which is slower: install HarfBuzz's subsetter "
        "(Debian: apt-get install libharfbuzz-subset0)"
    )


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
        elif str(record.msg).startswith(_SLOW_SUBSET):
            _say_slow_subsetting()
        else:
            self.messages.append(record.getMessage())


@contextmanager
def _warnings_fail(letter: Letter) -> Iterator[None]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    # The warnings become the letter's error; they are not printed besides.
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if handler.missing:
        raise RenderError(missing_glyph_problems(handler.missing, letter))
    if handler.messages:
        first = " ".join(handler.messages[0].split())
        raise RenderError.at(letter.name, f"the PDF could not be made cleanly: {first}")


@functools.lru_cache(maxsize=1)
def font_config() -> Any:
    """One font configuration per process: building it per letter costs time and memory."""
    return FontConfiguration()


def _refuse_attachments(document: Any, letter: Letter) -> None:
    """Attachments would embed whole files, which the gatekeeper cannot tell from images."""
    links = (link for page in document.pages for link in page.links)
    if document.metadata.attachments or any(link[0] == "attachment" for link in links):
        raise SafetyError.at(letter.name, "refused: the document asks to attach files to the PDF")


_STYLESHEETS: dict[tuple[str, str | None, tuple[Path, ...], bool], tuple[Any, tuple[Any, ...]]] = {}
"""Parsed letter stylesheets and the log records parsing gave, by text and what it may load."""
MAX_STYLESHEETS = 8


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _stylesheet(letter: Letter, base: str | None, fetcher: Gatekeeper) -> Any:
    """The letter's stylesheet, parsed once per process: every letter of a batch shares it.

    Parsing it again for each letter cost about a tenth of a letter's time.
    Warnings from the first parse are given again to every later letter, so
    each fails alike; a stylesheet that loads something refused is never kept.
    """
    layout = letter.layout
    key = (layout.stylesheet, base, layout.resource_roots, layout.allow_remote)
    logger = logging.getLogger("weasyprint")
    if key in _STYLESHEETS:
        css, records = _STYLESHEETS[key]
        for record in records:
            logger.handle(record)
        return css
    if len(_STYLESHEETS) >= MAX_STYLESHEETS:  # a batch uses one; stay bounded regardless
        _STYLESHEETS.clear()
    handler = _Records()
    logger.addHandler(handler)
    try:
        css = weasyprint.CSS(
            string=layout.stylesheet, base_url=base, url_fetcher=fetcher, font_config=font_config()
        )
    finally:
        logger.removeHandler(handler)
    _STYLESHEETS[key] = (css, tuple(handler.records))
    return css


def typeset(html: str, letter: Letter, shared_stylesheet: bool = False) -> bytes:
    """The PDF of an HTML document, loading resources only through the gatekeeper.

    With ``shared_stylesheet`` the letter's stylesheet, left out of the HTML,
    is applied from the copy parsed once per process.
    """
    layout = letter.layout
    base = str(layout.base) if layout.base else None
    fetcher = Gatekeeper(layout.resource_roots, layout.allow_remote)
    try:
        with _warnings_fail(letter):
            options = {"pdf_tags": True, "pdf_variant": layout.pdf_variant}
            source = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            sheets = [_stylesheet(letter, base, fetcher)] if shared_stylesheet else []
            document = source.render(font_config=font_config(), stylesheets=sheets, **options)
            _refuse_attachments(document, letter)
            problems = fit_problems(document.pages, letter)
            if problems:
                raise RenderError(problems)
            pdf: bytes = document.write_pdf(**options)
    except FailedResource as exc:
        raise RenderError.at(letter.name, str(exc)) from None
    except FatalURLFetchingError as exc:  # refused by the gatekeeper
        raise SafetyError.at(letter.name, str(exc)) from None
    return pdf


class PdfRenderer:
    """Renders the letter as a PDF with WeasyPrint."""

    def render(self, letter: Letter) -> bytes:
        """The PDF's bytes; the same letter gives the same bytes."""
        return typeset(to_html(letter, stylesheet=False), letter, shared_stylesheet=True)


RENDERER = PdfRenderer()
