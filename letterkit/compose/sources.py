"""The spec's text values by field, so a message about a character can name its field."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

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


class SpecTexts(Sequence[tuple[str, str]]):
    """spec_texts(spec), found on first use.

    Only a PDF with a character no font has asks for them, and listing them
    took a text letter of a mailing a sixth of its time.
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._found: tuple[tuple[str, str], ...] | None = None

    def _texts(self) -> tuple[tuple[str, str], ...]:
        if self._found is None:
            self._found = spec_texts(self.spec)
        return self._found

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, str] | Sequence[tuple[str, str]]:
        return self._texts()[index]

    def __len__(self) -> int:
        return len(self._texts())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._texts())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._texts() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._texts())

    def __repr__(self) -> str:
        return repr(self._texts())
