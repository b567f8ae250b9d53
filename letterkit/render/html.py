"""HTML: the document that becomes the PDF, for preview and debugging.

The page is laid out before rendering (letterkit/page: the layout template in
its sandbox); this renderer writes it as it is, stylesheet inside.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from letterkit.document import Letter
from letterkit.render import page_of


class HtmlRenderer:
    """Renders the letter as a standalone HTML document."""

    loaded: Mapping[str, str] = MappingProxyType({})
    """Text and HTML load no file: the HTML refers to its images by address."""

    def render(self, letter: Letter) -> bytes:
        """The HTML document as UTF-8 bytes."""
        return page_of(letter).html.encode("utf-8")


RENDERER = HtmlRenderer()
