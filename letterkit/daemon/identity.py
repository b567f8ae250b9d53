"""What the worker is made of, so that a changed install is noticed on the next request.

Every file the worker has loaded: letterkit's modules (all of them, loaded
or not), every other Python module (WeasyPrint, pydyf, Babel, fontTools...),
every mapped shared library (Pango, HarfBuzz, fontconfig, Python itself)
and fontconfig's caches, plus the font folders. An upgrade replaces or
rewrites these files, and a new font changes its folder, so comparing each
one's device, inode, size and change time with what they were at start-up
tells a stale worker without reading a byte (a few milliseconds a request).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import letterkit

FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")

Stamp = tuple[int, int, int, int]
Identity = dict[str, Stamp | None]


def _stamp(path: str) -> Stamp | None:
    try:
        # Not Path(path).stat(): making a Path per file was most of the check's time.
        info = os.stat(path)  # noqa: PTH116
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


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
    return {path: _stamp(path) for path in paths}


def changed(before: Identity) -> str | None:
    """The first file that is not as it was, or None."""
    return next((path for path, stamp in before.items() if _stamp(path) != stamp), None)
