"""What letterkit send is told: light to import, so the command line pays nothing for SMTP."""

from __future__ import annotations

from pathlib import Path

import msgspec

from letterkit.errors import UsageError


class Sending(msgspec.Struct, frozen=True):
    """What letterkit send is told beyond the render options."""

    send: bool = False
    """Deliver; without it, a dry run lists the messages and sends nothing."""
    limit: int | None = None
    """Send at most this many messages in this run."""
    to: str | None = None
    """Send every message to this one address instead (a test); the register is left alone."""
    rate: float | None = None
    """At most this many messages a minute; None for as fast as the server takes them."""
    insecure: bool = False
    """Allow the password over a connection without TLS (a local relay)."""
    resend: bool = False
    """Send again messages the register holds back (changed since sent, or maybe sent)."""

    def check(self) -> None:
        """Refuse a --to address that is not one, before anything is rendered."""
        if self.to is not None:
            from email_validator import EmailNotValidError, validate_email  # noqa: PLC0415

            try:
                validate_email(self.to, check_deliverability=False)
            except EmailNotValidError as exc:
                raise UsageError(f"--to {self.to!r} is not an e-mail address: {exc}") from None


class Review(msgspec.Struct, frozen=True):
    """Where a dry run also writes the messages it would send."""

    mbox: Path | None = None
    """One mbox file of every message."""
    folder: Path | None = None
    """A folder of .eml files."""
