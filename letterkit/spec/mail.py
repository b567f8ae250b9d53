"""How a letter goes out by e-mail: addresses and attached files, checked when the spec loads.

An address is written as a bare address (``ana@example.org``) or with its
name (``Ana Pérez <ana@example.org>``). Each is checked with email-validator
(syntax only: nothing is looked up on the network), so a typo is reported
at its line before any message is made. A file to attach is a path relative
to the spec's folder and must be a file of the project, like an image.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from letterkit import boundary
from letterkit.spec.base import After, Before, Invalid, Schema
from letterkit.spec.files import FOLDER, ROOTS
from letterkit.spec.types import Text, listed


def split_address(value: str) -> tuple[str, str] | None:
    """(name, address) when ``value`` carries an address (``Name <a@b>`` or ``a@b``), else None."""
    if "@" not in value:
        return None
    # Imported here: email.utils brings socket, and most specs give no address.
    from email.utils import parseaddr  # noqa: PLC0415

    name, address = parseaddr(value)
    if not address or "@" not in address:
        return None
    return name, address


def address_problem(address: str) -> str | None:
    """Why an address cannot be sent to, or None when it can."""
    # Imported here: only specs that give mail addresses pay for it.
    from email_validator import EmailNotValidError, validate_email  # noqa: PLC0415

    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        return str(exc)
    return None


def mail_address(value: str) -> str:
    """Check an address as written in a spec; return it unchanged."""
    found = split_address(value)
    why = "it holds no address" if found is None else address_problem(found[1])
    if why is not None:
        raise Invalid(
            "email", '"{value}" is not an e-mail address: {why}', {"value": value, "why": why}
        )
    return value


def attached_file(value: str, context: Any) -> str:
    """Check that ``value`` names a file of the project to attach; return it unchanged."""
    context = context if isinstance(context, dict) else {}
    folder = context.get(FOLDER)
    if folder is None:
        return value
    try:
        found = boundary.is_file(Path(folder) / value, context.get(ROOTS) or ())
    except boundary.Refused:
        raise Invalid(
            "attach_outside",
            '"{value}" is outside the spec\'s folder and project (or hidden), where '
            "letters may load files from; move it into the project",
            {"value": value},
        ) from None
    if not found:
        raise Invalid(
            "attach_missing",
            'no file "{value}" to attach; paths are relative to the spec\'s folder',
            {"value": value},
        )
    return value


_SCHEMA = Schema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
MailAddress = Annotated[Text, After(mail_address)]
"""An e-mail address, alone or with its name ("Name <address>")."""
MailAddresses = Annotated[tuple[MailAddress, ...], Before(listed), _SCHEMA]
"""E-mail addresses; one may be written without the list."""
AttachedFiles = Annotated[
    tuple[Annotated[Text, After(attached_file, context=True)], ...], Before(listed), _SCHEMA
]
"""Files to attach, relative to the spec's folder; one may be written without the list."""
