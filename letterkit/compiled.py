"""Compiled templates kept on disk, so a run does not compile every template again.

Jinja turns each template into Python code and compiles it, which costs a cold
text letter more than its own composing (and a cold PDF as much again for its
layout template). The code is kept in the user's cache folder
(``$XDG_CACHE_HOME/letterkit/templates``, by default ``~/.cache``), one file
per template and environment (the part templates' and the autoescaping layout
sandbox's compile the same text differently), valid for one template text (its
SHA-1, as Jinja keys it), one letterkit, Jinja and Python version.

A cache entry is code that runs, so it is only read from a folder that is
this user's own and no one else's (mode 0700, not a symlink), from a regular
file this user owns, opened without following a symlink, whose payload
matches the digest written before it. Anything else (an absent or foreign
folder, a corrupt, truncated or foreign entry) is ignored and the template is
compiled as without a cache. Entries are written to a temporary file and
renamed, so a reader sees a whole entry or none.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from letterkit import __version__

MAX_ENTRY_BYTES = 16 * 1024 * 1024
"""A compiled template is some kilobytes; a larger file is not one of ours."""
_DIGEST = hashlib.sha256().digest_size
COMPILERS = ("sandbox.py", "compiled.py", "compose/environment.py", "page/sandbox.py")
"""The modules that decide what a template compiles to (paths in the package): a change to
one (in a checkout, before the version moves on) makes every entry stale."""


@functools.cache
def _compiler_stamp() -> str:
    here = Path(__file__).parent
    stamps = []
    for name in COMPILERS:
        with contextlib.suppress(OSError):
            info = (here / name).stat()
            stamps.append(f"{info.st_mtime_ns}:{info.st_size}")
    return " ".join(stamps)


def cache_folder() -> Path:
    """Where compiled templates are kept for this user."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "letterkit" / "templates"


def _ours(info: os.stat_result) -> bool:
    uid = getattr(os, "getuid", None)
    return uid is None or info.st_uid == uid()


def _private_folder(folder: Path) -> bool:
    """Whether the folder exists (made if not) as this user's own, and no one else's."""
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _ours(info) and not info.st_mode & 0o077


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache in a private folder, every entry checked before it is used."""

    def __init__(self, folder: Path | None = None, kind: str = "parts") -> None:
        self._folder = folder
        self.kind = kind
        """Which environment compiles the templates: its entries are its own."""
        self._usable: bool | None = None
        self._memory: dict[str, tuple[str, CodeType]] = {}

    @property
    def folder(self) -> Path:
        """The cache folder, read from the environment when first needed."""
        if self._folder is None:
            self._folder = cache_folder()
        return self._folder

    def usable(self) -> bool:
        """Whether the folder may be read and written (checked once)."""
        if self._usable is None:
            self._usable = _private_folder(self.folder)
        return self._usable

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """One entry per template file and environment, and per version of what compiles it."""
        versions = (__version__, _compiler_stamp(), jinja2.__version__)
        where = (sys.implementation.cache_tag, self.kind, name, filename or "")
        key = "\0".join((*versions, *where))
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    def _header(self, bucket: Bucket) -> bytes:
        return f"letterkit-template {bucket.key} {bucket.checksum}\n".encode("ascii")

    def load_bytecode(self, bucket: Bucket) -> None:
        """The compiled code of a template, if a whole entry for this very text is kept."""
        kept = self._memory.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        if not self.usable():
            return
        data = _read(self.folder / bucket.key)
        header = self._header(bucket)
        if data is None or not data.startswith(header):
            return
        digest, payload = data[len(header) : len(header) + _DIGEST], data[len(header) + _DIGEST :]
        if hashlib.sha256(payload).digest() != digest:
            return
        try:
            code = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code
            self._memory[bucket.key] = (bucket.checksum, code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a template's compiled code; a folder that cannot be written is no error."""
        if bucket.code is None:
            return
        self._memory[bucket.key] = (bucket.checksum, bucket.code)
        if not self.usable():
            return
        payload = marshal.dumps(bucket.code)
        data = self._header(bucket) + hashlib.sha256(payload).digest() + payload
        with contextlib.suppress(OSError):
            _write(self.folder / bucket.key, data)

    def clear(self) -> None:
        """Forget every compiled template (Jinja's interface; letterkit never calls it)."""
        self._memory.clear()
        if self.usable():
            for path in self.folder.iterdir():
                with contextlib.suppress(OSError):
                    path.unlink()


def _read(path: Path) -> bytes | None:
    """A regular file of this user's, not through a symlink; None for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not (stat.S_ISREG(info.st_mode) and _ours(info)) or info.st_size > MAX_ENTRY_BYTES:
            return None
        try:
            return file.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None


def _write(path: Path, data: bytes) -> None:
    """Write a whole entry under a temporary name, then rename it into place."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
