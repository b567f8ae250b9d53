"""How a letter goes out by e-mail: addresses and attached files, checked when the spec loads.

An address is written as a bare address (``ana@example.org``) or with its
name (``Ana Pérez <ana@example.org>``). Each is checked with email-validator
(syntax only: nothing is looked up on the network), so a typo is reported
at its line before any message is made. A file to attach is a path relative
to the spec's folder and must be a file of the project, like an image.
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from letterkit import boundary
from letterkit.spec.files import FOLDER, ROOTS
from letterkit.spec.types import Text


def split_address(value: str) -> tuple[str, str] | None:
    """(name, address) when ``value`` carries an address (``Name <a@b>`` or ``a@b``), else None."""
    if "@" not in value:
        return None
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
        raise PydanticCustomError(
            "email", '"{value}" is not an e-mail address: {why}', {"value": value, "why": why}
        )
    return value


def attached_file(value: str, info: ValidationInfo) -> str:
    """Check that ``value`` names a file of the project to attach; return it unchanged."""
    context: Any = info.context if isinstance(info.context, dict) else {}
    folder = context.get(FOLDER)
    if folder is None:
        return value
    try:
        found = boundary.is_file(Path(folder) / value, context.get(ROOTS) or ())
    except boundary.Refused:
        raise PydanticCustomError(
            "attach_outside",
            '"{value}" is outside the spec\'s folder and project (or hidden), where '
            "letters may load files from; move it into the project",
            {"value": value},
        ) from None
    if not found:
        raise PydanticCustomError(
            "attach_missing",
            'no file "{value}" to attach; paths are relative to the spec\'s folder',
            {"value": value},
        )
    return value


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_SCHEMA = WithJsonSchema(
    {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
)
MailAddress = Annotated[Text, AfterValidator(mail_address)]
"""An e-mail address, alone or with its name ("Name <address>")."""
MailAddresses = Annotated[tuple[MailAddress, ...], BeforeValidator(_listed), _SCHEMA]
"""E-mail addresses; one may be written without the list."""
AttachedFiles = Annotated[
    tuple[Annotated[Text, AfterValidator(attached_file)], ...], BeforeValidator(_listed), _SCHEMA
]
"""Files to attach, relative to the spec's folder; one may be written without the list."""
