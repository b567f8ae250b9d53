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

A run does not rewrite either record as it goes: that would cost a whole
record per group of letters, quadratic over a mailing. It appends what it
is about to write and what it wrote to this machine's journal of the folder
(``<record>.journal``, one JSON operation a line, flushed to disk before the
files it announces are written). At the end of the run the journal is
compacted: the record is re-read, every run's journaled operations applied
in order, the folder's record updated with what they changed, and the
journal emptied. A run killed on the way leaves its journal for the next run
to replay; a line torn by the kill is skipped. Appends, compaction and
loading all hold one lock per folder, so concurrent runs lose no entry.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Any

import msgspec

from letterkit import boundary
from letterkit.defaults import MAX_OUTPUT_BYTES, MAX_RESOURCE_BYTES
from letterkit.errors import LetterkitError
from letterkit.output import append_synced, write_atomic

log = logging.getLogger("letterkit")

MANIFEST = ".letterkit.json"
VERSION = 1
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
"""A record of a million letters; a larger one is not a record letterkit wrote."""
JOURNAL_SUFFIX = ".journal"
MAX_PENDING = 8
"""Digests kept for files a run was about to write (runs killed one after another)."""
STATE = "letterkit"

Entries = dict[str, dict[str, Any]]


_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
"""What Path.exists() takes for an absent file."""


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


_INDENTED = json.JSONEncoder(indent=1)
"""What json.dumps(body, indent=1) encodes with."""


def _save_entries(path: Path, entries: Entries, extra: dict[str, str]) -> None:
    body = {"version": VERSION, **extra, "files": dict(sorted(entries.items()))}
    # The bytes of json.dumps(body, indent=1), which would hold a mailing's record three
    # times over: every piece of it at once, then their text, then its encoding.
    out, pieces = io.BytesIO(), _INDENTED.iterencode(body)
    while some := list(islice(pieces, 4096)):
        out.write("".join(some).encode())
    out.write(b"\n")
    write_atomic(path, out.getvalue())


Op = list[Any]
"""One line of a journal: ["expect", name, sha256], ["record", name, entry] or ["forget", name]."""


def _an_op(op: Any) -> bool:
    """Whether a journal line's value is an operation as letterkit writes one."""
    if not isinstance(op, list) or len(op) < 2 or not isinstance(op[1], str):
        return False
    kind, rest = op[0], op[2:]
    if kind == "forget":
        return not rest
    if kind == "expect":
        return len(rest) == 1 and isinstance(rest[0], str)
    return kind == "record" and len(rest) == 1 and _an_entry(rest[0])


def _apply(files: Entries, op: Op) -> None:
    """One operation, as a run made it and as every later run replays it."""
    kind, name = op[0], op[1]
    if kind == "forget":
        files.pop(name, None)
        return
    old = files.get(name) or {}
    pending: list[str] = old.get("pending", [])
    if kind == "expect":
        files[name] = {**old, "pending": [*pending, op[2]][-MAX_PENDING:]}
        return
    entry = dict(op[2])
    # Digests other runs were about to write here stay theirs (a run going on meanwhile).
    kept = [p for p in pending if p != entry.get("sha256")]
    files[name] = {**entry, "pending": kept} if kept else entry


def _published(ops: Iterable[Op]) -> dict[str, dict[str, Any] | None]:
    """What the operations change in the folder's record: entries set (None: removed)."""
    changed: dict[str, dict[str, Any] | None] = {}
    for op in ops:
        if op[0] == "record":
            changed[op[1]] = {"sha256": op[2].get("sha256"), "inputs": op[2].get("inputs")}
        elif op[0] == "forget":
            changed[op[1]] = None
    return changed


def _journal_ops(raw: bytes) -> Iterator[Op]:
    """The operations of a journal, in order (its first line, naming the folder, is none).

    Read as they are applied: a mailing's operations are never held all at once.
    """
    for line in io.BytesIO(raw):
        try:
            op: Any = json.loads(line) if line.strip() else None
        except (ValueError, RecursionError):
            continue
        if _an_op(op):
            yield op


