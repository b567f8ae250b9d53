"""Spec file -> validated spec model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from letterkit.errors import SpecError
from letterkit.spec.files import FOLDER
from letterkit.spec.model import Spec
from letterkit.spec.problems import problems_from, reported
from letterkit.spec.yamlfile import Loaded, load, parse

__all__ = ["Loaded", "Spec", "load_spec", "parse_spec", "with_defaults"]


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


def with_defaults(data: Any, defaults: Mapping[str, Any]) -> Any:
    """Spec data with defaults filled in where it leaves a key out; mappings merge key by key."""
    if not isinstance(data, dict):
        return data
    merged = dict(data)
    for key, value in defaults.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(value, Mapping):
            merged[key] = with_defaults(merged[key], value)
    return merged


def load_spec(path: Path, defaults: Mapping[str, Any] | None = None) -> Spec:
    """Read, parse and validate a spec file; every problem is a SpecError with positions.

    ``defaults`` (a project's config) fill what the spec leaves out, before
    validation, so every rule of the model applies to them too.
    """
    loaded = load(path)
    if defaults:
        loaded.data = with_defaults(loaded.data, defaults)
    return _validate(loaded)


def parse_spec(path: Path, text: str) -> Spec:
    """Validate spec text, naming ``path`` in errors."""
    return _validate(parse(path, text))
