"""The layout template's sandbox: autoescaping, immutable, and blind to everything but the letter.

Jinja's immutable sandbox refuses Python internals; this one also refuses
every attribute of a path (a path could read a file) and loads templates
only from the layout's own files, which composition read through the
boundary: an include or import of any other name, absolute or relative, is
not found. Each layout is compiled once per process and shared by every
letter of a batch.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from letterkit.document import Image, TemplateFile
from letterkit.errors import LetterkitError, SafetyError, TemplateError
from letterkit.isolation import isolated
from letterkit.page import furniture
from letterkit.page.typography import sized, unbroken, unbroken_date

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


class LayoutSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, autoescaping, refusing what a path could do."""

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
}


def _environment(files: tuple[TemplateFile, ...]) -> LayoutSandbox:
    env = LayoutSandbox(
        loader=_Files(files),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


_COMPILED: dict[tuple[TemplateFile, ...], jinja2.Template] = {}


def compiled(files: tuple[TemplateFile, ...], letter: str) -> jinja2.Template:
    """The layout compiled once per process, with the files it may include."""
    found = _COMPILED.get(files)
    if found is None:
        if len(_COMPILED) >= MAX_LAYOUTS:
            _COMPILED.clear()
        try:
            found = _environment(files).get_template(files[0].name)
        except jinja2.TemplateError as exc:
            raise layout_error(exc, files, letter) from None
        _COMPILED[files] = found
    return found


def layout_error(exc: Exception, files: tuple[TemplateFile, ...], letter: str) -> LetterkitError:
    """Jinja's error (or any the layout raised) with the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or files[0].path
        return TemplateError.at(Path(where), f"template syntax error: {exc.message}", exc.lineno)
    paths = {file.path for file in files}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in paths]
    if isinstance(exc, SecurityError):
        kind: type[LetterkitError] = SafetyError
        message = f"refused by the layout's sandbox: {str(exc).rstrip('.')}"
    else:
        kind, message = TemplateError, str(exc)
    message += f" (while laying out {letter})"
    if not frames:
        return kind.at(Path(files[0].path), message)
    return kind.at(Path(frames[-1].filename), message, frames[-1].lineno)
