"""The SMTP password: from the environment, the system keyring or ~/.netrc, never a config file."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from letterkit import boundary
from letterkit.errors import UsageError
from letterkit.send.settings import Smtp

KEYRING_SERVICE = "letterkit-smtp"
"""The keyring service passwords are stored under: keyring set letterkit-smtp:HOST USER."""
MAX_NETRC_BYTES = 1024 * 1024


def _from_keyring(smtp: Smtp, username: str) -> str | None:
    try:
        import keyring  # noqa: PLC0415 -- it looks for a desktop keyring: only when needed
        from keyring.errors import KeyringError  # noqa: PLC0415
    except ImportError:
        return None
    try:
        found = keyring.get_password(f"{KEYRING_SERVICE}:{smtp.host}", username)
    except KeyringError:  # no keyring on this machine (a server, CI)
        return None
    return found


def netrc_password(text: str, host: str, username: str) -> str | None:
    """The password a netrc text gives for ``host`` (and ``username``), else its default's."""
    found: dict[str, dict[str, str]] = {}
    machine: str | None = None
    words = shlex.split(text, comments=True)
    pairs = iter(words)
    for word in pairs:
        if word == "default":
            machine = ""
            found.setdefault(machine, {})
        elif word in ("machine", "login", "password", "account"):
            value = next(pairs, "")
            if word == "machine":
                machine = value
                found.setdefault(machine, {})
            elif machine is not None:
                found[machine][word] = value
    for name in (host, ""):
        entry = found.get(name)
        if entry and "password" in entry and entry.get("login", username) == username:
            return entry["password"]
    return None


def _from_netrc(smtp: Smtp, username: str) -> str | None:
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    try:
        # The user's own file, outside any project: read with no roots, but capped.
        text = boundary.read_text(path, (), MAX_NETRC_BYTES)
    except (OSError, UnicodeDecodeError, boundary.Refused):
        return None
    try:
        return netrc_password(text, smtp.host, username)
    except ValueError:  # an unbalanced quote
        return None


def password(smtp: Smtp) -> str | None:
    """The password for ``smtp.username``, None when the server takes no login."""
    if smtp.username is None:
        return None
    found = (
        os.environ.get(smtp.password_env)
        or _from_keyring(smtp, smtp.username)
        or _from_netrc(smtp, smtp.username)
    )
    if not found:
        raise UsageError(
            f"no password for {smtp.username} at {smtp.host}: set {smtp.password_env}, "
            f"or run `keyring set {KEYRING_SERVICE}:{smtp.host} {smtp.username}`, "
            f"or add it to ~/.netrc"
        )
    return found
