"""The user's cache folder: entries read only when they are this user's own, written whole.

Caches live under ``$XDG_CACHE_HOME/letterkit`` (by default ``~/.cache``), one
subfolder each. An entry may decide what runs or what is skipped, so it is only
read from a folder that is this user's own and no one else's (mode 0700, not a
symlink), from a regular file this user owns, opened without following a
symlink. Entries are written to a temporary file and renamed, so a reader sees
a whole entry or none. A folder that cannot be made or used is no error: the
caller works as without a cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

MAX_ENTRY_BYTES = 16 * 1024 * 1024
"""An entry is some kilobytes; a larger file is not one of ours."""


def cache_folder(name: str) -> Path:
    """Where the cache ``name`` is kept for this user."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "letterkit" / name


def _ours(info: os.stat_result) -> bool:
    uid = getattr(os, "getuid", None)
    return uid is None or info.st_uid == uid()


def private_folder(folder: Path) -> bool:
    """Whether the folder exists (made if not) as this user's own, and no one else's."""
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _ours(info) and not info.st_mode & 0o077


def read(path: Path) -> bytes | None:
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


def write(path: Path, data: bytes) -> None:
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
