"""The command line: options in, one core call, errors out as messages and exit codes.

No YAML, Jinja or WeasyPrint here: this module only translates.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from letterkit import __version__, api
from letterkit.defaults import DEFAULT_FORMATS, TIME_LIMIT
from letterkit.errors import EXIT_FAILED, LetterkitError
from letterkit.render import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        return f"warning: {text}" if record.levelno >= logging.WARNING else text


def _setup_logging(quiet: bool) -> None:
    logger = logging.getLogger("letterkit")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


def _fail(errors: Sequence[LetterkitError]) -> NoReturn:
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().params.get("debug"):
        raise errors[0]  # its traceback still holds the frames where it happened
    for error in errors:
        for problem in error.problems:
            click.echo(str(problem), err=True)
    raise SystemExit(max(e.exit_code for e in errors))


def _finish(outcome: api.Outcome) -> None:
    if outcome.failures:
        _fail(outcome.failures)


class _Group(click.Group):
    """Runs a subcommand and turns every error into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LetterkitError as exc:
            if debug:
                raise
            _fail([exc])
        except Exception as exc:
            if debug:
                raise
            click.echo(
                f"letterkit: internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug and report the traceback)",
                err=True,
            )
            raise SystemExit(EXIT_FAILED) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="letterkit")
@click.option("--debug", is_flag=True, help="Show a traceback on errors (for bug reports).")
def cli(debug: bool) -> None:
    """Formal letters from a YAML spec: a typeset PDF and a plain-text twin."""


def _common(func: F) -> F:
    func = click.option(
        "--templates",
        "templates",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="A folder of templates that override the built-in ones (repeatable; the first wins).",
    )(func)
    func = click.option(
        "--time-limit",
        type=click.FloatRange(min=0, min_open=True),
        default=TIME_LIMIT,
        show_default=True,
        help="Seconds each letter's templates may run before they are stopped.",
    )(func)
    func = click.option(
        "-w",
        "--width",
        type=click.IntRange(20, 1000),
        default=None,
        help="Wrap plain text at this column (default: the spec's layout.text_width, 72).",
    )(func)
    return click.argument(
        "specs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
    )(func)


@cli.command()
@_common
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help=f"Output format, repeatable (default: {' and '.join(DEFAULT_FORMATS)}).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help='Folder for the outputs (default: next to each spec); "-" writes one '
    "text format to standard output.",
)
@click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors and warnings.")
@click.option(
    "--pdf-variant",
    type=click.Choice(api.PDF_VARIANTS),
    default=None,
    help="PDF standard: pdf/ua-1 (accessible; the default) or PDF/A for archives "
    "(default: the spec's layout.pdf_variant).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite files at the output paths that letterkit did not write.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let the PDF load http(s) resources (off: only files of the project).",
)
def render(
    specs: tuple[Path, ...],
    templates: tuple[Path, ...],
    width: int | None,
    time_limit: float,
    formats: tuple[str, ...],
    output: str | None,
    quiet: bool,
    pdf_variant: str | None,
    force: bool,
    allow_remote: bool,
) -> None:
    """Render letter specs into PDF and plain text (and HTML)."""
    _setup_logging(quiet or output == "-")
    options = api.Options(
        formats=formats,
        output=None if output is None else (output if output == "-" else Path(output)),
        text_width=width,
        templates=templates,
        pdf_variant=pdf_variant,
        force=force,
        allow_remote=allow_remote,
        time_limit=time_limit,
    )
    _finish(api.render(list(specs), options))


@cli.command()
@_common
def check(
    specs: tuple[Path, ...], templates: tuple[Path, ...], width: int | None, time_limit: float
) -> None:
    """Validate specs and the templates they use, writing nothing."""
    _setup_logging(quiet=True)
    options = api.Options(text_width=width, templates=templates, time_limit=time_limit)
    outcome = api.check(list(specs), options)
    _finish(outcome)
    click.echo(f"{outcome.checked} letter{'s' if outcome.checked != 1 else ''} OK", err=True)


@cli.command()
def doctor() -> None:
    """Show the PDF engine's versions and which scripts the installed fonts cover."""
    report = api.doctor()
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise SystemExit(EXIT_FAILED)


@cli.command()
def schema() -> None:
    """Print the spec's JSON Schema (draft-07) for editors."""
    click.echo(api.schema(), nl=False)


def main() -> None:
    """Entry point of the letterkit command."""
    cli(prog_name="letterkit")
