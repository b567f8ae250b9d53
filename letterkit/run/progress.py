"""The progress bar of a batch, on standard error.

Shown only when asked for (the command line asks when stderr is a terminal
and -q is not given); rich is imported only then, so a quiet or piped run
does not pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def available() -> bool:
    """Whether the terminal can redraw a bar: a TERM=dumb one (an editor's shell) cannot."""
    return os.environ.get("TERM", "") not in {"dumb", "unknown"}


@contextmanager
def bar(total: int, shown: bool) -> Iterator[Callable[[int], None]]:
    """A function to call with each number of letters done; a bar on stderr, if shown."""
    if not shown or total < 2:
        yield lambda done: None
        return
    from rich.console import Console  # noqa: PLC0415 -- only a shown bar pays for rich
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("letters"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("letters", total=total)
        yield lambda done: progress.advance(task, done)
