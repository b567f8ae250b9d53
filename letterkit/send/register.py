"""The send register: which messages of a folder were sent, so none is ever sent twice.

JSON lines in ``letterkit-sent.jsonl`` beside the messages: per message its
file, its recipients, its Message-ID, a digest of its bytes, when it went
and what the server said. Each change is one line appended and flushed to
disk (rewriting the whole file per message would make a mailing of
thousands quadratic); the last line for a file is what holds. When a run
starts, a register with superseded lines is rewritten whole, atomically.
A run killed mid-append leaves at most a torn last line, which is dropped:
it was either the "sending" mark of a message not yet handed over, or the
"sent" mark after one, whose "sending" line then holds it back.

Like a cache, it can only make letterkit more careful: a message it lists
as sent is not sent again; one whose file changed since, or one that was
being sent when a run stopped (the server may have taken it), is held back
and reported, and goes again only when the user says so (--resend).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Literal

import msgspec
from msgspec.structs import asdict

from letterkit import boundary
from letterkit.errors import OutputError, SafetyError
from letterkit.output import write_atomic

REGISTER = "letterkit-sent.jsonl"
MAX_REGISTER_BYTES = 256 * 1024 * 1024
State = Literal["sending", "sent", "failed"]
"""On its way (the server may have it), taken by the server, or not taken after all."""


class Entry(msgspec.Struct, frozen=True):
    """One message as the register remembers it."""

    file: str
    state: State
    digest: str
    message_id: str
    to: tuple[str, ...]
    time: str
    reply: str = ""


Verdict = Literal["new", "sent", "changed", "unsure"]


class Register:
    """The register of one folder of messages."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / REGISTER
        self.entries: dict[str, Entry] = {}
        if self.path.exists() and self._load():
            self._save()

    def _load(self) -> bool:
        """Read the register; whether it has lines worth compacting away."""
        try:
            data = boundary.read_bytes(self.path, (self.path.parent,), MAX_REGISTER_BYTES)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SafetyError.at(self.path, f"cannot read the send register: {exc}") from None
        lines = text.split("\n")
        torn = lines.pop() != ""  # text after the last line break: an append cut short
        count = 0
        for number, line in enumerate(lines, start=1):
            if line.strip():
                self._read_line(line, number)
                count += 1
        return torn or count != len(self.entries)

    def _read_line(self, line: str, number: int) -> None:
        try:
            data = json.loads(line)
            entry = Entry(**{**data, "to": tuple(data["to"])})
        except (ValueError, TypeError, KeyError):
            # Unreadable, it cannot say what was sent: nothing is sent until it is fixed.
            raise SafetyError.at(
                self.path,
                "the send register is damaged, so what was sent is unknown; "
                "fix or move the line, then run again",
                number,
            ) from None
        self.entries[entry.file] = entry

    def verdict(self, file: str, digest: str) -> Verdict:
        """Whether a message is new, sent as it is, changed since sent, or maybe sent."""
        entry = self.entries.get(file)
        if entry is None or entry.state == "failed":
            return "new"
        if entry.state == "sending":
            return "unsure"
        return "sent" if entry.digest == digest else "changed"

    def when(self, file: str) -> str:
        """When the register says a message went (or was going)."""
        entry = self.entries.get(file)
        return entry.time if entry else ""

    def mark(self, entry: Entry) -> None:
        """Record a message's state: one line appended and flushed to disk before returning."""
        self.entries[entry.file] = entry
        line = (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise OutputError.at(
                self.path, f"cannot record in the send register: {exc.strerror}"
            ) from None

    def _save(self) -> None:
        lines = (json.dumps(asdict(e), ensure_ascii=False) for e in self.entries.values())
        write_atomic(self.path, "".join(f"{line}\n" for line in lines).encode("utf-8"))


def now() -> str:
    """The time a register entry is stamped with (UTC, to the second)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
