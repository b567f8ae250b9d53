"""The command line: options in, one core call, errors out as messages and exit codes.

No YAML, Jinja or WeasyPrint here: this module only translates.
"""

from __future__ import annotations

import gc
import logging
import math
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from letterkit import __version__, api, collector
from letterkit.cli_conventions import (
    EXIT_CODES,
    examples,
    level,
    said_quiet,
    status,
    usage_error,
    verbosity_options,
)
from letterkit.defaults import (
    DEFAULT_FORMATS,
    FORMATS,
    LETTER_MEMORY_MB,
    PAGE_LIMIT,
    TIME_LIMIT,
)
from letterkit.errors import EXIT_FAILED, EXIT_INTERNAL, LetterkitError, printable
from letterkit.output import hold_closed_descriptors, stdout_failed, write_stdout

F = TypeVar("F", bound=Callable[..., Any])


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Paths and labels come from other people's specs and configs: a control
        # character in one must not clear the screen or forge a line.
        text = printable(record.getMessage())
        return f"warning: {text}" if record.levelno >= logging.WARNING else text


def _setup_logging(quiet: bool) -> None:
    logger = logging.getLogger("letterkit")
    logger.handlers.clear()
    # A closed stderr (2>&-) silences the status lines; the letters are still made.
    handler: logging.Handler = (
        logging.NullHandler() if sys.stderr is None else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(_Formatter())
    logger.addHandler(handler)
    logger.setLevel(level(quiet))
    logger.propagate = False


def _echo_problems(errors: Sequence[LetterkitError]) -> None:
    for error in errors:
        for problem in error.problems:
            click.echo(str(problem), err=True)


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return ctx is not None and bool(ctx.find_root().params.get("debug"))


def _fail(errors: Sequence[LetterkitError]) -> NoReturn:
    if _debugging():
        raise errors[0]  # its traceback still holds the frames where it happened
    _echo_problems(errors)
    raise SystemExit(max(e.exit_code for e in errors))


def _finish(outcome: api.Result, summary: bool = False) -> None:
    if outcome.failures and _debugging():
        raise outcome.failures[0]
    _echo_problems(outcome.failures)
    if summary:  # after the failures, so it is the last line a batch prints
        logging.getLogger("letterkit").info("%s", outcome.summary())
    if outcome.failures:
        raise SystemExit(max(e.exit_code for e in outcome.failures))


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise click.BadParameter(f"{value!r} is not K/N with 1 <= K <= N (e.g. 2/8)")
    return int(k), int(n)


def _seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    # FloatRange lets nan through (it compares false with everything) and inf is in
    # range: neither limit would ever fire.
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds (e.g. 5 or 0.5)")
    return value


class _HelpOutput(click.Command):
    """A command whose --help (and --version) failing to print is an OutputError."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        """Parse the arguments, which prints --help and --version."""
        try:
            return super().make_context(*args, **kwargs)
        except OSError as exc:  # a full or broken standard output (click exits 1 quietly)
            _fail([stdout_failed(exc, "text")])
        except click.exceptions.NoArgsIsHelpError:
            raise  # the help itself, as asked for
        except click.UsageError as exc:
            usage_error(exc)


class _Group(_HelpOutput, click.Group):
    """Runs a subcommand and turns every error into a message and an exit code."""

    command_class = _HelpOutput

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:  # an unknown command
            usage_error(exc)
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
            raise SystemExit(EXIT_INTERNAL) from None


@click.group(
    cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES
)
@click.version_option(__version__, "-V", "--version", prog_name="letterkit")
@click.option(
    "--debug",
    is_flag=True,
    help="On an error, show the Python traceback instead of the one-line message (for bug "
    "reports); give it before the command: letterkit --debug render ...",
)
@verbosity_options
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
        callback=_seconds,
        default=TIME_LIMIT,
        show_default=True,
        help="Seconds of CPU time each letter may take (its templates and its typesetting) "
        "before it is stopped.",
    )(func)
    func = click.option(
        "--memory-limit",
        type=click.IntRange(min=100),
        default=LETTER_MEMORY_MB,
        show_default=True,
        metavar="MB",
        help="Megabytes of memory each letter may take before it is stopped.",
    )(func)
    func = click.option(
        "-w",
        "--width",
        type=click.IntRange(20, 1000),
        default=None,
        help="Wrap plain text at this column (default: the spec's layout.text_width, else "
        "letterkit.toml's text_width, else 72).",
    )(func)
    func = click.option(
        "--data",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="A CSV, YAML or JSON file of recipients: one letter each (a mail merge).",
    )(func)
    # A folder stands for the specs under it; none at all, for the project's specs.
    return click.argument("specs", nargs=-1, type=click.Path(path_type=Path))(func)


_report = click.option(
    "--report",
    type=click.Choice(api.REPORTS),
    default=None,
    help="Also print a report on standard output: json (one object per letter: spec, "
    "recipient, status, outputs with SHA-256, problems) or github (annotations for Actions).",
)

_formats = click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Output format, repeatable (default: letterkit.toml's formats, else "
    f"{' and '.join(DEFAULT_FORMATS)}).",
)


_strict = click.option(
    "--strict",
    is_flag=True,
    help="Fail every letter made with a warning, such as a part a translation lacks "
    "(also strict = true in letterkit.toml).",
)


_max_pages = click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=PAGE_LIMIT,
    show_default=True,
    help="Refuse a letter whose PDF would have more pages.",
)


@cli.command(
    epilog=examples(
        "letterkit render letters/2026-05-cosatu.yaml     PDF and text next to the spec",
        "letterkit render -f pdf -o sent/letter.pdf letter.yaml",
        "letterkit render -n                              what the project's specs would write",
        "cat letter.yaml | letterkit render -f pdf -o - - | lp",
    )
)
@_common
@_formats
@_report
@_strict
@_max_pages
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="DIR",
    help="Folder for the outputs (default: letterkit.toml's output, else next to each "
    'spec); "-" writes one text format to standard output.',
)
@click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors and warnings.")
@partial(verbosity_options, quiet=False)
@click.option(
    "--pdf-variant",
    type=click.Choice(api.PDF_VARIANTS),
    default=None,
    help="PDF standard: pdf/ua-1 (accessible) or a PDF/A for archives (default: the "
    "spec's layout.pdf_variant, else pdf/ua-1).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Re-render every letter, even those whose outputs are current, and overwrite "
    "files at the output paths that letterkit did not write.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let the PDF load https resources from public hosts (off: only files of the project).",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Then remove the files letterkit wrote for letters no longer in the run (a "
    "dropped recipient, a deleted spec); files it did not write, or that changed, stay.",
)
@click.option(
    "-n",
    "--dry-run",
    is_flag=True,
    help="Write nothing; list every file render would write, skip or refuse, and why.",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the files on disk differ from what the specs render now.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Render in N worker processes (default: one per core, for batches big enough).",
)
@click.option(
    "--shard",
    metavar="K/N",
    callback=_shard,
    help="Render only the K-th of N equal slices of the letters (to spread a mailing).",
)
def render(
    specs: tuple[Path, ...],
    templates: tuple[Path, ...],
    width: int | None,
    time_limit: float,
    memory_limit: int,
    max_pages: int,
    data: Path | None,
    formats: tuple[str, ...],
    strict: bool,
    output: str | None,
    quiet: bool,
    pdf_variant: str | None,
    force: bool,
    allow_remote: bool,
    check_only: bool,
    jobs: int | None,
    shard: tuple[int, int] | None,
    dry_run: bool,
    report: str | None,
    prune: bool,
) -> None:
    """Render letter specs into PDF and plain text (and HTML)."""
    if report and output == "-":
        raise click.UsageError("--report prints to standard output, which -o - takes")
    quiet = quiet or said_quiet()
    _setup_logging(quiet or output == "-")
    options = api.Options(
        formats=formats,
        output=_output(output),
        text_width=width,
        templates=templates,
        pdf_variant=pdf_variant,
        force=force,
        allow_remote=allow_remote,
        time_limit=time_limit,
        memory_limit=memory_limit,
        max_pages=max_pages,
        data=data,
        jobs=jobs,
        shard=shard,
        dry_run=dry_run,
        prune=prune,
        progress=not quiet and output != "-" and sys.stderr is not None and sys.stderr.isatty(),
        strict=strict,
    )
    if check_only:
        outcome = api.compare(list(specs), options)
        _finish(outcome)
        if not quiet:
            click.echo(f"{_letters(outcome.letters)} up to date", err=True)
        return
    outcome = api.render(list(specs), options)
    if report:
        _out(outcome.report(report), "report")
    if dry_run:
        _finish(outcome)
        status(f"{_letters(outcome.letters)} planned; nothing written (--dry-run)")
        return
    # A batch, or a shard (which may hold no letter at all), ends with a summary.
    _finish(outcome, summary=outcome.planned > 1 or shard is not None)


def _rate(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """--rate N/min (or N/s, N/h; N alone is per minute) as messages a minute."""
    if value is None:
        return None
    number, _, unit = value.partition("/")
    per = {"": 1.0, "min": 1.0, "m": 1.0, "s": 60.0, "sec": 60.0, "h": 1 / 60, "hour": 1 / 60}
    try:
        rate = float(number) * per[unit.strip().lower()]
    except (ValueError, KeyError):
        raise click.BadParameter(f"{value!r} is not N/min, N/s or N/h (e.g. 30/min)") from None
    if not rate > 0:
        raise click.BadParameter(f"{value!r}: the rate must be above 0")
    return rate


@cli.command(short_help="Send the letters by e-mail (a dry run unless --send).")
@_common
@click.option(
    "-o", "--output", default=None, metavar="DIR", help="Folder for the outputs, as render."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Say nothing but errors, warnings and the summary."
)
@click.option("--send", "--no-dry-run", "deliver", is_flag=True, help="Deliver the messages.")
@click.option("--dry-run", is_flag=True, help="List the messages and send nothing (the default).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Send at most N messages.")
@click.option(
    "--to", "to", metavar="ADDRESS", help="Send every message to ADDRESS instead (a test)."
)
@click.option("--rate", callback=_rate, metavar="N/min", help="At most N messages a minute.")
@click.option("--resend", is_flag=True, help="Send again the messages the register holds back.")
@click.option("--insecure", is_flag=True, help="Allow the password over a connection without TLS.")
@click.option("--mbox", type=click.Path(dir_okay=False, path_type=Path), help="Also write the "
              "messages to send into this mbox file, for a mail client.")  # fmt: skip
@click.option("--eml-dir", type=click.Path(file_okay=False, path_type=Path), help="Also write "
              "the messages to send into this folder as .eml files.")  # fmt: skip
@click.option("--force", is_flag=True, help="Re-render every letter first, as render --force.")
def send(
    specs: tuple[Path, ...],
    templates: tuple[Path, ...],
    width: int | None,
    time_limit: float,
    memory_limit: int,
    data: Path | None,
    output: str | None,
    quiet: bool,
    deliver: bool,
    dry_run: bool,
    limit: int | None,
    to: str | None,
    rate: float | None,
    resend: bool,
    insecure: bool,
    mbox: Path | None,
    eml_dir: Path | None,
    force: bool,
) -> None:
    """Render the letters as e-mail messages (as render -f eml) and send them over SMTP.

    Without --send it is a dry run: each message's To, Subject, attachments
    and size are listed and nothing is sent. A register beside the messages
    remembers what was sent, so a run again sends only what is left.
    """
    if deliver and dry_run:
        raise click.UsageError("--send and --dry-run contradict each other; give one")
    if output == "-":
        raise click.UsageError("-o -: send writes its messages to a folder; name one")
    _setup_logging(quiet)
    options = api.Options(
        output=None if output is None else Path(output),
        text_width=width,
        templates=templates,
        time_limit=time_limit,
        memory_limit=memory_limit,
        data=data,
        force=force,
    )
    sending = api.Sending(
        send=deliver, limit=limit, to=to, rate=rate, insecure=insecure, resend=resend
    )
    keep = api.Review(mbox, eml_dir) if mbox or eml_dir else None
    mailed = api.send(list(specs), options, sending, click.echo, keep)
    _finish(mailed.render)
    tally = mailed.tally
    assert tally is not None, "a mailing follows every render that did not fail"
    _echo_problems(tally.failures)
    click.echo(tally.summary(), err=True)
    if tally.failures:
        raise SystemExit(max(e.exit_code for e in tally.failures))
    if tally.interrupted:  # messages were left unsent on purpose, but not done
        raise SystemExit(EXIT_FAILED)


def _output(value: str | None) -> Path | str | None:
    """The --output value: "-" stays the word for standard output, anything else is a folder."""
    return None if value is None else (value if value == "-" else Path(value))


def _letters(count: int) -> str:
    return f"{count} letter{'s' if count != 1 else ''}"


@cli.command(
    epilog=examples(
        "letterkit check letters/                 every spec under letters/",
        "letterkit check --data members.csv letter.yaml",
    )
)
@_common
@_strict
@verbosity_options
@_report
@click.option(
    "--force",
    is_flag=True,
    help="Check every spec again, even one that checked out and is unchanged since.",
)
def check(
    specs: tuple[Path, ...],
    templates: tuple[Path, ...],
    width: int | None,
    time_limit: float,
    memory_limit: int,
    data: Path | None,
    strict: bool,
    report: str | None,
    force: bool,
) -> None:
    """Validate specs and the templates they use, writing nothing."""
    _setup_logging(quiet=True)
    options = api.Options(
        text_width=width,
        templates=templates,
        time_limit=time_limit,
        memory_limit=memory_limit,
        data=data,
        strict=strict,
        force=force,
    )
    outcome = api.check(list(specs), options)
    if report:
        _out(outcome.report(report), "report")
    _finish(outcome)
    status(f"{_letters(outcome.letters)} OK")


@cli.command(
    short_help="Render again whenever an input changes.",
    epilog=examples("letterkit watch -f pdf letter.yaml", "letterkit watch letters/"),
)
@_common
@_formats
@_max_pages
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="DIR",
    help="Folder for the outputs (default: as render).",
)
@verbosity_options
@click.option(
    "--max-renders",
    type=click.IntRange(1),
    default=None,
    help="Stop after this many renders (for scripts and tests).",
)
def watch(
    specs: tuple[Path, ...],
    templates: tuple[Path, ...],
    width: int | None,
    formats: tuple[str, ...],
    time_limit: float,
    memory_limit: int,
    max_pages: int,
    data: Path | None,
    output: str | None,
    max_renders: int | None,
) -> None:
    """Render, then render again whenever a spec, template, stylesheet or image changes."""
    _setup_logging(quiet=False)
    options = api.Options(
        formats=formats,
        output=_output(output),
        text_width=width,
        templates=templates,
        time_limit=time_limit,
        memory_limit=memory_limit,
        max_pages=max_pages,
        data=data,
    )
    api.watch(list(specs), options, lambda outcome: _echo_problems(outcome.failures), max_renders)


def _complete_template(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    spec, folders = ctx.params.get("spec"), ctx.params.get("templates") or ()
    try:
        names = api.template_names(spec, api.Options(templates=tuple(folders)))
    except LetterkitError:
        return []
    return [name for name in names if name.startswith(incomplete)]


@cli.command(
    short_help="List the templates in effect and where each comes from.",
    epilog=examples(
        "letterkit templates letters/letter.yaml",
        "letterkit templates --show en/greeting.j2 > templates/en/greeting.j2",
    ),
)
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--templates",
    "templates",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of templates searched first, as for render (repeatable).",
)
@click.option(
    "--show",
    metavar="NAME",
    shell_complete=_complete_template,
    help="Print the text of the template in effect for NAME (e.g. en/greeting.j2).",
)
@verbosity_options
@click.option(
    "--language",
    metavar="TAG",
    help="List the parts a language's folders word and the files a translation lacks.",
)
def templates(
    spec: Path | None, templates: tuple[Path, ...], show: str | None, language: str | None
) -> None:
    """List the templates in effect for SPEC (or the current folder) and where each comes from."""
    _out(api.templates(spec, api.Options(templates=templates), show, language), "list")


@cli.command(
    short_help="Show the PDF engine's versions and the scripts fonts cover.",
    epilog=examples("letterkit doctor", "letterkit doctor | grep -i arabic"),
)
@verbosity_options
@click.option(
    "--report",
    "as_report",
    type=click.Choice(["json"]),
    default=None,
    help="Print the findings as JSON (versions, fonts per script, ok).",
)
def doctor(as_report: str | None) -> None:
    """Show the PDF engine's versions and which scripts the installed fonts cover."""
    report = api.doctor()
    _out(report.as_json() if as_report else "\n".join(report.lines()) + "\n", "report")
    if not report.ok:
        raise SystemExit(EXIT_FAILED)


@cli.command(
    short_help="Start a letter project, ready for git and for rendering.",
    epilog=examples("letterkit init my-letters", "letterkit init --force ."),
)
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@verbosity_options
def init(folder: Path, force: bool) -> None:
    """Start a letter project in FOLDER (default: here), ready for git and for rendering."""
    _setup_logging(quiet=False)
    api.init(folder, force=force)
    status(f"next: letterkit render {folder / 'letters' / 'example.yaml'}")


@cli.command(
    epilog=examples(
        "letterkit schema > letterkit.schema.json",
        "letterkit schema | python -m json.tool --sort-keys",
    )
)
@verbosity_options
def schema() -> None:
    """Print the spec's JSON Schema (draft-07) for editors."""
    _out(api.schema(), "schema")


SHELLS = ("bash", "zsh", "fish")


@cli.command(
    epilog=examples(
        'eval "$(letterkit completion bash)"          in ~/.bashrc',
        'eval "$(letterkit completion zsh)"           in ~/.zshrc',
        "letterkit completion fish > ~/.config/fish/completions/letterkit.fish",
    )
)
@click.argument("shell", type=click.Choice(SHELLS))
@verbosity_options
def completion(shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish)."""
    # click writes the script; letterkit's part is only naming the command.
    from click.shell_completion import get_completion_class  # noqa: PLC0415

    complete = get_completion_class(shell)
    assert complete is not None  # every name in SHELLS is one click knows
    root = click.get_current_context().find_root().command
    _out(complete(root, {}, "letterkit", "_LETTERKIT_COMPLETE").source() + "\n", "script")


@cli.group(
    cls=_Group,
    short_help="Keep a warm engine between commands (start, stop, status).",
    epilog=examples(
        "letterkit daemon start      render and check start warm from now on",
        "letterkit daemon status",
        "letterkit daemon stop       every command runs alone again",
    ),
)
@verbosity_options
def daemon() -> None:
    """A background worker that keeps the PDF engine and templates loaded between commands.

    While it runs, render and check hand their work to it and start warm; the
    output is the same. It serves only you, stops after 10 idle minutes, and
    when it is absent or out of date every command simply works alone
    (LETTERKIT_DAEMON=off makes them work alone anyway).
    """


@daemon.command("start")
@click.option("--idle-timeout", type=click.FloatRange(min=0), default=None, hidden=True)
@verbosity_options
def daemon_start(idle_timeout: float | None) -> None:
    """Start the background worker (nothing happens if it runs already)."""
    running, started = api.daemon.start(*(() if idle_timeout is None else (idle_timeout,)))
    status(running.line() if not started else f"{running.line()}; it stops after 10 idle minutes")


@daemon.command("stop")
@verbosity_options
def daemon_stop() -> None:
    """Stop the background worker; commands work alone again."""
    stopped = api.daemon.stop()
    status("letterkit daemon: stopped" if stopped else "letterkit daemon: not running")


@daemon.command("status")
@verbosity_options
def daemon_status() -> None:
    """Say whether the background worker runs (exit 1 if not)."""
    running = api.daemon.status()
    click.echo(running.line() if running else "letterkit daemon: not running")
    if running is None:
        raise SystemExit(EXIT_FAILED)


def _out(text: str, what: str) -> None:
    """Print a command's result; a closed, full or broken standard output fails it (exit 4)."""
    write_stdout(text.encode("utf-8"), what, instead=f"the {what} was not written")


def main() -> None:
    """Entry point of the letterkit command."""
    hold_closed_descriptors()
    collector.hold()
    try:
        cli(prog_name="letterkit")
    finally:
        # Python's last collection, at exit, walks every object the command
        # loaded: a tenth of a one-letter render. Nothing loaded is garbage to
        # look for now; the objects are still freed, and files closed, as usual.
        gc.freeze()
