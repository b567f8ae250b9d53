"""The one exception tree of letterkit.

Library errors (YAML, pydantic, Jinja, WeasyPrint, the file system) are
wrapped where they happen into one of these, carrying the file, line and
column they concern. The CLI turns them into a message and an exit code in
one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Self

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2


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
        return f"{where}: {self.message}"


class LetterkitError(Exception):
    """Base of every error letterkit reports to its user."""

    exit_code = EXIT_FAILED

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("letterkit", problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

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

    exit_code = EXIT_FAILED
