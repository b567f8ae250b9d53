"""E-mail: one RFC 5322 message per letter, the text twin as its body and the PDF attached.

The message is built from the document model and the bytes of the letter's
other formats (the text twin, the PDF), so the attachment is the very PDF
written beside it. The same letter gives the same bytes: its Date is the
letter's day and its Message-ID a digest of what the message holds.

Every header is built by the standard library's ``email`` package with the
SMTP policy: names in any script are encoded (RFC 2047), addresses are
parsed, and a value holding a line break is refused by the policy, so a
value can never add a header. Names have their line breaks and control
characters turned into spaces first, so a strange name still makes a message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import re
import unicodedata
from collections.abc import Mapping
from email import policy
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime
from types import MappingProxyType

from email_validator import EmailNotValidError, validate_email

from letterkit import boundary
from letterkit.defaults import MAX_RESOURCE_BYTES
from letterkit.document import Address, Letter
from letterkit.errors import RenderError
from letterkit.render import page_of

NEEDS = ("txt", "pdf")
"""The formats a message is made from: its body and its attachment."""
POLICY = policy.SMTP
_UNSAFE_NAME = re.compile(r"[^\w.()+-]+")
MAX_NAME = 80
NO_DOMAIN = "letterkit.invalid"
"""The Message-ID's domain when the sender has no address (RFC 6761's reserved name)."""


def one_line(text: str) -> str:
    """Text with line breaks, control and format characters as spaces, runs folded."""
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(spaced.split())


def safe_file_name(name: str, suffix: str) -> str:
    """A file name a mail client shows and saves safely: letters, digits and a few marks."""
    stem = _UNSAFE_NAME.sub("-", one_line(name)).strip("-._")[:MAX_NAME].strip("-._")
    return f"{stem or 'letter'}{suffix}"


def _header_address(address: Address, field: str, where: str) -> HeaderAddress:
    try:
        checked = validate_email(address.email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise RenderError.at(where, f'{field}: "{one_line(address.email)}" {exc}') from None
    if checked.ascii_email is None:
        raise RenderError.at(
            where,
            f'{field}: "{address.email}" needs a mail server that takes non-ASCII '
            "addresses (SMTPUTF8), which letterkit does not send to; give an ASCII address",
        )
    return HeaderAddress(display_name=one_line(address.name), addr_spec=checked.ascii_email)


def _digest(msg: EmailMessage, made: Mapping[str, bytes], extra: list[bytes]) -> str:
    """A digest of everything the message holds: its headers so far, body and attachments."""
    digest = hashlib.sha256(str(list(msg.items())).encode("utf-8", "surrogateescape"))
    for part in (made["txt"], made["pdf"], *extra):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _message_id(letter: Letter, digest: str) -> str:
    sender = letter.mail.sender
    domain = sender.email.rpartition("@")[2].lower() if sender else NO_DOMAIN
    domain = domain if re.fullmatch(r"[a-z0-9.-]+", domain) else NO_DOMAIN
    return f"<{digest[:32]}@{domain}>"


def _headers(letter: Letter, msg: EmailMessage) -> None:
    mail, where = letter.mail, letter.mail.where or letter.name
    if mail.to is None:
        raise RenderError.at(
            where, "recipient.email: -f eml needs the recipient's e-mail address; add one"
        )
    if mail.sender is None:
        raise RenderError.at(where, "sender.email: -f eml needs the sender's e-mail address")
    msg["From"] = _header_address(mail.sender, "sender.email", where)
    msg["To"] = _header_address(mail.to, "recipient.email", where)
    if mail.cc:
        msg["Cc"] = [_header_address(a, "cc", where) for a in mail.cc]
    if mail.bcc:
        msg["Bcc"] = [_header_address(a, "mail.bcc", where) for a in mail.bcc]
    if mail.reply_to:
        msg["Reply-To"] = _header_address(mail.reply_to, "mail.reply_to", where)
    msg["Subject"] = one_line(letter.meta.subject or letter.meta.title)
    day = mail.date or dt.date(1970, 1, 1)
    msg["Date"] = format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))


def _attach(letter: Letter, msg: EmailMessage) -> list[bytes]:
    """Attach the files the letter names; their bytes, for the Message-ID."""
    attached = []
    for path in letter.mail.attachments:
        try:
            data = boundary.read_bytes(path, letter.layout.resource_roots, MAX_RESOURCE_BYTES)
        except OSError as exc:
            raise RenderError.at(path, f"cannot read the file to attach: {exc.strerror}") from None
        kind = mimetypes.guess_type(path.name, strict=True)[0] or "application/octet-stream"
        maintype, _, subtype = kind.partition("/")
        name = safe_file_name(path.stem, path.suffix)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        attached.append(data)
    return attached


class EmlRenderer:
    """Renders the letter as an e-mail message (.eml)."""

    loaded: Mapping[str, str] = MappingProxyType({})
    """A message loads no file of its own: its attachments are inputs of the letter."""

    needs = NEEDS

    def render(self, letter: Letter) -> bytes:
        """The message, making the text twin and the PDF it needs first."""
        from letterkit.render import renderer  # noqa: PLC0415 -- the registry imports this module

        return self.render_from(letter, {fmt: renderer(fmt).render(letter) for fmt in NEEDS})

    def render_from(self, letter: Letter, made: Mapping[str, bytes]) -> bytes:
        """The message from the letter's text twin and PDF, already made."""
        msg = EmailMessage(policy=POLICY)
        _headers(letter, msg)
        # Quoted-printable keeps every line of the body under the 998 octets SMTP allows.
        msg.set_content(made["txt"].decode("utf-8"), charset="utf-8", cte="quoted-printable")
        if letter.mail.html:
            msg.add_alternative(page_of(letter).mail, subtype="html", cte="quoted-printable")
        pdf_name = safe_file_name(letter.meta.title, ".pdf")
        msg.add_attachment(made["pdf"], maintype="application", subtype="pdf", filename=pdf_name)
        extra = _attach(letter, msg)
        digest = _digest(msg, made, extra)
        msg["Message-ID"] = _message_id(letter, digest)
        # The package picks random boundaries; "=_" can occur in neither base64 nor
        # quoted-printable text, so these never collide with the content.
        for number, part in enumerate(msg.walk()):
            if part.is_multipart():
                part.set_boundary(f"=_letterkit_{digest[32:56]}_{number}")
        return msg.as_bytes(policy=POLICY)


RENDERER = EmlRenderer()
