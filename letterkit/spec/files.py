"""Files a spec names (logos, signatures): checked when the spec is loaded.

A path is relative to the spec's folder, which the loader passes to the
model as validation context; a missing or unsupported file is reported at
the line and column of the path, before anything is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from letterkit import boundary

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
    try:
        found = boundary.is_file(Path(folder) / value, context.get(ROOTS) or ())
    except boundary.Refused as exc:
        if boundary.HIDDEN in str(exc):
            raise PydanticCustomError(
                "image_hidden", '"{value}" is a hidden file, which is not read', {"value": value}
            ) from None
        raise PydanticCustomError(
            "image_outside",
            '"{value}" is outside the spec\'s folder and project, where the PDF may load '
            "files from; move it into the project",
            {"value": value},
        ) from None
    if not found:
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
