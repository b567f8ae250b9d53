"""The schema line editors read (``# yaml-language-server: $schema=...``), kept pointing home.

Editors resolve a relative schema path from the spec's own folder, so a spec
copied into a subfolder silently loses completion and checking in the editor.
There is no public address for the schema (it is generated for each installed
version and kept in the project, beside letterkit.toml), so the path stays
relative and letterkit says, with the line, what to write instead.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import msgspec

from letterkit.defaults import PROJECT_MARKERS, SCHEMA_FILE, STDIN_SPEC_NAME

log = logging.getLogger("letterkit")

_MODELINE = re.compile(r"^\s*#\s*yaml-language-server\s*:\s*\$schema=(\S+)")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class SchemaLine(msgspec.Struct, frozen=True):
    """Where a spec names its schema, and what it wrote."""

    target: str
    line: int
    column: int


def find(text: str) -> SchemaLine | None:
    """The first schema comment of a YAML text, as yaml-language-server takes it."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = _MODELINE.match(line)
        if found:
            return SchemaLine(found.group(1), number, found.start(1) + 1)
    return None


def _project_schema(folder: Path) -> Path | None:
    """The schema file in the nearest folder above ``folder`` that holds one, within the project."""
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return candidate / SCHEMA_FILE
        if any(os.path.lexists(candidate / marker) for marker in PROJECT_MARKERS):
            return None
    return None


def warn_if_lost(path: Path, schema: SchemaLine | None) -> None:
    """Warn, with the line, when a spec's relative schema path leads to no file.

    Only whether files exist is asked here, nothing is read.
    """
    if schema is None or _URL.match(schema.target) or str(path) == STDIN_SPEC_NAME:
        return
    folder = Path(os.path.normpath(path.absolute())).parent
    if (folder / schema.target).is_file():
        return
    found = _project_schema(folder)
    advice = (
        f"write $schema={Path(os.path.relpath(found, folder)).as_posix()}"
        if found
        else f"write the schema with: letterkit schema > {SCHEMA_FILE} in the project folder"
    )
    log.warning(
        "%s:%d:%d: the schema line points at %s, which is not there from this folder, "
        "so editors cannot check this spec; %s",
        path,
        schema.line,
        schema.column,
        schema.target,
        advice,
    )
