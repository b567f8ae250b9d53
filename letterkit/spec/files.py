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


def image_file(value: str, context: Any) -> str:
    """Check that ``value`` names a PNG, JPEG or SVG file next to the spec; return it unchanged."""
    if Path(value).suffix.lower() not in IMAGE_SUFFIXES:
        raise PydanticCustomError(
            "image_kind",
            '"{value}" is not a PNG, JPEG or SVG file (.png, .jpg, .jpeg, .svg)',
            {"value": value},
        )
    folder = context.get(FOLDER) if isinstance(context, dict) else None
    if folder is not None and not (Path(folder) / value).is_file():
        raise PydanticCustomError(
            "image_missing",
            'no image file "{value}"; paths are relative to the spec\'s folder',
            {"value": value},
        )
    return value


def image_schema(schema: dict[str, Any]) -> None:
    """An image may also be written as its path alone."""
    full = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "description": "The image file's path."}, full]
