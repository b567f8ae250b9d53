"""Files a spec names (logos, signatures): checked when the spec is loaded.

A path is relative to the spec's folder, which the loader passes to the
model as validation context; a missing or unsupported file is reported at
the line and column of the path, before anything is rendered.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from letterkit import boundary
from letterkit.defaults import MAX_RESOURCE_BYTES
from letterkit.spec.base import Invalid

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
FOLDER = "folder"
"""The validation context key holding the spec's folder."""
ROOTS = "roots"
"""The validation context key holding the folders the PDF may load files from."""


def image_file(value: str, context: Any) -> str:
    """Check that ``value`` names a PNG, JPEG or SVG file next to the spec; return it unchanged."""
    if Path(value).suffix.lower() not in IMAGE_SUFFIXES:
        raise Invalid(
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
            raise Invalid(
                "image_hidden", '"{value}" is a hidden file, which is not read', {"value": value}
            ) from None
        raise Invalid(
            "image_outside",
            '"{value}" is outside the spec\'s folder and project, where the PDF may load '
            "files from; move it into the project",
            {"value": value},
        ) from None
    if not found:
        raise Invalid(
            "image_missing",
            'no image file "{value}"; paths are relative to the spec\'s folder',
            {"value": value},
        )
    sniff(Path(folder) / value, context.get(ROOTS) or (), value)
    return value


def _unreadable(value: str, reason: str) -> Invalid:
    return Invalid(
        "image_corrupt",
        '"{value}" is not a readable image ({reason}); export it again as PNG, JPEG or SVG',
        {"value": value, "reason": reason},
    )


def sniff(path: Path, roots: Any, value: str) -> None:
    """Refuse an image the PDF could not load: not an image at all, cut short, corrupt.

    Decoded here, so ``letterkit check`` finds it without the PDF engine.
    """
    try:
        data = boundary.read_bytes(path, roots, MAX_RESOURCE_BYTES)
    except (OSError, boundary.Refused) as exc:
        raise _unreadable(value, str(exc)) from None
    if path.suffix.lower() == ".svg":
        if b"<svg" not in data[:65536]:
            raise _unreadable(value, "no <svg> element")
        return
    # Pillow comes with WeasyPrint; imported only for a spec that names an image.
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() reads the structure; load() decodes every pixel
    except UnidentifiedImageError:
        raise _unreadable(value, "not an image") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise _unreadable(value, str(exc) or type(exc).__name__) from None


def image_schema(schema: dict[str, Any]) -> None:
    """An image may also be written as its path alone."""
    full = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "description": "The image file's path."}, full]
