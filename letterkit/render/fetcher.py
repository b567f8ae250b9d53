"""The one gatekeeper for every resource WeasyPrint loads into a PDF.

A stylesheet from someone else's template folder may point ``url()`` at
any file or address. Allowed are:

- ``data:`` URLs (the bytes are already in the document), up to a size;
- regular, non-hidden files inside the letter's resource folders (the spec's
  folder, the project root, the template folders and the built-in ones),
  read through the boundary (letterkit/boundary.py) like every other file;
- https only when the user passed ``--allow-remote``, and only from hosts
  whose every address is public (not loopback, private or link-local: a
  stylesheet must not reach the machine's or the office's own services);
  each redirect is checked the same way, the connection goes to the very
  address that was checked (a second lookup could answer 127.0.0.1: DNS
  rebinding), and bodies are capped like files.

and a raster image only when its header gives no more pixels than the cap
(render/pixels.py), before WeasyPrint decodes it.

Everything else is refused. A refused or failing resource stops the
rendering (WeasyPrint would only warn and leave a hole in the page): the
fetcher raises WeasyPrint's FatalURLFetchingError, whose message the PDF
renderer reports. Imported only by render/pdf.py, like WeasyPrint itself.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import ipaddress
import mimetypes
import socket
import ssl
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from letterkit import boundary
from letterkit.defaults import IMAGE_PIXELS, MAX_RESOURCE_BYTES
from letterkit.render.pixels import TooManyPixels, check_pixels

MAX_DATA_URL = 8 * 1024 * 1024
"""The longest data: URL a letter may hold (an inlined logo or font is well under this)."""
REMOTE = ("http", "https")
LOCAL_HOSTS = ("", "localhost")
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
REMOTE_SECONDS = 10.0
"""How long a remote resource may take to connect and to send each part of its answer."""


class Refused(Exception):
    """A resource the gatekeeper will not load, with the reason why."""


class RefusedResource(FatalURLFetchingError):  # type: ignore[misc]
    """A resource a safety rule does not let the letter load."""


class FailedResource(FatalURLFetchingError):  # type: ignore[misc]
    """An allowed resource that could not be loaded (missing, unreachable)."""


class Unavailable(Exception):
    """A remote resource that answered with an error (404, 500...)."""


class _Pinned(http.client.HTTPSConnection):
    """HTTPS to the address that was checked, with the host's name for its certificate."""

    def __init__(self, host: str, port: int, address: str) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=REMOTE_SECONDS, context=self.tls)
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


@functools.cache
def _data_fetcher() -> Any:
    """WeasyPrint's own fetcher, made once per process, for data: URLs (they load nothing).

    Redirects are not followed by it: remote resources are fetched by the
    gatekeeper, which checks every hop.
    """
    return weasyprint.URLFetcher(allow_redirects=False)


def _get(url: str, address: str, headers: Any) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    connection = _Pinned(parts.hostname or "", parts.port or 443, address)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    sent = {"User-Agent": "letterkit", **dict(headers or {})}
    sent.pop("Accept-Encoding", None)  # the body is read as sent: no compression
    connection.request("GET", target, headers=sent)
    return connection.getresponse()


