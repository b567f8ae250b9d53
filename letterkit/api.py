"""The core functions behind each command: one call per subcommand, and nothing else.

The CLI translates options into these calls and their errors into messages
and exit codes; the work happens in the packages each call names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit import doctor as _doctor
from letterkit import listing, run
from letterkit.daemon import control as daemon
from letterkit.run import Options, Result, make_here
from letterkit.send.options import Review, Sending

if TYPE_CHECKING:
    from letterkit.run.mailing import Mailed
from letterkit.run.report import REPORTS
from letterkit.scaffold import init as scaffold
from letterkit.spec import PDF_VARIANTS, schema_text

log = logging.getLogger("letterkit")

Outcome = Result
"""The name this type had before 0.2, kept for code that imports it."""

__all__ = [
    "PDF_VARIANTS",
    "REPORTS",
    "Options",
    "Outcome",
    "Result",
    "Review",
    "Sending",
    "check",
    "compare",
    "daemon",
    "doctor",
    "init",
    "make_here",
    "render",
    "schema",
    "send",
    "template_names",
    "templates",
    "watch",
]


def render(specs: Sequence[Path], options: Options) -> Result:
    """Render every spec into the requested formats; one bad letter does not stop the others."""
    return run.run(specs, options)


def check(specs: Sequence[Path], options: Options) -> Result:
    """Validate specs and their templates and compose the letters in memory, writing nothing."""
    return run.check(specs, options)


def compare(specs: Sequence[Path], options: Options) -> Result:
    """Render in memory and compare with the files on disk; each difference is a failure."""
    return run.compare(specs, options)


def send(
    specs: Sequence[Path],
    options: Options,
    sending: Sending,
    report: Callable[[str], None],
    keep: Review | None = None,
) -> Mailed:
    """Render every spec as an e-mail message, then list (dry run) or deliver the messages."""
    # Imported here: smtplib, ssl and the mailing are for letterkit send alone.
    from letterkit.run.mailing import send as mailing  # noqa: PLC0415

    return mailing(specs, options, sending, report, keep)


def templates(
    spec: Path | None, options: Options, show: str | None = None, language: str | None = None
) -> str:
    """Which templates are in effect for a spec (or the current folder), or one's text.

    With ``language``: what that language's template folders provide and lack.
    """
    return listing.templates(spec, options.templates, show, language)


def template_names(spec: Path | None, options: Options) -> list[str]:
    """The names of every template in effect, for shell completion."""
    return listing.template_names(spec, options.templates)


def watch(
    specs: Sequence[Path],
    options: Options,
    report: Callable[[Result], None],
    max_renders: int | None = None,
) -> int:
    """Render, then render again whenever an input changes; ``report`` sees each result."""
    # Imported here: watchfiles (and anyio) would add 10 ms to every other command.
    from letterkit.run.watch import watch as watching  # noqa: PLC0415

    return watching(specs, options, report, max_renders)


def init(folder: Path, *, force: bool = False) -> list[Path]:
    """Scaffold a letter project in a folder; the files written."""
    written = scaffold(folder, force=force)
    for path in written:
        log.info("wrote %s", path)
    return written


def schema() -> str:
    """The spec's JSON Schema as text."""
    return schema_text()


def doctor() -> _doctor.Report:
    """The PDF engine's library versions and the scripts the installed fonts cover."""
    return _doctor.report()
