"""Spec file -> validated spec model."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from letterkit.errors import SpecError
from letterkit.spec.files import FOLDER
from letterkit.spec.model import Spec
from letterkit.spec.problems import problems_from, reported
from letterkit.spec.yamlfile import Loaded, load, parse

__all__ = ["Loaded", "Spec", "load_spec", "parse_spec"]


def _validate(loaded: Loaded) -> Spec:
    if not isinstance(loaded.data, dict):
        raise SpecError.at(
            loaded.path,
            "a spec is a mapping of keys (sender:, recipient:, ...), not a single value or a list",
            1,
            1,
        )
    try:
        # Paths in the spec (logos, signatures) are checked against its folder.
        spec = Spec.model_validate(loaded.data, context={FOLDER: loaded.path.parent})
    except ValidationError as exc:
        raise SpecError(reported([*loaded.problems, *problems_from(exc, loaded, Spec)])) from None
    if loaded.problems:
        raise SpecError(reported(loaded.problems))
    return spec


def load_spec(path: Path) -> Spec:
    """Read, parse and validate a spec file; every problem is a SpecError with positions."""
    return _validate(load(path))


def parse_spec(path: Path, text: str) -> Spec:
    """Validate spec text, naming ``path`` in errors."""
    return _validate(parse(path, text))