class Gatekeeper(weasyprint.URLFetcher):  # type: ignore[misc]
    """Loads data: URLs and files inside the resource folders; refuses the rest."""

    def __init__(self, roots: tuple[Path, ...], allow_remote: bool = False) -> None:
        # Not URLFetcher's own set-up: it builds urllib's handlers (reading the
        # proxy settings from the environment), a third of a millisecond per
        # letter, for data: URLs only, which one shared fetcher reads instead.
        self._fail_on_errors = False  # what WeasyPrint reads of a fetcher: warn, not stop
        self.roots = tuple(dict.fromkeys(root.resolve() for root in roots))
        self.allow_remote = allow_remote
        self.loaded: dict[str, str] = {}
        """Every file served, by real path, with the SHA-256 of the bytes served: a letter
        is current only while these are unchanged (a stylesheet's url(), an SVG's image)."""
        self.refused: list[str] = []
        """What was refused: WeasyPrint catches the error inside an SVG (an <image>
        of a logo) and leaves only a warning, which would not say why."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch an allowed URL; stop the rendering on any other."""
        try:
            return self._fetch(url, headers)
        except (Refused, TooManyPixels) as exc:
            self.refused.append(f"refused to load {_short(url)}: {exc}")
            raise RefusedResource(self.refused[-1]) from None
        except Exception as exc:  # anything else that fails to load fails the letter
            reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
            raise FailedResource(f"could not load {_short(url)}: {reason}") from None

    def _fetch(self, url: str, headers: Any) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL:
                raise Refused(f"a data: URL longer than {MAX_DATA_URL >> 20} MB")
            return _measured(_data_fetcher().fetch(url, headers))
        if scheme == "file":
            return self._file(url)
        if scheme in REMOTE:
            if not self.allow_remote:
                raise Refused("network access is off; pass --allow-remote to allow it")
            return self._remote(url, headers)
        raise Refused(f'"{scheme}:" URLs are not allowed')

    def _remote(self, url: str, headers: Any) -> URLFetcherResponse:
        for _ in range(MAX_REDIRECTS + 1):
            address = _public_address(url)
            response = _get(url, address, headers)
            try:
                location = response.getheader("Location")
                if response.status in REDIRECTS and location:
                    url = urljoin(url, location)
                    continue
                if response.status >= 400:
                    raise Unavailable(f"{response.status} {response.reason}")
                body = _capped(response)
            finally:
                response.close()
            return URLFetcherResponse(url, body, dict(response.getheaders()), response.status)
        raise Refused(f"more than {MAX_REDIRECTS} redirects")

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in LOCAL_HOSTS:
            raise Refused("files on other hosts are not allowed")
        path = Path(url2pathname(parts.path))
        if ".." in path.parts:
            raise Refused('".." is not allowed in a resource path')
        try:
            body = boundary.read_bytes(path, self.roots, MAX_RESOURCE_BYTES)
        except boundary.TooLarge:
            raise Refused(f"larger than {MAX_RESOURCE_BYTES >> 20} MB") from None
        except boundary.Refused as exc:
            raise Refused(_reason(exc)) from None
        self.loaded[str(boundary.real(path))] = hashlib.sha256(body).hexdigest()
        check_pixels(body, IMAGE_PIXELS)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": kind})


def _reason(exc: boundary.Refused) -> str:
    """The boundary's rule, worded for a resource of the letter."""
    message = exc.problems[0].message.removeprefix("refused: ")
    if message.startswith("it leads outside"):
        return "outside the letter's folders (the spec's folder, the project and the templates)"
    if message == boundary.HIDDEN:
        return "hidden files and folders are not loaded"
    return message


def _public_address(url: str) -> str:
    """The address to connect to; refused unless https and every address of the host is public.

    Every address the host resolves to is checked, so a name that also
    points at 127.0.0.1 is refused, and the connection goes to one of them.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        raise Refused("only https: URLs are loaded from the network")
    host = parts.hostname or ""
    found = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if not ip.is_global:
            raise Refused(f"{host} is a local or private address ({ip})")
    return str(found[0][4][0])


def _capped(response: http.client.HTTPResponse) -> bytes:
    """The body, at most the largest resource a letter may load."""
    body = response.read(MAX_RESOURCE_BYTES + 1)
    if len(body) > MAX_RESOURCE_BYTES:
        raise Refused(f"larger than {MAX_RESOURCE_BYTES >> 20} MB")
    return body


def _measured(response: Any) -> URLFetcherResponse:
    """A data: URL's response, its image measured before anything decodes it."""
    body = response.read()
    check_pixels(body, IMAGE_PIXELS)
    return URLFetcherResponse(response.url, body, response.headers, response.status)


def _short(url: str) -> str:
    """A URL short enough for a one-line message (data: URLs can be huge)."""
    return url if len(url) <= 120 else url[:117] + "..."
