"""The core functions behind each command: one call per subcommand, and nothing else.

The CLI translates options into these calls and their errors into messages
and exit codes; the work happens in the packages each call names.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterkit.defaults import PDF_VARIANTS, REPORTS

if TYPE_CHECKING:
    from letterkit.daemon import control as daemon
    from letterkit.doctor import Report
    from letterkit.run import Options, Result, make_here, spare_worker
    from letterkit.run.mailing import Mailed
    from letterkit.send.options import Review, Sending

# Each call imports the packages it runs, and the names below load on first use:
# `letterkit --version` and `--help` import none of them, and `letterkit render`
# pays neither for the doctor's font scan, the template listing nor sending's options.
_LAZY = {
    "Options": ("letterkit.run", "Options"),
    "Result": ("letterkit.run", "Result"),
    "Outcome": ("letterkit.run", "Result"),
    "make_here": ("letterkit.run", "make_here"),
    "spare_worker": ("letterkit.run", "spare_worker"),
    "daemon": ("letterkit.daemon.control", None),
    "Review": ("letterkit.send.options", "Review"),
    "Sending": ("letterkit.send.options", "Sending"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    found = importlib.import_module(module)
    value = found if attribute is None else getattr(found, attribute)
    globals()[name] = value
    return value


log = logging.getLogger("letterkit")

if TYPE_CHECKING:
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
    "spare_worker",
    "template_names",
    "templates",
    "watch",
]


def render(specs: Sequence[Path], options: Options) -> Result:
    """Render every spec into the requested formats; one bad letter does not stop the others."""
    from letterkit.run import ahead  # noqa: PLC0415

    return ahead.run(specs, options)


def check(specs: Sequence[Path], options: Options) -> Result:
    """Validate specs and their templates and compose the letters in memory, writing nothing."""
    from letterkit.run import ahead  # noqa: PLC0415

    return ahead.check(specs, options)


def compare(specs: Sequence[Path], options: Options) -> Result:
    """Render in memory and compare with the files on disk; each difference is a failure."""
    from letterkit import run  # noqa: PLC0415

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
    from letterkit import listing  # noqa: PLC0415

    return listing.templates(spec, options.templates, show, language)


def template_names(spec: Path | None, options: Options) -> list[str]:
    """The names of every template in effect, for shell completion."""
    from letterkit import listing  # noqa: PLC0415

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
    from letterkit.scaffold import init as scaffold  # noqa: PLC0415

    written = scaffold(folder, force=force)
    for path in written:
        log.info("wrote %s", path)
    return written


def schema() -> str:
    """The spec's JSON Schema as text."""
    from letterkit.spec import schema_text  # noqa: PLC0415

    return schema_text()


def doctor() -> Report:
    """The PDF engine's library versions and the scripts the installed fonts cover."""
    from letterkit.doctor import report  # noqa: PLC0415

    return report()
