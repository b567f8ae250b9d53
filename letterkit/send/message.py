"""A message to send: the .eml file a run wrote, read back, and what goes on the wire."""

from __future__ import annotations

import hashlib
from email import message_from_bytes, policy
from email.headerregistry import AddressHeader
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from functools import cached_property
from pathlib import Path

import msgspec

from letterkit import boundary
from letterkit.defaults import MAX_OUTPUT_BYTES
from letterkit.errors import RenderError

HIDDEN_HEADERS = ("Bcc",)
"""Headers that name envelope recipients but never travel with the message."""


def _addresses(message: EmailMessage, name: str) -> list[str]:
    values = message.get_all(name) or []
    found = []
    for value in values:
        if isinstance(value, AddressHeader):
            found += [a.addr_spec for a in value.addresses]
        else:
            found += [a for _, a in getaddresses([str(value)]) if a]
    return found


class Outgoing(msgspec.Struct, frozen=True, dict=True):  # dict: its cached properties
    """One message: its file, its bytes, and who it goes to."""

    path: Path
    label: str
    """How messages name the letter it was made from."""
    data: bytes

    @classmethod
    def load(cls, path: Path, label: str) -> Outgoing:
        """The message a run wrote at ``path``, read back through the boundary."""
        try:
            data = boundary.read_bytes(path, (path.parent,), MAX_OUTPUT_BYTES)
        except OSError as exc:
            raise RenderError.at(path, f"cannot read the message: {exc.strerror}") from None
        return cls(path, label, data)

    @property
    def message(self) -> EmailMessage:
        """The whole message, parsed afresh (the caller may change it)."""
        parsed = message_from_bytes(self.data, policy=policy.SMTP)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @cached_property
    def headers(self) -> EmailMessage:
        """The message's headers alone: parsing a PDF's worth of base64 is not needed for them."""
        parsed = BytesParser(policy=policy.SMTP).parsebytes(self.data, headersonly=True)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @cached_property
    def digest(self) -> str:
        """What the send register knows the message by: a digest of its bytes."""
        return hashlib.sha256(self.data).hexdigest()

    def recipients(self) -> list[str]:
        """Every envelope recipient: To, Cc and Bcc, each once."""
        every = [a for h in ("To", "Cc", "Bcc") for a in _addresses(self.headers, h)]
        return list(dict.fromkeys(every))

    def sender(self, override: str | None) -> str:
        """The envelope sender: the override's address, else the From header's."""
        if override:
            return parseaddr(override)[1]
        found = _addresses(self.headers, "From")
        return found[0] if found else ""

    def wire(self, override: str | None) -> bytes:
        """The bytes that go to the server: without Bcc, with the From override when given.

        The header lines are dropped or replaced as bytes, so everything else
        goes exactly as it was written (and reviewed).
        """
        dropped = {h.lower().encode() for h in HIDDEN_HEADERS}
        if override is not None:
            dropped.add(b"from")
        if override is None and not any(h in self.headers for h in HIDDEN_HEADERS):
            return self.data
        head, _, body = self.data.partition(b"\r\n\r\n")
        kept: list[bytes] = []
        skipping = False
        for line in head.split(b"\r\n"):
            if not line[:1].isspace():  # a header's first line; else it continues one
                skipping = line.partition(b":")[0].strip().lower() in dropped
            if not skipping:
                kept.append(line)
        if override is not None:
            folded = policy.SMTP.header_factory("From", override).fold(policy=policy.SMTP)
            kept.insert(0, folded.encode("ascii").rstrip(b"\r\n"))
        return b"\r\n".join(kept) + b"\r\n\r\n" + body

    def summary(self) -> tuple[str, str, list[tuple[str, int]], int]:
        """To, Subject, the attachments with their sizes, and the message's size."""
        message = self.message
        files = []
        for part in message.iter_attachments():
            payload = part.get_payload(decode=True)
            files.append((str(part.get_filename()), len(payload) if payload else 0))
        to = ", ".join(str(v) for v in message.get_all("To") or [])
        return to, str(message.get("Subject", "")), files, len(self.data)
