"""A keyring backend for the tests: passwords kept in this process, set by the test itself."""

from __future__ import annotations

from keyring.backend import KeyringBackend

STORED: dict[tuple[str, str], str] = {}


class Memory(KeyringBackend):
    """Holds what the test stores; nothing is written anywhere."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return STORED.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        STORED[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        STORED.pop((service, username), None)
