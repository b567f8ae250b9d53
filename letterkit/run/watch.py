"""``letterkit watch``: render again whenever a spec, template, stylesheet or image changes.

watchfiles (inotify on Linux) watches the specs' folders, their project
roots and the --templates folders. Every change renders all the specs
again; errors are reported and the watch goes on. The process stays alive
between renders, so WeasyPrint, the fonts and the Jinja environments with
their compiled templates are loaded once and a re-render costs the layout
alone. Each render's own writes (outputs, records, journals) never trigger one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import watchfiles

from letterkit.compose.templates import TemplateSets
from letterkit.defaults import INPUT_SUFFIXES, STDOUT
from letterkit.errors import UsageError
from letterkit.output import RESERVED_PREFIX
from letterkit.project import project_root
from letterkit.run.batch import run as render_run
from letterkit.run.discover import expand
from letterkit.run.manifest import state_folder
from letterkit.run.options import Options
from letterkit.run.result import Result

log = logging.getLogger("letterkit")


class InputFilter(watchfiles.DefaultFilter):
    """Passes changes to letter inputs; ignores outputs, editors' swap files and .git."""

    def __init__(self) -> None:
        super().__init__()
        # This machine's records and journals (.json), when the state folder lies in a
        # watched one (a project in the home folder): each render writes them.
        self.state = str(state_folder().resolve())

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        """Whether a change concerns a letter input."""
        name = Path(path).name
        return (
            super().__call__(change, path)
            and Path(name).suffix.lower() in INPUT_SUFFIXES
            # letterkit's own manifest (.json) and temporaries: each render writes them.
            and not name.startswith(RESERVED_PREFIX)
            and not Path(path).is_relative_to(self.state)
        )


def watched_folders(
    specs: Sequence[Path], templates: Iterable[Path], data: Path | None = None
) -> list[Path]:
    """The folders to watch: the specs', their projects', templates' and data file's.

    Folders inside another watched folder are dropped: watching is recursive.
    """
    candidates = {p.resolve() for s in specs for p in (s.parent, project_root(s))}
    if data is not None:
        candidates.add(data.resolve().parent)
    candidates |= {t.resolve() for t in templates if t.is_dir()}
    return sorted(
        c for c in candidates if not any(c.is_relative_to(o) and c != o for o in candidates)
    )


def _shown(changes: set[tuple[watchfiles.Change, str]]) -> str:
    names = sorted({Path(path).name for _, path in changes})
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more


def run(
    folders: Sequence[Path],
    render: Callable[[], None],
    max_renders: int | None = None,
) -> int:
    """Render, then render again after each change until interrupted; the number of renders."""
    renders = 0

    def once() -> None:
        nonlocal renders
        start = time.perf_counter()
        render()
        renders += 1
        log.info("rendered in %.0f ms", (time.perf_counter() - start) * 1000)

    once()
    if max_renders is not None and renders >= max_renders:
        return renders
    log.info("watching %s for changes (Ctrl-C stops)", ", ".join(str(f) for f in folders))
    # watchfiles says "KeyboardInterrupt caught, stopping watch" at Ctrl-C: not news.
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    for changes in watchfiles.watch(*folders, watch_filter=InputFilter(), raise_interrupt=False):
        log.info("changed: %s", _shown(changes))
        once()
        if max_renders is not None and renders >= max_renders:
            break
    return renders


def watch(
    specs: Sequence[Path],
    options: Options,
    report: Callable[[Result], None],
    max_renders: int | None = None,
) -> int:
    """Render, then render again whenever an input changes; ``report`` sees each result."""
    specs = expand(specs)
    options.validate(specs)
    if options.output == STDOUT:
        raise UsageError("watch writes files; it cannot write to standard output")
    folders = watched_folders(specs, options.templates, options.data)
    kept: TemplateSets = {}  # compiled templates, from one render to the next
    return run(folders, lambda: report(render_run(specs, options, kept)), max_renders)
