"""The signatures at the end of the letter and the images the letter shows.

Names and images are data, not wording: they come from the spec as written.
The words around them (the valediction, the headings of enclosures and
copies) come from templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from letterkit import boundary
from letterkit.compose.environment import FILTERS
from letterkit.document import Block, Closing, Image, Signatory
from letterkit.errors import SpecError
from letterkit.layouts import layout_named
from letterkit.spec.model import Image as SpecImage
from letterkit.spec.model import Spec


class Files(msgspec.Struct, frozen=True):
    """Where a letter's images are: the spec's folder, and the folders the PDF may load from."""

    spec: Path
    folder: Path
    roots: tuple[Path, ...]


def image(spec_image: SpecImage | None, files: Files, name: str, field: str) -> Image | None:
    """The document's image for a spec image; its alt text defaults to the name it stands for.

    The name is what a logo or a signature says, in the letter's own
    language, so the default needs no wording of any language.
    """
    if spec_image is None:
        return None
    # The loader refuses such a path first, with its line and column, when it
    # is given the roots; this guards specs composed without that check.
    try:
        path = boundary.resolve(files.folder / spec_image.path, files.roots)
    except boundary.Refused:
        raise SpecError.at(
            files.spec,
            f'{field}: "{spec_image.path}" is outside the spec\'s folder and project, '
            "where the PDF may load files from; move it into the project",
        ) from None
    return Image(path, spec_image.alt or name)


def _signatories(
    spec: Spec, files: Files, sender: Mapping[str, Any], behalf: str
) -> tuple[Signatory, ...]:
    sign_off = spec.sign_off
    if sign_off.signatories:
        return tuple(
            Signatory(
                tuple(x for x in (s.name, s.role, s.organisation) if x),
                image(s.signature, files, s.name, f"sign_off.signatories[{i}].signature"),
                on_behalf_of=s.on_behalf_of,
            )
            for i, s in enumerate(sign_off.signatories)
        )
    name = sign_off.signatory or str(FILTERS["named"](sender))
    signature = image(sign_off.signature, files, name, "sign_off.signature")
    lines = (name, behalf) if behalf else (name,)
    return (Signatory(lines, signature, on_behalf_of=sign_off.on_behalf_of),)


def closing(
    spec: Spec,
    files: Files,
    context: Mapping[str, Any],
    valediction: tuple[Block, ...],
    behalf: str = "",
) -> Closing:
    """The valediction (from its template), the signatories and, when placed there, the date.

    ``behalf`` is the line saying the signatory signs for the sender (from its template).
    """
    return Closing(
        valediction=tuple(line for block in valediction for line in block.lines),
        signatories=_signatories(spec, files, context["sender"], behalf),
        date=context["dateline"] if spec.layout.date == "bottom" else None,
        signature_space=_signature_space(spec),
    )


def _signature_space(spec: Spec) -> bool:
    """Room to sign by hand: as the spec says, else for every letter made to be posted."""
    if spec.sign_off.signature_space is not None:
        return spec.sign_off.signature_space
    return layout_named(spec.layout.envelope).field is not None
