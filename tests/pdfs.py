"""Looking into rendered PDFs with pypdf: text, fonts, structure tags, WeasyPrint's log."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdf

ZWNJ = "\u200c"


def reader(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(path)


def text(pdf: pypdf.PdfReader) -> str:
    """The extracted text; zero-width non-joiners are dropped, as extraction drops them."""
    return "\n".join(page.extract_text() for page in pdf.pages).replace(ZWNJ, "")


def fonts(pdf: pypdf.PdfReader) -> set[str]:
    """Embedded font names without their subset prefix, e.g. Noto-Naskh-Arabic."""
    names = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            obj = font.get_object()
            descriptor = obj.get("/FontDescriptor") or obj["/DescendantFonts"][0].get_object().get(
                "/FontDescriptor"
            )
            assert descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ), f"{obj['/BaseFont']} is not embedded"
            names.add(re.sub(r"^/[A-Z]{6}\+", "", str(obj["/BaseFont"])))
    return names


def _walk(node: Any, found: list[dict[str, Any]]) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for item in node:
            _walk(item, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        found.append(dict(node))
        if "/K" in node:
            _walk(node["/K"], found)


def structure(pdf: pypdf.PdfReader) -> list[dict[str, Any]]:
    """Every structure element of a tagged PDF, depth first."""
    found: list[dict[str, Any]] = []
    _walk(pdf.trailer["/Root"]["/StructTreeRoot"], found)
    return found


def figure_alts(pdf: pypdf.PdfReader) -> list[str]:
    """The alternative texts of the Figure elements (images)."""
    return [str(e["/Alt"]) for e in structure(pdf) if e.get("/S") == "/Figure" and "/Alt" in e]


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def weasyprint_log() -> Iterator[list[logging.LogRecord]]:
    """Everything WeasyPrint logs at warning level or above while the block runs."""
    handler = _Records()
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
