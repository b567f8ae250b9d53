"""The conventions users bring to a command line: -q/-v anywhere, usage errors, examples.

Part of the command line (the only code that imports click), kept apart from
the commands themselves so cli.py stays a list of commands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

VERBOSITY = "letterkit.verbosity"
"""Where -q (-1) and -v (+1), given before or after the subcommand, are kept."""


def _verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return 0 if ctx is None else int(ctx.find_root().meta.get(VERBOSITY, 0))


def said_quiet() -> bool:
    """Whether -q was given, before or after the subcommand."""
    return _verbosity() < 0


def level(quiet: bool) -> int:
    """The log level: -q or -v when given, else the command's own default."""
    said = _verbosity()
    if said:
        return logging.DEBUG if said > 0 else logging.WARNING
    return logging.WARNING if quiet else logging.INFO


def status(text: str) -> None:
    """A status line on stderr, unless -q was given."""
    if not said_quiet():
        click.echo(text, err=True)


def _set_verbosity(value: int) -> Callable[[click.Context, click.Parameter, bool], None]:
    def store(ctx: click.Context, _param: click.Parameter, given: bool) -> None:
        if given:
            ctx.find_root().meta[VERBOSITY] = value

    return store


def verbosity_options(func: F, *, quiet: bool = True) -> F:
    """-v/--verbose (and -q/--quiet) on a command, as on the group."""
    func = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity(1),
        help="Say more: every file considered, and why.",
    )(func)
    if not quiet:
        return func
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity(-1),
        help="Say nothing but errors and warnings.",
    )(func)


def usage_error(exc: click.UsageError) -> NoReturn:
    """A usage error in letterkit's one-line form, as every other exit 2 is said."""
    command = exc.ctx.command_path if exc.ctx is not None else "letterkit"
    click.echo(f"letterkit: {exc.format_message()} (see {command} --help)", err=True)
    raise SystemExit(exc.exit_code)


EXIT_CODES = """\b
Exit codes:
  0  every letter made (or checked, or current)
  1  a letter failed (a template error, the PDF engine), or --check found a difference
  2  invalid input: a spec, a data file, letterkit.toml, an option
  3  refused by a safety rule (a file not letterkit's, a path leaving the project, a budget)
  4  an output could not be written (a full disk, a closed standard output)
  70 letterkit itself failed (a bug: run again with --debug and report it)
  130  stopped by Ctrl-C (143: by SIGTERM)

\b
Examples:
  letterkit init my-letters && cd my-letters
  letterkit render letters/             every spec under letters/
  letterkit --debug render letter.yaml  a traceback for a bug report
"""


def examples(*lines: str) -> str:
    """An epilog of examples, kept as written: click leaves a paragraph after a backspace."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
