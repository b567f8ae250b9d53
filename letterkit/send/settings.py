"""The [smtp] table of letterkit.toml: which server sends a project's letters, and how.

It names no password: a password in a file kept in git is a leaked
password. letterkit asks the environment, the system keyring or ~/.netrc
for it (secrets.py) when it connects.
"""

from __future__ import annotations

import ipaddress
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

Security = Literal["starttls", "tls", "none"]
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
PASSWORD_VARIABLE = "LETTERKIT_SMTP_PASSWORD"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (a local relay), by name or address."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class Smtp(BaseModel):
    """How letterkit send reaches the mail server."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    host: str
    """The server's name, e.g. smtp.example.org."""
    port: int | None = Field(None, ge=1, le=65535)
    """Default: 587 for starttls, 465 for tls, 25 for none."""
    security: Security = "starttls"
    """starttls (upgrade a plain connection), tls (TLS from the start), or none (only for a
    server on this machine, such as a local relay)."""
    username: str | None = None
    """Log in as this user; the password comes from LETTERKIT_SMTP_PASSWORD (or the
    variable password_env names), the system keyring or ~/.netrc."""
    password_env: str = PASSWORD_VARIABLE
    """The environment variable holding the password."""
    sender: str | None = Field(None, alias="from")
    """Send as this address ("Name <address>") instead of each letter's sender.email."""
    cafile: str | None = None
    """A PEM file of certificate authorities to trust (a private server), relative to the
    project root; default: the system's."""
    timeout: float = Field(30.0, gt=0)
    """Seconds to wait for the server before a try counts as failed."""
    retries: int = Field(3, ge=0, le=10)
    """Further tries of a message after a passing failure (a timeout, a 4xx reply)."""
    backoff: float = Field(2.0, ge=0)
    """Seconds before the first retry; each next one waits twice as long."""

    @model_validator(mode="before")
    @classmethod
    def _no_password(cls, data: object) -> object:
        if isinstance(data, dict) and "password" in data:
            raise PydanticCustomError(
                "password",
                "a password never goes in letterkit.toml (it is kept in git); set "
                "LETTERKIT_SMTP_PASSWORD, store it in the system keyring or in ~/.netrc",
            )
        return data

    @model_validator(mode="after")
    def _plain_only_here(self) -> Self:
        if self.security == "none" and not is_loopback(self.host):
            raise PydanticCustomError(
                "security",
                'security "none" sends letters unencrypted; it is only for a server on this '
                "machine (localhost), not {host}; use starttls or tls",
                {"host": self.host},
            )
        return self

    @property
    def port_number(self) -> int:
        """The port to connect to."""
        return self.port or DEFAULT_PORTS[self.security]
