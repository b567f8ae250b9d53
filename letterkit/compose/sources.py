"""The spec's text values by field, so a message about a character can name its field."""

from __future__ import annotations

from typing import Any

from letterkit.spec.model import Spec


def _walk(value: Any, where: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [
            pair
            for key, item in value.items()
            for pair in _walk(item, f"{where}.{key}" if where else key)
        ]
    if isinstance(value, list | tuple):
        return [pair for i, item in enumerate(value) for pair in _walk(item, f"{where}[{i}]")]
    return []


def spec_texts(spec: Spec) -> tuple[tuple[str, str], ...]:
    """Every text value of the spec with its field, written as users write it (sender.name)."""
    return tuple(_walk(spec.dump(json_mode=True), ""))
