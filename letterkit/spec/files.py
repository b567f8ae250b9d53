"""Files a spec names (logos, signatures): checked when the spec is loaded.

A path is relative to the spec's folder, which the loader passes to the
model as validation context; a missing or unsupported file is reported at
the line and column of the path, before anything is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
FOLDER = "folder"
"""The validation context key holding the spec's folder."""
ROOTS = "roots"
"""The validation context key holding the folders the PDF may load files from."""


def image_file(value: str, context: Any) -> str:
    """Check that ``value`` names a PNG, JPEG or SVG file next to the spec; return it unchanged."""
    if Path(value).suffix.lower() not in IMAGE_SUFFIXES:
        raise PydanticCustomError(
            "image_kind",
            '"{value}" is not a PNG, JPEG or SVG file (.png, .jpg, .jpeg, .svg)',
            {"value": value},
        )
    context = context if isinstance(context, dict) else {}
    folder = context.get(FOLDER)
    if folder is None:
        return value
    path = (Path(folder) / value).resolve()
    if not path.is_file():
        raise PydanticCustomError(
            "image_missing",
            'no image file "{value}"; paths are relative to the spec\'s folder',
            {"value": value},
        )
    roots = context.get(ROOTS) or ()
    if roots and not any(path.is_relative_to(Path(root).resolve()) for root in roots):
        raise PydanticCustomError(
            "image_outside",
            '"{value}" is outside the spec\'s folder and project, where the PDF may load '
            "files from; move it into the project",
            {"value": value},
        )
    return value


def image_schema(schema: dict[str, Any]) -> None:
    """An image may also be written as its path alone."""
    full = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "description": "The image file's path."}, full]
