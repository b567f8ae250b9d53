"""The record of what letterkit wrote into an output folder: a cache, never a permission.

Two records are kept for each output folder:

- this machine's own record, in letterkit's state folder
  (``$XDG_STATE_HOME/letterkit/records/``, by default ``~/.local/state``),
  naming every file letterkit wrote there with the SHA-256 of its bytes,
  the fingerprint of the inputs it was made from, and the digests it was
  about to write when a run was stopped. It alone answers the two questions
  that matter: may this file be overwritten (letterkit wrote it here and it
  is unchanged since), and is this output current (same inputs, same bytes);
- ``.letterkit.json`` in the folder itself, the same facts for people and
  for git. Anyone who can commit can write it, so nothing is decided by it:
  a record that lies can only cause a letter to be made again.

Both are saved under one lock per folder, each save re-reading and merging
what other runs recorded meanwhile, so concurrent runs lose no entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterkit import boundary
from letterkit.defaults import MAX_OUTPUT_BYTES, MAX_RESOURCE_BYTES
from letterkit.errors import LetterkitError
from letterkit.output import write_atomic

log = logging.getLogger("letterkit")

MANIFEST = ".letterkit.json"
VERSION = 1
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
"""A record of a million letters; a larger one is not a record letterkit wrote."""
MAX_PENDING = 8
"""Digests kept for files a run was about to write (runs killed one after another)."""
STATE = "letterkit"

Entries = dict[str, dict[str, Any]]


def digest(data: bytes) -> str:
    """The SHA-256 of some bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of an output file's bytes, or None when it cannot be read."""
    return boundary.digest(path, (), MAX_OUTPUT_BYTES)


