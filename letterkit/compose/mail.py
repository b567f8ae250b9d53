"""The e-mail side of a letter: its addresses and the files attached, from the spec."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letterkit import boundary
from letterkit.compose.closing import Files
from letterkit.document import Address, Mail
from letterkit.errors import SpecError
from letterkit.spec.mail import split_address
from letterkit.spec.model import Spec


def _addresses(items: tuple[str, ...]) -> tuple[Address, ...]:
    """The items that carry an address, each once; the others (plain names) are skipped."""
    found: dict[str, Address] = {}
    for item in items:
        parts = split_address(item)
        if parts is not None and parts[1].lower() not in found:
            found[parts[1].lower()] = Address(parts[0], parts[1])
    return tuple(found.values())


def _attachments(spec: Spec, files: Files) -> tuple[Path, ...]:
    paths = []
    for i, name in enumerate(spec.mail.attach):
        try:
            paths.append(boundary.resolve(files.folder / name, files.roots))
        except boundary.Refused:
            raise SpecError.at(
                files.spec,
                f'mail.attach[{i}]: "{name}" is outside the spec\'s folder and project, '
                "where letters may load files from; move it into the project",
            ) from None
    return tuple(paths)


def mail(spec: Spec, files: Files, day: dt.date, where: str) -> Mail:
    """Who the letter goes to by e-mail and what rides along; checked only by -f eml."""
    sender, recipient = spec.sender, spec.addressee
    reply_to = _addresses((spec.mail.reply_to,)) if spec.mail.reply_to else ()
    date = spec.date if isinstance(spec.date, dt.date) else day
    return Mail(
        sender=Address(sender.name, sender.email) if sender.email else None,
        to=Address(recipient.name, recipient.email) if recipient.email else None,
        # The printed cc: entries that carry an address, then the mail-only ones.
        cc=_addresses((*spec.cc, *spec.mail.cc)),
        bcc=_addresses(spec.mail.bcc),
        reply_to=reply_to[0] if reply_to else None,
        attachments=_attachments(spec, files),
        date=date,
        where=where,
        html=spec.mail.html,
    )
