"""--strict: a letter whose making logged a warning fails, so CI can refuse half letters.

The warnings are still shown as they happen; a handler on the letterkit
logger counts those of the letter being made, in whichever process makes it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from letterkit.errors import LetterkitError

log = logging.getLogger("letterkit")


class StrictError(LetterkitError):
    """A letter made with warnings under --strict (or strict = true in letterkit.toml)."""


class _Counter(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def logged(level: int = logging.NOTSET) -> Iterator[list[str]]:
    """The messages logged at ``level`` or above while the block runs."""
    counter = _Counter(level)
    log.addHandler(counter)
    try:
        yield counter.messages
    finally:
        log.removeHandler(counter)


def warnings_of_letter() -> AbstractContextManager[list[str]]:
    """The warnings logged while the block runs."""
    return logged(logging.WARNING)


def refuse(label: str, messages: list[str]) -> StrictError:
    """The error failing a letter for its warnings."""
    count = f"{len(messages)} warning{'s' if len(messages) > 1 else ''}"
    return StrictError.at(
        label,
        f"the letter was made with {count} and strict is on (--strict or strict = true "
        "in letterkit.toml); fix what they say",
    )
