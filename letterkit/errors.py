"""The one exception tree of letterkit.

Library errors (YAML, pydantic, Jinja, WeasyPrint, the file system) are
wrapped where they happen into one of these, carrying the file, line and
column they concern. The CLI turns them into a message and an exit code in
one place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Self

EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_REFUSED = 3
"""A safety rule refused the letter: a sandbox escape, a resource outside the project,
a template over its time or size limit, a file letterkit did not write at the target."""
EXIT_OUTPUT = 4
"""An output could not be written (disk full, read-only folder)."""
EXIT_INTERNAL = 70
"""letterkit itself failed (a bug, not a letter): EX_SOFTWARE of sysexits.h, so scripts can
tell a crash from "a letter failed"."""


BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder how text is displayed."""


def printable(text: str) -> str:
    """Text with control and text-direction characters shown as escapes.

    A file name or value from someone else's spec must not break a message
    into several lines, move the cursor or reorder what the terminal shows.
    """
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS
        else c
        for c in text
    )


# A dataclass, not a struct like the document's: every command imports this module,
# and `letterkit --version` would pay for importing msgspec (8 ms) to make one class.
@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at a position when one is known."""

    path: Path | str
    message: str
    line: int | None = None
    """1-based line, or None when the problem concerns the whole file."""
    column: int | None = None
    """1-based column, or None."""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return printable(f"{where}: {self.message}")


class LetterkitError(Exception):
    """Base of every error letterkit reports to its user."""

    exit_code = EXIT_FAILED

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("letterkit", problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[Self], tuple[tuple[Problem, ...]]]:
        # Rebuilt from its problems, so an error crosses from a worker process intact.
        return (type(self), (self.problems,))

    @classmethod
    def at(
        cls, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ) -> Self:
        """Build the error for a single problem."""
        return cls([Problem(path, message, line, column)])


class SpecError(LetterkitError):
    """The spec file is not valid YAML or does not fit the spec model."""

    exit_code = EXIT_INVALID


class TemplateError(LetterkitError):
    """A template has a syntax error or fails while it is filled in."""

    exit_code = EXIT_INVALID


class UsageError(LetterkitError):
    """The command line asks for something that cannot be done."""

    exit_code = EXIT_INVALID


class RenderError(LetterkitError):
    """A composed letter could not be turned into an output format."""

    exit_code = EXIT_FAILED


class OutputError(LetterkitError):
    """An output file could not be written."""

    exit_code = EXIT_OUTPUT


class StaleOutputError(LetterkitError):
    """A file on disk differs from what its spec renders now (render --check)."""

    exit_code = EXIT_FAILED


class SafetyError(LetterkitError):
    """A safety rule refused something a spec or template asked for."""

    exit_code = EXIT_REFUSED


class Interrupted(LetterkitError):
    """The run was stopped by a signal (SIGTERM, Ctrl-C); it stopped its workers first."""

    def __init__(self, problems: Iterable[Problem] | str, signal_number: int = 15) -> None:
        super().__init__(problems)
        self.exit_code = 128 + signal_number
        """As a shell reports a process ended by that signal: 143 for SIGTERM, 130 for SIGINT."""