def state_folder() -> Path:
    """Where letterkit keeps this machine's records: outside every project."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / STATE / "records"


def _read_entries(path: Path, say: bool = False) -> Entries:
    """The entries of a record file; an absent, unreadable or malformed one holds none.

    A record is a cache: a broken or hostile one (not JSON, nested beyond
    Python's stack, gigabytes long, a FIFO) only means its entries are not
    known, which is said once when ``say``.
    """
    try:
        raw = boundary.read_bytes(path, (), MAX_MANIFEST_BYTES)
    except FileNotFoundError:
        return {}
    except (OSError, LetterkitError):
        raw = b""
    entries = _entries(raw)
    if entries is None:
        if say:
            log.warning("%s: unreadable, so ignored and written anew", path)
        return {}
    return entries


def _entries(raw: bytes) -> Entries | None:
    """The entries of a record's bytes, or None when they are not a record of ours."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("version") == VERSION else None
    if not isinstance(files, dict):
        return None
    ours = all(isinstance(k, str) and _an_entry(v) for k, v in files.items())
    return files if ours else None


def _an_entry(entry: Any) -> bool:
    """Whether a value is an entry as letterkit writes one: text digests, a list, a mapping."""
    if not isinstance(entry, dict):
        return False
    texts = all(isinstance(entry.get(k), str | None) for k in ("sha256", "inputs"))
    pending = entry.get("pending", [])
    loaded = entry.get("loaded", {})
    return (
        texts
        and isinstance(pending, list)
        and all(isinstance(p, str) for p in pending)
        and isinstance(loaded, dict)
        and all(isinstance(v, str) for v in loaded.values())
    )


def _save_entries(path: Path, entries: Entries, extra: dict[str, str]) -> None:
    body = {"version": VERSION, **extra, "files": dict(sorted(entries.items()))}
    write_atomic(path, (json.dumps(body, indent=1) + "\n").encode())


def _unchanged(loaded: Any) -> bool:
    """Whether every file a letter loaded still holds what it held (none recorded: yes)."""
    if loaded is None:
        return True
    if not isinstance(loaded, dict):
        return False
    return all(
        isinstance(sha, str) and boundary.digest(Path(path), (), MAX_RESOURCE_BYTES) == sha
        for path, sha in loaded.items()
    )


@dataclass
class Manifest:
    """What letterkit wrote into one folder, as this machine recorded it."""

    folder: Path
    files: Entries = field(default_factory=dict)
    """This machine's record: the only one trusted."""
    changed: Entries = field(default_factory=dict)
    """The entries this run set, merged into both records when saved."""

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's record on this machine; none yet means nothing is letterkit's."""
        return cls(folder, _read_entries(cls._record_of(folder)))

    @staticmethod
    def _record_of(folder: Path) -> Path:
        key = hashlib.sha256(str(boundary.real(folder)).encode()).hexdigest()[:32]
        return state_folder() / f"{key}.json"

    def _entry(self, target: Path) -> dict[str, Any]:
        return self.files.get(target.name) or {}

    def owns(self, target: Path) -> bool:
        """Whether letterkit may write ``target``: it is absent, or letterkit's unchanged output."""
        if not target.exists() and not target.is_symlink():
            return True
        if target.is_symlink() or not target.is_file():
            return False
        entry = self._entry(target)
        pending = entry.get("pending")
        known: set[Any] = {entry.get("sha256")}
        known.update(pending if isinstance(pending, list) else [])
        found = file_digest(target)
        return found is not None and found in known

    def current(self, target: Path, inputs: str) -> bool:
        """Whether ``target`` exists, is letterkit's, and was made from these inputs.

        The inputs' fingerprint is known before a letter is made; what its PDF
        loaded besides (a stylesheet's url(), an image inside an SVG) only after,
        so those files are recorded with the letter and checked here.
        """
        entry = self._entry(target)
        return (
            target.is_file()
            and not target.is_symlink()
            and entry.get("inputs") == inputs
            and entry.get("sha256") == file_digest(target)
            and _unchanged(entry.get("loaded"))
        )

    def _set(self, target: Path, entry: dict[str, Any]) -> None:
        self.files[target.name] = self.changed[target.name] = entry

    def expect(self, target: Path, data: bytes) -> None:
        """Note that letterkit is about to write ``data`` to ``target``.

        Saved before the write, it lets the next run recognise the new file
        as letterkit's even if this run is killed before it records it; every
        such digest is kept (up to MAX_PENDING), however often runs are killed.
        """
        entry = dict(self._entry(target))
        pending = entry.get("pending")
        kept: list[Any] = pending if isinstance(pending, list) else []
        entry["pending"] = [*kept, digest(data)][-MAX_PENDING:]
        self._set(target, entry)

    def record(
        self,
        target: Path,
        data: bytes,
        inputs: str | None = None,
        loaded: dict[str, str] | None = None,
        spec: Path | None = None,
    ) -> None:
        """Note that letterkit wrote ``data`` to ``target``, made from ``inputs`` and ``loaded``."""
        entry: dict[str, Any] = {"sha256": digest(data), "inputs": inputs}
        if loaded:
            entry["loaded"] = loaded
        if spec is not None:  # what --prune asks: is this file's letter still in the run?
            entry["spec"] = str(spec.resolve())
        self._set(target, entry)

    def forget(self, target: Path) -> None:
        """Note that letterkit removed ``target`` (render --prune)."""
        self._set(target, {})

    @property
    def path(self) -> Path:
        """Where the folder's shared record lives."""
        return self.folder / MANIFEST

    def save(self, publish: bool = True) -> None:
        """Merge this run's entries into this machine's record and, if ``publish``, the folder's.

        Before a group of files is written only this machine's record is
        saved (the digests about to be written); the folder's follows after.
        """
        record = self._record_of(self.folder)
        with _locked(record):
            if publish:
                shared = _read_entries(self.path, say=True) | {
                    name: {"sha256": e.get("sha256"), "inputs": e.get("inputs")}
                    for name, e in self.changed.items()
                    if "sha256" in e
                }
                for name in [n for n, e in self.changed.items() if not e]:  # pruned
                    shared.pop(name, None)
                shared = {name: e for name, e in shared.items() if self.changed.get(name) != {}}
                _save_entries(self.path, shared, {})
            mine = {k: e for k, e in {**_read_entries(record), **self.changed}.items() if e}
            _save_entries(record, mine, {"folder": str(boundary.real(self.folder))})
            if publish:
                self.changed = {}
        self.files = mine


@contextmanager
def _locked(record: Path) -> Iterator[None]:
    """An exclusive lock for one folder's records, held across re-read, merge and write."""
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(record.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield  # no state folder to lock in (a read-only home): save unlocked
        return
    try:
        if sys.platform != "win32":
            import fcntl  # noqa: PLC0415 -- POSIX only

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
