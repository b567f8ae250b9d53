"""The send register: which messages of a folder were sent, so none is ever sent twice.

One JSON line per message, in ``letterkit-sent.jsonl`` beside the messages:
its file, its recipients, its Message-ID, a digest of its bytes, when it
went and what the server said. It is rewritten whole and atomically after
every message, so a run stopped at any moment leaves it whole.

Like a cache, it can only make letterkit more careful: a message it lists
as sent is not sent again; one whose file changed since, or one that was
being sent when a run stopped (the server may have taken it), is held back
and reported, and goes again only when the user says so (--resend).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from letterkit import boundary
from letterkit.errors import SafetyError
from letterkit.output import write_atomic

REGISTER = "letterkit-sent.jsonl"
MAX_REGISTER_BYTES = 256 * 1024 * 1024
State = Literal["sending", "sent"]


@dataclass(frozen=True)
class Entry:
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
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            text = boundary.read_text(self.path, (self.path.parent,), MAX_REGISTER_BYTES)
        except (OSError, UnicodeDecodeError) as exc:
            raise SafetyError.at(self.path, f"cannot read the send register: {exc}") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
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
        if entry is None:
            return "new"
        if entry.state == "sending":
            return "unsure"
        return "sent" if entry.digest == digest else "changed"

    def when(self, file: str) -> str:
        """When the register says a message went (or was going)."""
        entry = self.entries.get(file)
        return entry.time if entry else ""

    def mark(self, entry: Entry) -> None:
        """Record a message's state and save the register at once."""
        self.entries[entry.file] = entry
        self._save()

    def forget(self, file: str) -> None:
        """Drop a message that was not sent after all (the server refused it)."""
        if self.entries.pop(file, None) is not None:
            self._save()

    def _save(self) -> None:
        lines = (json.dumps(asdict(e), ensure_ascii=False) for e in self.entries.values())
        write_atomic(self.path, "".join(f"{line}\n" for line in lines).encode("utf-8"))


def now() -> str:
    """The time a register entry is stamped with (UTC, to the second)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