class Manifest(msgspec.Struct):
    """What letterkit wrote into one folder, as this machine recorded it."""

    folder: Path
    files: Entries = msgspec.field(default_factory=dict)
    """This machine's record, as it stood when loaded or last compacted: the only one trusted.

    This run's writes are not added to it until then (see _do)."""
    queued: list[Op] = msgspec.field(default_factory=list)
    """This run's operations not yet appended to the journal."""
    journaled: bool = False
    """Whether this run appended to the journal since the record was last compacted."""
    _digests: dict[Path, str | None] = msgspec.field(default_factory=dict)
    """Files a letter loaded, each digested once a run (many letters load the same)."""
    _specs: dict[Path, str] = msgspec.field(default_factory=dict)
    """Each spec's real path, as records name it."""

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's record on this machine; none yet means nothing is letterkit's."""
        record = cls._record_of(folder)
        # Under the lock: a run compacting meanwhile cannot be seen half-way.
        with _locked(record, create=False):
            files = _read_entries(record)
            for op in _journal_ops(_read_journal(record)):
                _apply(files, op)
        return cls(folder, files)

    @staticmethod
    def _record_of(folder: Path) -> Path:
        key = hashlib.sha256(str(boundary.real(folder)).encode()).hexdigest()[:32]
        return state_folder() / f"{key}.json"

    def _entry(self, target: Path) -> dict[str, Any]:
        return self.files.get(target.name) or {}

    def owns(self, target: Path) -> bool:
        """Whether letterkit may write ``target``: it is absent, or letterkit's unchanged output."""
        try:
            there = target.lstat()  # one look, the link itself if it is one
        except OSError as exc:
            if exc.errno in _NOT_THERE:
                return True
            raise
        if not stat.S_ISREG(there.st_mode):  # a link, a folder, a FIFO...
            return False
        entry = self._entry(target)
        pending = entry.get("pending")
        known: set[Any] = {entry.get("sha256")}
        known.update(pending if isinstance(pending, list) else [])
        found = file_digest(target)
        return found is not None and found in known

    def current(self, target: Path, inputs: str) -> str | None:
        """The digest of ``target`` if it is letterkit's and was made from these inputs, else None.

        The inputs' fingerprint is known before a letter is made; what its PDF
        loaded besides (a stylesheet's url(), an image inside an SVG) only after,
        so those files are recorded with the letter and checked here.
        """
        entry = self.files.get(target.name)
        if not entry or entry.get("inputs") != inputs:
            return None  # decided without touching the file
        found = output_digest(target)
        if found is None or entry.get("sha256") != found:
            return None
        return found if self._unchanged(entry.get("loaded")) else None

    def _unchanged(self, loaded: Any) -> bool:
        """Whether every file a letter loaded still holds what it held (none recorded: yes)."""
        if loaded is None:
            return True
        if not isinstance(loaded, dict):
            return False
        for name, sha in loaded.items():
            path = Path(name)
            if path not in self._digests:
                self._digests[path] = boundary.digest(path, (), MAX_RESOURCE_BYTES)
            if not isinstance(sha, str) or self._digests[path] != sha:
                return False
        return True

    def _do(self, op: Op) -> None:
        # No letter of a run writes a file another of its letters wrote (the writer
        # refuses it), so the run never looks up what it wrote: kept in memory, a
        # mailing's entries would only grow it by a few hundred bytes a letter.
        if op[0] == "forget":
            _apply(self.files, op)
        self.queued.append(op)

    def expect(self, target: Path, data: bytes) -> None:
        """Note that letterkit is about to write ``data`` to ``target``.

        Saved before the write, it lets the next run recognise the new file
        as letterkit's even if this run is killed before it records it; every
        such digest is kept (up to MAX_PENDING), however often runs are killed.
        """
        self._do(["expect", target.name, digest(data)])

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
            entry["spec"] = self._resolved(spec)
        self._do(["record", target.name, entry])

    def _resolved(self, spec: Path) -> str:
        """A spec's real path, resolved once a run: a mailing's letters share one spec."""
        found = self._specs.get(spec)
        if found is None:
            found = self._specs[spec] = str(spec.resolve())
        return found

    def forget(self, target: Path) -> None:
        """Note that letterkit removed ``target`` (render --prune)."""
        self._do(["forget", target.name])

    @property
    def path(self) -> Path:
        """Where the folder's shared record lives."""
        return self.folder / MANIFEST

    def save(self, publish: bool = True) -> None:
        """Save this run's operations; with ``publish``, compact them into both records.

        Without ``publish`` (before a group of files is written, with what the
        group before recorded) the operations are appended to this machine's
        journal: a few lines, however many letters the record holds. With it
        (once, at the end of a run) this machine's record is re-read, every
        run's journaled operations and this run's last ones applied to it, the
        folder's record updated with what they changed, and the journal emptied.
        """
        record = self._record_of(self.folder)
        ops, self.queued = self.queued, []
        with _locked(record):
            if not publish:
                lines = b"".join(json.dumps(op).encode() + b"\n" for op in ops)
                head = {"version": VERSION, "folder": str(boundary.real(self.folder))}
                append_synced(_journal_of(record), lines, json.dumps(head).encode() + b"\n")
                self.journaled = True
                return
            if not ops and not self.journaled:
                return
            journal = _read_journal(record)
            # The folder's record first, then this machine's, each from the operations
            # read anew: the two records of a mailing are never held at once.
            self._publish(_published(chain(_journal_ops(journal), ops)))
            mine = _read_entries(record)
            for op in chain(_journal_ops(journal), ops):
                _apply(mine, op)
            for name in [k for k, e in mine.items() if not e]:
                del mine[name]
            _save_entries(record, mine, {"folder": str(boundary.real(self.folder))})
            _journal_of(record).unlink(missing_ok=True)
        self.files, self.journaled = mine, False

    def _publish(self, changed: dict[str, dict[str, Any] | None]) -> None:
        """Merge what changed into the folder's record, the one for people and for git."""
        if not changed:
            return
        shared = _read_entries(self.path, say=True)
        shared.update({k: e for k, e in changed.items() if e is not None})
        for name in [k for k, e in changed.items() if e is None]:  # pruned
            shared.pop(name, None)
        _save_entries(self.path, shared, {})


def _journal_of(record: Path) -> Path:
    """The journal beside a folder's record: the operations since it was last compacted."""
    return record.with_suffix(JOURNAL_SUFFIX)


def _read_journal(record: Path) -> bytes:
    try:
        return boundary.read_bytes(_journal_of(record), (), MAX_MANIFEST_BYTES)
    except (OSError, LetterkitError):
        return b""  # none, or not one of ours: no operations


def output_digest(target: Path) -> str | None:
    """The SHA-256 of an output file, or None when it is not a regular file (a link, a FIFO).

    The skip path of every letter: one open, never following a link at the
    target (a link is never letterkit's output) and no walk of the folders above.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_OUTPUT_BYTES:
            return None
        return hashlib.file_digest(stream, "sha256").hexdigest()


@contextmanager
def _locked(record: Path, create: bool = True) -> Iterator[None]:
    """An exclusive lock for one folder's records, held across re-read, merge and write.

    Without ``create`` (a run that only reads) no state folder is made for it.
    """
    try:
        if create:
            record.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(record.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield  # no state folder to lock in (a read-only home, none yet): unlocked
        return
    try:
        if sys.platform != "win32":
            import fcntl  # noqa: PLC0415 -- POSIX only

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
