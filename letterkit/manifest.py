"""The record of what letterkit wrote into an output folder.

Each output folder holds a small manifest, ``.letterkit.json``, naming every
file letterkit wrote there with the SHA-256 of its bytes and a fingerprint
of the inputs it was made from. It answers two questions:

- may this file be overwritten? Only when letterkit wrote it and it has not
  been changed since (a file someone else put there is left alone);
- is this output current? When its recorded inputs fingerprint matches, a
  re-render can be skipped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterkit.output import write_atomic

MANIFEST = ".letterkit.json"
VERSION = 1
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
"""Some hundred bytes per file: room for a million letters in one folder."""
log = logging.getLogger("letterkit")


def digest(data: bytes) -> str:
    """The SHA-256 of some bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def _files(raw: bytes) -> dict[str, dict[str, Any]] | None:
    """The entries of a manifest's bytes, or None if they are not a manifest of ours."""
    if len(raw) > MAX_MANIFEST_BYTES:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    # Recorded values are text: anything else was not written by letterkit.
    ours = all(
        isinstance(entry, dict) and all(isinstance(v, str | None) for v in entry.values())
        for entry in files.values()
    )
    return files if ours else None


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


@dataclass
class Manifest:
    """What letterkit wrote into one folder."""

    folder: Path
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest; an absent or unreadable one is empty (trust nothing).

        A manifest is a cache, not an authority: a broken or hostile one (not
        JSON, nested beyond Python's stack, gigabytes long, a FIFO) only means the files
        it named are no longer recognised, which is said once.
        """
        path = folder / MANIFEST
        try:
            # Without waiting: a FIFO put there would otherwise hang every run.
            with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
                regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
                raw = stream.read(MAX_MANIFEST_BYTES + 1) if regular else b""
        except OSError:
            return cls(folder)
        files = _files(raw)
        if files is None:
            log.warning(
                "%s: unreadable, so ignored; files letterkit wrote here are left alone "
                "(pass --force to overwrite them)",
                path,
            )
        return cls(folder, files or {})

    def _entry(self, target: Path) -> dict[str, Any]:
        entry = self.files.get(target.name)
        return entry if isinstance(entry, dict) else {}

    def owns(self, target: Path) -> bool:
        """Whether letterkit may write ``target``: it is absent, or letterkit's unchanged output."""
        if not target.exists() and not target.is_symlink():
            return True
        if target.is_symlink() or not target.is_file():
            return False
        entry = self._entry(target)
        known = {entry.get("sha256"), entry.get("pending")} - {None}
        return _file_digest(target) in known

    def current(self, target: Path, inputs: str) -> bool:
        """Whether ``target`` exists, is letterkit's, and was made from these inputs."""
        entry = self._entry(target)
        return (
            target.is_file()
            and not target.is_symlink()
            and entry.get("inputs") == inputs
            and entry.get("sha256") == _file_digest(target)
        )

    def expect(self, target: Path, data: bytes) -> None:
        """Note that letterkit is about to write ``data`` to ``target``.

        Saved before the write, it lets the next run recognise the new file
        as letterkit's even if this run is killed before it records it.
        """
        self.files[target.name] = {**self._entry(target), "pending": digest(data)}

    def record(self, target: Path, data: bytes, inputs: str | None = None) -> None:
        """Note that letterkit wrote ``data`` to ``target``."""
        self.files[target.name] = {"sha256": digest(data), "inputs": inputs}

    @property
    def path(self) -> Path:
        """Where the manifest file lives."""
        return self.folder / MANIFEST

    def save(self) -> None:
        """Write the manifest atomically."""
        body = {"version": VERSION, "files": dict(sorted(self.files.items()))}
        write_atomic(self.path, (json.dumps(body, indent=1) + "\n").encode())
