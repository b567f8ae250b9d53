"""Compiled templates kept on disk, so a run does not compile every template again.

Jinja turns each template into Python code and compiles it, which costs a cold
text letter more than its own composing (and a cold PDF as much again for its
layout template). The code is kept in the user's cache folder
(``$XDG_CACHE_HOME/letterkit/templates``, by default ``~/.cache``), one file
per template and environment (the part templates' and the autoescaping layout
sandbox's compile the same text differently), valid for one template text (its
SHA-1, as Jinja keys it), one letterkit, Jinja and Python version.

A cache entry is code that runs, so it is only read as letterkit/usercache.py
reads entries (this user's own folder and file, no symlink), and only when its
payload matches the digest written before it. Anything else (an absent or
foreign folder, a corrupt, truncated or foreign entry) is ignored and the
template is compiled as without a cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from letterkit import __version__, usercache

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
    return usercache.cache_folder("templates")


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
            self._usable = usercache.private_folder(self.folder)
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
        data = usercache.read(self.folder / bucket.key)
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
            usercache.write(self.folder / bucket.key, data)

    def clear(self) -> None:
        """Forget every compiled template (Jinja's interface; letterkit never calls it)."""
        self._memory.clear()
        if self.usable():
            for path in self.folder.iterdir():
                with contextlib.suppress(OSError):
                    path.unlink()
