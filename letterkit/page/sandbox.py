"""The layout template's sandbox: autoescaping, immutable, and blind to everything but the letter.

The part templates' sandbox (letterkit/sandbox.py) refuses Python internals
and stops a template over its letter's time, output or memory budget; this
one also escapes what it prints, refuses every attribute of a path (a path
could read a file) and loads templates only from the layout's own files,
which composition read through the boundary: an include or import of any
other name, absolute or relative, is not found. Each layout is compiled once
per process and shared by every letter of a batch; its compiled code is kept
on disk like the part templates' (letterkit/compiled.py), so a cold PDF does not
compile it again (some 45 ms).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import jinja2
import msgspec
from jinja2.exceptions import SecurityError

from letterkit import document, layouts
from letterkit.compiled import TemplateCache
from letterkit.defaults import MEMORY_LIMIT
from letterkit.document import Image, Layout, TemplateFile
from letterkit.errors import LetterkitError, SafetyError, TemplateError
from letterkit.isolation import isolated
from letterkit.page import furniture
from letterkit.page.typography import sized, unbroken, unbroken_date
from letterkit.sandbox import Budget, LetterSandbox, LimitExceeded

MAX_LAYOUTS = 8
"""Compiled layouts kept per process: a batch uses one; stay bounded regardless."""


class _Files(jinja2.BaseLoader):
    """The layout's files by name, as composition read them; nothing else exists."""

    def __init__(self, files: tuple[TemplateFile, ...]) -> None:
        self.files = {file.name: file for file in files}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        file = self.files.get(template)
        if file is None:
            raise jinja2.TemplateNotFound(template)
        return file.text, file.path, lambda: True


def _readable(cls: type[msgspec.Struct]) -> frozenset[str]:
    """A frozen struct's fields and properties: data, nothing that acts."""
    names = set(cls.__struct_fields__)
    return frozenset(names | {n for n, v in vars(cls).items() if isinstance(v, property)})


MODEL_FIELDS = {
    cls: _readable(cls)
    for module in (document, layouts)
    for cls in vars(module).values()
    if isinstance(cls, type) and issubclass(cls, msgspec.Struct)
}
"""What the layout reads of the document model and the layout table, by type."""


class LayoutSandbox(LetterSandbox):
    """The letters' sandbox, autoescaping, refusing what a path could do."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A field of the document model at once; anything else as the sandbox judges it.

        The model is frozen plain data, so reading its fields needs none of the
        sandbox's checks, which cost more than the rest of the layout together.
        """
        if attribute in MODEL_FIELDS.get(type(obj), ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """No attribute of a path: its methods read and list files."""
        if isinstance(obj, PurePath):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def _uri(image: Image) -> str:
    return image.path.as_uri()


FILTERS: dict[str, Callable[..., Any]] = {
    "sized": sized,
    "unbroken": unbroken,
    "nowrap": unbroken_date,
    "isolated": isolated,
    "uri": _uri,
}
GLOBALS: dict[str, Callable[..., Any]] = {
    "kept": furniture.kept,
    "signatory_grid": furniture.signatory_grid,
    "running_items": furniture.running_items,
    "return_address": furniture.return_address,
    "mark_kinds": furniture.mark_kinds,
    "paired": furniture.paired,
    "named_in_every_language": furniture.named_in_every_language,
}


COMPILED = TemplateCache(kind="layout")
"""The layouts' compiled code, apart from the part templates': autoescaping compiles the
same text to other code."""


def _environment(files: tuple[TemplateFile, ...]) -> LayoutSandbox:
    env = LayoutSandbox(
        loader=_Files(files),
        bytecode_cache=COMPILED,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


_ENVIRONMENTS: dict[tuple[TemplateFile, ...], LayoutSandbox] = {}
MARKUP_FACTOR = 8
"""The layout's output may be this many times the letter text the templates may write:
each run of text gets its element and classes."""


def compiled(files: tuple[TemplateFile, ...]) -> LayoutSandbox:
    """The environment of a layout, its templates compiled once per process and kept."""
    found = _ENVIRONMENTS.get(files)
    if found is None:
        if len(_ENVIRONMENTS) >= MAX_LAYOUTS:
            _ENVIRONMENTS.clear()
        found = _environment(files)
        found.get_template(files[0].name)
        _ENVIRONMENTS[files] = found
    return found


def fill(layout: Layout, context: dict[str, Any], letter: str) -> str:
    """The layout's output for one letter, under the letter's template budget."""
    files = layout.page_template
    budget = Budget(layout.time_limit, layout.output_limit * MARKUP_FACTOR, MEMORY_LIMIT)
    try:
        env = compiled(files)
        with env.bounded(budget):
            return env.render_bounded(files[0].name, context)
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, LookupError) as exc:
        raise layout_error(exc, files, letter) from None


def layout_error(exc: Exception, files: tuple[TemplateFile, ...], letter: str) -> LetterkitError:
    """Jinja's error (or any the layout raised) with the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or files[0].path
        message = f"template syntax error: {exc.message} (while laying out {letter})"
        return TemplateError.at(Path(where), message, exc.lineno)
    paths = {file.path for file in files}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in paths]
    if isinstance(exc, LimitExceeded):
        kind: type[LetterkitError] = SafetyError
        message = f"refused: {exc}"
    elif isinstance(exc, SecurityError):
        kind = SafetyError
        message = f"refused by the layout's sandbox: {str(exc).rstrip('.')}"
    elif isinstance(exc, jinja2.TemplateNotFound):
        kind = TemplateError
        message = (
            f'the layout includes "{exc.name}", which is not one of its files (the .html.j2 '
            "files of the template folders)"
        )
    else:
        kind, message = TemplateError, str(exc)
    message += f" (while laying out {letter})"
    if not frames:
        return kind.at(Path(files[0].path), message)
    return kind.at(Path(frames[-1].filename), message, frames[-1].lineno)
