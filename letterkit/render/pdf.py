"""PDF: the HTML document typeset by WeasyPrint.

This module and the two it alone imports, its gatekeeper (render/fetcher.py)
and render/arrays.py, are the only ones importing WeasyPrint, and only the
PDF format loads them. A
WeasyPrint warning (a glyph the fonts lack) fails the letter instead of
producing a flawed PDF. Every resource goes through the gatekeeper; one it
refuses or cannot load fails the letter as a safety refusal.
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from letterkit.document import Letter
from letterkit.errors import RenderError, SafetyError
from letterkit.render import arrays, page_of
from letterkit.render.cssurls import names_url
from letterkit.render.fetcher import FailedResource, Gatekeeper
from letterkit.render.fit import fit_problems
from letterkit.render.glyphs import missing_character, missing_glyph_problems

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
        self.out_of_memory = False

    def emit(self, record: logging.LogRecord) -> None:
        char = missing_character(record)
        args = record.args if isinstance(record.args, tuple) else ()
        if any(_for_want_of_memory(arg) for arg in args):
            # WeasyPrint logs an image it could not decode, even for want of memory.
            self.out_of_memory = True
        elif char is not None:
            self.missing[char] = None
        elif str(record.msg).startswith(_SLOW_SUBSET):
            _say_slow_subsetting()
        else:
            self.messages.append(record.getMessage())


def _for_want_of_memory(value: object) -> bool:
    """Whether a logged value is an error that ran out of memory (or was caused by one)."""
    while isinstance(value, BaseException):
        if isinstance(value, MemoryError):
            return True
        value = value.__cause__ or value.__context__
    return False


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
    if handler.out_of_memory:
        raise MemoryError  # the letter's memory limit, as the process making it reports it
    if handler.missing:
        raise RenderError(missing_glyph_problems(handler.missing, letter))
    if handler.messages:
        first = " ".join(handler.messages[0].split())
        raise RenderError.at(letter.name, f"the PDF could not be made cleanly: {first}")


@functools.lru_cache(maxsize=1)
def font_config() -> Any:
    """One font configuration per process: building it per letter costs time and memory."""
    arrays.install()  # once per process too: the glyph arrays of font subsetting
    return FontConfiguration()


_INHERITED: set[str] = set()
"""Font folders this process was forked with: its parent's to remove."""


def _fonts_folder() -> str | None:
    # WeasyPrint keeps the folder private; it makes it at a letter's first @font-face rule.
    if not font_config.cache_info().currsize:
        return None
    folder = getattr(font_config(), "_folder", None)
    return None if folder is None else str(folder)


def _forked() -> None:
    folder = _fonts_folder()
    if folder is not None:
        _INHERITED.add(folder)


def release() -> None:
    """Remove the copies of the @font-face fonts WeasyPrint made for this process's letters.

    WeasyPrint removes its folder when the font configuration is freed, which
    never happens in a process ending with os._exit, as letterkit and its
    workers do: every render with a house font left a copy of it in the
    temporary folder.
    """
    folder = _fonts_folder()
    if folder is not None and folder not in _INHERITED:
        shutil.rmtree(folder, ignore_errors=True)
        font_config()._folder = None  # made again by the next @font-face rule, if any


os.register_at_fork(after_in_child=_forked)
atexit.register(release)


@functools.cache
def _out_of_the_collectors_sight() -> None:
    """Before a process's first PDF, keep what is loaded out of the garbage collector's sight.

    Typesetting allocates enough to start a full collection, which walked
    everything the process had imported (WeasyPrint, the spec models, the
    templates: some 80,000 objects) besides the letter's boxes, and the
    worker's own collection after its first letter walked them again: about
    60 ms of a one-letter PDF run (benchmark row 2) that the `weasyprint`
    command, importing far less, does not pay. Only the young generations are
    collected first; the little the imports left as garbage stays.
    """
    gc.collect(1)
    gc.freeze()


def _refuse_too_long(document: Any, letter: Letter) -> None:
    """Refuse a letter laid out longer than its page limit, before its PDF is written.

    A stylesheet that breaks after every paragraph, or generates content, could
    otherwise make thousands of pages; the time limit stops any that take long.
    """
    pages, limit = len(document.pages), letter.layout.max_pages
    if pages > limit:
        raise SafetyError.at(
            letter.name,
            f"refused: the PDF would have {pages} pages, over the page limit ({limit}); "
            "--max-pages raises it",
        )


