"""Where a render or a check starts: its worker forked first, then the run's own modules loaded.

Every letter is made in a worker (run/pool.py), which composes it with Jinja
and Babel; the process that plans never loads them (compose/__init__.py), and
the worker never loads the spec loader or ruamel.yaml (spec/__init__.py).
Forked as the command starts, before the spec loader, the planner and the
writer are imported, the worker loads the composition and the renderers on
the other core while this process loads the spec and plans; the run then
takes that worker (pool.forked_ahead). A run that needs none (every letter
current, every spec remembered as checked) stops it unused.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit.defaults import DEFAULT_FORMATS, TEXT_FORMATS
from letterkit.run import pool
from letterkit.run.options import Options

if TYPE_CHECKING:  # the run's records load after the fork
    from letterkit.run.result import Result


def run(specs: Sequence[Path], options: Options) -> Result:
    """A render run (run/batch.py), its worker forked before the run is loaded."""
    options = options.to_output_file()
    formats = options.formats or DEFAULT_FORMATS
    ahead = nullcontext() if options.dry_run else forked(options, formats, bool(options.formats))
    with pool.interruptible(), ahead:  # a signal from the fork on stops the worker too
        from letterkit.run import batch  # noqa: PLC0415 -- loaded while the worker warms up

        return batch.run(specs, options)


def check(specs: Sequence[Path], options: Options) -> Result:
    """A check run (run/check.py), its worker forked before the check is loaded."""
    with pool.interruptible(), forked(options, TEXT_FORMATS):
        from letterkit.run.check import check as checking  # noqa: PLC0415 -- as in run()

        return checking(specs, options)


def forked(
    options: Options, formats: Sequence[str], asked: bool = True
) -> AbstractContextManager[None]:
    """The worker of a run with one, forked now; several workers (-j) start from a fork server.

    ``asked``: the formats were asked for, not the defaults (worker.warm_up).
    """
    if (options.jobs or 1) != 1:
        return nullcontext()
    return pool.forked_ahead(options.compose_options(), options.limits(), tuple(formats), asked)
