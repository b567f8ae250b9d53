"""The one boundary for every byte a run reads: inside its folders, regular files, capped.

Specs, templates and letterkit.toml may come from someone else's repository,
so what they name is not trusted to stay put. Every read of a run goes
through here:

- a path is resolved with its symlinks (``realpath``) and must land inside
  one of the folders it may come from (its *roots*: the project, a template
  folder, the built-in templates), and no part of it below that root may be
  hidden (``.git/config``, ``.env``);
- only regular files are read: a device (``/dev/zero``), a pipe (a FIFO
  that would hang the run) or a socket is refused, judged on the opened
  file itself, so nothing can be swapped in between the check and the read;
- every read is capped: one byte past the cap is read, never the file's
  claimed size, and a file over it is refused.

A path the user typed on the command line (a spec, ``--data``,
``--templates``, ``-o``) is the user's own choice and may point anywhere;
but a path inside the project must resolve inside it, whoever named it. A
refusal is a SafetyError (exit 3) naming the path and the rule.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from letterkit.errors import SafetyError

CHUNK = 1024 * 1024
HIDDEN = "hidden files and folders are not read"
MAX_WALK_FILES = 10_000
"""Files a template folder may hold: a letter's templates are a few dozen."""


class Refused(SafetyError):
    """A read the boundary does not allow: outside its folders, hidden, not a file, too large."""


class TooLarge(Refused):
    """A file over the cap of what it was read as."""


class NotRegular(Refused):
    """A device, a pipe or a socket where a file was expected."""


def real(path: Path) -> Path:
    """The path with every symlink resolved (the file need not exist)."""
    return Path(os.path.realpath(path))


def lexical(path: Path) -> Path:
    """The absolute path as written, ``..`` folded, symlinks not followed."""
    return Path(os.path.normpath(path.absolute()))


def _root_of(resolved: Path, roots: Sequence[Path]) -> Path | None:
    return next((root for root in roots if resolved.is_relative_to(root)), None)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def resolve(path: Path, roots: Sequence[Path]) -> Path:
    """The real path of ``path``, refused unless it stays inside one of ``roots``, unhidden.

    With no roots (a path the user typed), only the resolution is done.
    """
    resolved = real(path)
    if not roots:
        return resolved
    real_roots = [real(root) for root in roots]
    root = _root_of(resolved, real_roots)
    if root is None:
        raise Refused.at(path, "refused: it leads outside the project and its template folders")
    given = lexical(path)
    written = _root_of(given, [lexical(r) for r in roots])
    if _hidden(resolved, root) or (written is not None and _hidden(given, written)):
        raise Refused.at(path, f"refused: {HIDDEN}")
    return resolved


def confined(path: Path, root: Path) -> Path:
    """A path that lies inside ``root`` as written must resolve inside it too.

    For paths the user gives on the command line: outside the project they
    are the user's own choice; inside it, a committed symlink must not lead out.
    """
    if lexical(path).is_relative_to(lexical(root)):
        return resolve(path, [root])
    return real(path)


@contextmanager
def _opened(path: Path, roots: Sequence[Path]) -> Iterator[BinaryIO]:
    """A regular file inside ``roots``, opened; judged on the opened file itself."""
    resolved = resolve(path, roots)
    # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(resolved, flags)
    with os.fdopen(fd, "rb") as stream:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(kind):
            raise NotRegular.at(path, "refused: not a regular file (a device, a pipe or a socket)")
        yield stream


def read_bytes(path: Path, roots: Sequence[Path], limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file inside ``roots``.

    OSError for a file that is missing or cannot be read; IsADirectoryError
    for a folder; Refused for what the boundary does not allow.
    """
    with _opened(path, roots) as stream:
        # One byte past the cap, never the size the file claims.
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge.at(path, f"refused: larger than {limit} bytes")
    return data


_STDIN: list[bytes] = []
"""Standard input, once read: a spec given as "-" may be loaded more than once a run."""


def read_stdin(limit: int) -> bytes:
    """At most ``limit`` bytes of standard input, read once per process."""
    if not _STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        _STDIN.append(b"" if stream is None else stream.read(limit + 1))
    if len(_STDIN[0]) > limit:
        raise TooLarge.at(Path("<stdin>"), f"refused: larger than {limit} bytes")
    return _STDIN[0]


def digest(path: Path, roots: Sequence[Path], limit: int) -> str | None:
    """The SHA-256 of a file read as read_bytes reads it; None when it cannot or may not be."""
    sha = hashlib.sha256()
    try:
        with _opened(path, roots) as stream:
            read = 0
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > limit:
                    return None
                sha.update(chunk)
    except (OSError, Refused):
        return None
    return sha.hexdigest()


def read_text(path: Path, roots: Sequence[Path], limit: int) -> str:
    """A regular file's UTF-8 text, read as read_bytes reads it (UnicodeDecodeError if not)."""
    return read_bytes(path, roots, limit).decode("utf-8")


def is_file(path: Path, roots: Sequence[Path]) -> bool:
    """Whether a regular file stands at ``path``; Refused when it leads where reads may not."""
    if not os.path.lexists(path):
        return False
    resolved = resolve(path, roots)
    try:
        return stat.S_ISREG(resolved.stat().st_mode)
    except OSError:
        return False


def walk(folder: Path, roots: Sequence[Path], suffixes: frozenset[str]) -> Iterator[Path]:
    """Every file with one of ``suffixes`` below a folder, in a stable order.

    Hidden files and folders are skipped, symlinked folders are not
    followed, and a folder holding more than MAX_WALK_FILES files is refused.
    """
    seen = 0
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        seen += len(files)
        if seen > MAX_WALK_FILES:
            raise Refused.at(folder, f"refused: more than {MAX_WALK_FILES} files in the folder")
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                yield Path(top, name)


__all__ = [
    "HIDDEN",
    "MAX_WALK_FILES",
    "NotRegular",
    "Refused",
    "TooLarge",
    "confined",
    "digest",
    "is_file",
    "lexical",
    "read_bytes",
    "read_text",
    "real",
    "resolve",
    "walk",
]
