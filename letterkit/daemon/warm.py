"""Warming the worker: all a command loads, and sample letters made, before the first request.

Done once, in the worker itself: the processes it forks per request (and
the letter workers they fork in turn) inherit the imported modules, the
regular expressions compiled on first use, WeasyPrint's font configuration,
the fonts fontconfig and Pango have opened, the hyphenation dictionaries,
the parsed stylesheets, so none of them starts cold. The sample letters
(samples.py) cover every built-in language and page layout, not one letter's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import importlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from letterkit import api, doctor
from letterkit.compose.templates import BUILTIN, LAYOUT_FILES, TemplateSet
from letterkit.daemon import samples
from letterkit.defaults import DEFAULT_FORMATS
from letterkit.render import FORMATS, REGISTRY, arrays
from letterkit.render.pdf import share_stylesheets
from letterkit.spec import load_spec

MODULES = ("letterkit.cli", "letterkit.run.ahead", "letterkit.run.batch", "letterkit.run.check")
"""What a render or check loads besides the renderers (the command line, the run)."""
SAMPLE_FORMATS = ("pdf", "txt", "html")


def _compile_builtin() -> None:
    """Every built-in part template, compiled into the memory all part environments share.

    The page layout's files are another environment's (letterkit/page keeps its own,
    and the letters made below compile the built-in layouts in it).
    """
    environment = TemplateSet().environment
    for path in sorted(BUILTIN.rglob("*.j2")):
        if not path.name.endswith(LAYOUT_FILES):
            environment.get_template(f"builtin/{path.relative_to(BUILTIN).as_posix()}")


def _ask_engines() -> None:
    """Engine versions and each language's fonts, asked once (identity.py notices a change)."""
    doctor.keep_facts()
    doctor.engines()
    for language in samples.languages():
        doctor.font_files(language)


def _make(sources: list[Path]) -> None:
    """Check the sample letters as a run does, then make each in memory, here."""
    api.check(sources, api.Options())  # the run's own steps, writing nothing
    for source in sources:
        # Here, not in a worker: this process keeps what making it loads.
        made = api.make_here(load_spec(source), source, SAMPLE_FORMATS, dt.date.today())
        if made.error is not None:
            raise made.error


def _run_command_line(args: list[str]) -> None:
    """A command line run in this process, as a request runs it, its output dropped.

    The command line's and the run's own first use (options, planning, comparing):
    some 3 ms of every request. The commands run here write no letter and
    nothing of the user's state.
    """
    from letterkit.cli import cli  # noqa: PLC0415 (imported above, by name)

    quiet = io.StringIO()
    # render --check ends with exit 1: its files are not on disk, as meant.
    stop = contextlib.suppress(SystemExit)
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), stop:
        cli.main(args, prog_name="letterkit")


class Ahead(NamedTuple):
    """What a spare request's processes do before their request comes (spare.py)."""

    command: Callable[[], object]
    """In the command's process: a dry run of a sample (the command line, the planning)."""
    letter: Callable[[], object]
    """In the command's letter worker: a sample letter, made in memory."""


def _ahead(source: Path) -> Ahead:
    dry_run = ["render", "--dry-run", "-q", str(source)]
    letter = (load_spec(source), source, DEFAULT_FORMATS, dt.date.today())
    return Ahead(
        functools.partial(_run_command_line, dry_run), functools.partial(api.make_here, *letter)
    )


def warm(folder: Path) -> Ahead:
    """Import the command line and every renderer, check the sample letters, make them in memory.

    The samples are written into ``folder``, which must last as long as this
    process: the spares' warm-ups (Ahead) use one of them.
    """
    for name in (*MODULES, *(REGISTRY[fmt] for fmt in FORMATS)):
        importlib.import_module(name)
    arrays.install()
    _ask_engines()
    _compile_builtin()
    sources = samples.write(folder)
    _make(sources)
    _run_command_line(["render", "--check", "-q", "-f", "pdf", "-f", "txt", str(sources[0])])
    share_stylesheets()  # the requests' letters are in other folders
    ahead = _ahead(samples.spare(sources))
    # Only the first letter froze what it loaded: the others' fonts, dictionaries and
    # stylesheets are frozen too, so no forked process's collection walks (and copies) them.
    gc.collect()
    gc.freeze()
    return ahead
