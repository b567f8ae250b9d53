"""The Jinja side of a template set: its folders as loaders, and the environment over them.

Kept apart from compose/templates.py, which finds and reads template files
without Jinja: a set's environment is made the first time a letter is composed
with it, in the worker that composes, not in the process that plans the run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from letterkit import boundary
from letterkit.compose.environment import make_environment
from letterkit.compose.templates import read_text
from letterkit.sandbox import LetterSandbox


class FolderLoader(jinja2.BaseLoader):
    """One template folder, read through the boundary: nothing outside ``area``, nothing hidden.

    Jinja's own FileSystemLoader follows symlinks anywhere and reads hidden
    files; this one refuses both (a SafetyError, exit 3) and caps every read.
    """

    def __init__(self, folder: Path, area: Path) -> None:
        self.folder, self.area = folder, area

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name, and whether the file is unchanged since."""
        path = self.folder.joinpath(*split_template_path(template))
        if not boundary.is_file(path, [self.area]):
            raise jinja2.TemplateNotFound(template)
        text = read_text(path, self.area)
        mtime = _mtime(path)
        return text, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def environment_over(roots: list[tuple[str, Path]], areas: dict[Path, Path]) -> LetterSandbox:
    """The sandboxed environment that loads from these folders, each kept inside its area.

    Prefixed names reach one folder ("builtin/en/greeting.j2" for
    {% extends %}); plain names follow the search path.
    """
    loaders = {prefix: FolderLoader(root, areas[root]) for prefix, root in roots}
    return make_environment(jinja2.ChoiceLoader([jinja2.PrefixLoader(loaders), *loaders.values()]))
