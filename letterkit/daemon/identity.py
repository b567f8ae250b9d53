"""What the worker is made of, so that a changed install is noticed on the next request.

Every file the worker has loaded: letterkit's modules (all of them, loaded
or not), every other Python module (WeasyPrint, pydyf, Babel, fontTools...),
every mapped shared library (Pango, HarfBuzz, fontconfig, Python itself)
and fontconfig's caches, plus the font folders. An upgrade replaces or
rewrites these files, and a new font changes its folder, so comparing each
one's device, inode, size and change time with what they were at start-up
tells a stale worker without reading a byte (a few milliseconds a request).

The identity is kept packed, all paths in one string and all stamps in one
byte string: each request's process is forked from the worker, and a
thousand paths and stamps kept as objects of their own were a thousand
scattered objects it touched, and so copied, to check them.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import letterkit

FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")

_STAMP = struct.Struct("=QQQq")
"""A file's device, inode, size and modification time (ns, before 1970 negative)."""
_MISSING = b"\xff" * _STAMP.size
_SEPARATOR = "\0"  # no path holds it


@dataclass(frozen=True)
class Identity:
    """The files' paths and their stamps, in the same order."""

    paths: str
    """The paths, joined by NUL."""
    stamps: bytes
    """Their stamps, one after the other."""


def _stamp(path: str) -> bytes:
    try:
        # Not Path(path).stat(): making a Path per file was most of the check's time.
        info = os.stat(path)  # noqa: PTH116
    except OSError:
        return _MISSING
    return _STAMP.pack(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _modules() -> set[str]:
    files = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    package = Path(letterkit.__file__).parent
    return {f for f in files if isinstance(f, str)} | {str(p) for p in package.rglob("*.py")}


def _mapped() -> set[str]:
    """The files mapped into this process: shared libraries, fontconfig's caches."""
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return set()
    fields = (line.split(maxsplit=5) for line in lines)
    return {f[5] for f in fields if len(f) == 6 and f[5].startswith("/")}


def _font_folders() -> set[str]:
    folders = set()
    for top in FONT_FOLDERS:
        for root, _dirs, _files in os.walk(Path(top).expanduser()):
            folders.add(root)
    return folders


def files() -> list[str]:
    """Every file and folder the identity covers."""
    return sorted(_modules() | _mapped() | _font_folders() | {sys.executable})


def take(paths: list[str]) -> Identity:
    """The identity of these files now."""
    return Identity(_SEPARATOR.join(paths), b"".join(map(_stamp, paths)))


def changed(before: Identity) -> str | None:
    """The first file that is not as it was, or None."""
    paths = before.paths.split(_SEPARATOR)
    now = b"".join(map(_stamp, paths))
    if now == before.stamps:
        return None
    size = _STAMP.size
    return next(
        path
        for i, path in enumerate(paths)
        if now[i * size : (i + 1) * size] != before.stamps[i * size : (i + 1) * size]
    )
