"""The one gatekeeper for every resource WeasyPrint loads into a PDF.

A stylesheet from someone else's template folder may point ``url()`` at
any file or address. Allowed are:

- ``data:`` URLs (the bytes are already in the document);
- regular, non-hidden files inside the letter's resource folders (the spec's
  folder, the project root, the template folders and the built-in ones),
  after symlinks are resolved, opened by the checked path itself;
- http(s) only when the user passed ``--allow-remote``;

and a raster image only when its header gives no more pixels than the cap
(render/pixels.py), before WeasyPrint decodes it.

Everything else is refused. A refused or failing resource stops the
rendering (WeasyPrint would only warn and leave a hole in the page): the
fetcher raises WeasyPrint's FatalURLFetchingError, whose message the PDF
renderer reports. Imported only by render/pdf.py, like WeasyPrint itself.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from letterkit.defaults import IMAGE_PIXELS
from letterkit.render.pixels import TooManyPixels, check_pixels

MAX_RESOURCE_BYTES = 32 * 1024 * 1024
"""The largest file a letter may load (a logo or a font is well under this)."""
REMOTE = ("http", "https")
LOCAL_HOSTS = ("", "localhost")


class Refused(Exception):
    """A resource the gatekeeper will not load, with the reason why."""


class RefusedResource(FatalURLFetchingError):  # type: ignore[misc]
    """A resource a safety rule does not let the letter load."""


class FailedResource(FatalURLFetchingError):  # type: ignore[misc]
    """An allowed resource that could not be loaded (missing, unreachable)."""


class Gatekeeper(weasyprint.URLFetcher):  # type: ignore[misc]
    """Loads data: URLs and files inside the resource folders; refuses the rest."""

    def __init__(self, roots: tuple[Path, ...], allow_remote: bool = False) -> None:
        super().__init__()
        self.roots = tuple(dict.fromkeys(root.resolve() for root in roots))
        self.allow_remote = allow_remote

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch an allowed URL; stop the rendering on any other."""
        try:
            return self._fetch(url, headers)
        except (Refused, TooManyPixels) as exc:
            raise RefusedResource(f"refused to load {_short(url)}: {exc}") from None
        except Exception as exc:  # anything else that fails to load fails the letter
            reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
            raise FailedResource(f"could not load {_short(url)}: {reason}") from None

    def _fetch(self, url: str, headers: Any) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return _measured(super().fetch(url, headers))
        if scheme == "file":
            return self._file(url)
        if scheme in REMOTE:
            if not self.allow_remote:
                raise Refused("network access is off; pass --allow-remote to allow it")
            return super().fetch(url, headers)
        raise Refused(f'"{scheme}:" URLs are not allowed')

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in LOCAL_HOSTS:
            raise Refused("files on other hosts are not allowed")
        path = Path(url2pathname(parts.path))
        if ".." in path.parts:
            raise Refused('".." is not allowed in a resource path')
        resolved = path.resolve(strict=True)
        self._check_inside(resolved)
        if not resolved.is_file():
            raise Refused("not a regular file")
        with resolved.open("rb") as stream:
            body = stream.read(MAX_RESOURCE_BYTES + 1)
        if len(body) > MAX_RESOURCE_BYTES:
            raise Refused(f"larger than {MAX_RESOURCE_BYTES >> 20} MB")
        check_pixels(body, IMAGE_PIXELS)
        kind = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": kind})

    def _check_inside(self, resolved: Path) -> None:
        for root in self.roots:
            if resolved.is_relative_to(root):
                if any(p.startswith(".") for p in resolved.relative_to(root).parts):
                    raise Refused("hidden files and folders are not loaded")
                return
        raise Refused(
            "outside the letter's folders (the spec's folder, the project and the templates)"
        )


def _measured(response: Any) -> URLFetcherResponse:
    """A data: URL's response, its image measured before anything decodes it."""
    body = response.read()
    check_pixels(body, IMAGE_PIXELS)
    return URLFetcherResponse(response.url, body, response.headers, response.status)


def _short(url: str) -> str:
    """A URL short enough for a one-line message (data: URLs can be huge)."""
    return url if len(url) <= 120 else url[:117] + "..."