def _refuse_attachments(document: Any, letter: Letter) -> None:
    """Attachments would embed whole files, which the gatekeeper cannot tell from images."""
    links = (link for page in document.pages for link in page.links)
    if document.metadata.attachments or any(link[0] == "attachment" for link in links):
        raise SafetyError.at(letter.name, "refused: the document asks to attach files to the PDF")


Parsed = tuple[Any, tuple[Any, ...], dict[str, str]]
_STYLESHEETS: dict[tuple[str, str | None, tuple[Path, ...], bool], Parsed] = {}
"""Parsed letter stylesheets and the log records parsing gave, by text and what it may load."""
MAX_STYLESHEETS = 16
"""A batch uses one; the background worker keeps one per built-in language (warm.py)."""


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
    found = _STYLESHEETS.get(key) or _parsed_elsewhere(layout.stylesheet)
    if found is not None:
        css, records, loaded = found
        for record in records:
            logger.handle(record)
        fetcher.loaded.update(loaded)  # what the shared copy loaded, this letter uses too
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
    _STYLESHEETS[key] = (css, tuple(handler.records), dict(fetcher.loaded))
    return css


def _parsed_elsewhere(stylesheet: str) -> Parsed | None:
    """The stylesheet as parsed for a letter in another folder, if that parse serves any folder.

    Only URLs make a parse depend on the folder (render/cssurls.py); one that
    names none, and so loaded nothing, serves every letter: a batch's letters
    from several folders, the background worker's requests from anywhere.
    """
    for (text, *_), parsed in _STYLESHEETS.items():
        if text == stylesheet and not parsed[2] and not names_url(stylesheet):
            return parsed
    return None


def share_stylesheets() -> None:
    """Settle now which parsed stylesheets serve any folder, for the processes forked later."""
    for text, *_ in list(_STYLESHEETS):
        names_url(text)


def typeset(
    html: str,
    letter: Letter,
    shared_stylesheet: bool = False,
    loaded: dict[str, str] | None = None,
) -> bytes:
    """The PDF of an HTML document, loading resources only through the gatekeeper.

    With ``shared_stylesheet`` the letter's stylesheet, left out of the HTML,
    is applied from the copy parsed once per process. ``loaded``, when given,
    receives every file the PDF loaded, with the digest of what was loaded.
    """
    _out_of_the_collectors_sight()
    layout = letter.layout
    base = str(layout.base) if layout.base else None
    fetcher = Gatekeeper(layout.resource_roots, layout.allow_remote)
    fetcher.loaded = loaded if loaded is not None else fetcher.loaded
    try:
        with _warnings_fail(letter):
            options = {"pdf_tags": True, "pdf_variant": layout.pdf_variant}
            source = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
            sheets = [_stylesheet(letter, base, fetcher)] if shared_stylesheet else []
            document = source.render(font_config=font_config(), stylesheets=sheets, **options)
            _refuse_too_long(document, letter)
            _refuse_attachments(document, letter)
            problems = fit_problems(document.pages, letter)
            if problems:
                raise RenderError(problems)
            pdf: bytes = document.write_pdf(**options)
    except FailedResource as exc:
        raise RenderError.at(letter.name, str(exc)) from None
    except FatalURLFetchingError as exc:  # refused by the gatekeeper
        raise SafetyError.at(letter.name, str(exc)) from None
    except RenderError:
        _refusals(fetcher, letter)  # the cause of a warning, when it was a refusal
        raise
    _refusals(fetcher, letter)
    return pdf


def _refusals(fetcher: Gatekeeper, letter: Letter) -> None:
    """Fail the letter as refused if the gatekeeper refused anything, even where caught."""
    if fetcher.refused:
        raise SafetyError.at(letter.name, fetcher.refused[0])


class PdfRenderer:
    """Renders the letter as a PDF with WeasyPrint."""

    def __init__(self) -> None:
        self.loaded: dict[str, str] = {}

    def render(self, letter: Letter) -> bytes:
        """The PDF's bytes; the same letter gives the same bytes."""
        self.loaded = {}
        html = page_of(letter).unstyled
        return typeset(html, letter, shared_stylesheet=True, loaded=self.loaded)


RENDERER = PdfRenderer()
