"""A spec model's fields as plain data, as dataclasses.asdict gives them, in a fraction of its time.

Every letter of a mailing dumps its spec several times (its fingerprint, its
file name, the texts a message may point to, the template context), and
asdict spent most of that in deepcopy and fields() of values that cannot
change. The same rules: a dataclass becomes a dict of its fields; lists,
tuples and dicts are rebuilt; the immutable kinds below are shared as they
are (their deep copy would equal them); anything rarer goes to asdict itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

_SHARED = frozenset({str, int, float, bool, type(None), dt.date})
"""Immutable kinds whose deep copy equals the value itself."""


@cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


@dataclasses.dataclass(frozen=True)
class _Held:
    value: Any


def _rare(value: Any) -> Any:
    """What asdict makes of anything else (a named tuple, a subclass of list, a Path...)."""
    return dataclasses.asdict(_Held(value))["value"]


def plain(value: Any) -> Any:
    """``value`` with every dataclass in it a dict of its fields (asdict's result)."""
    kind = type(value)
    if kind in _SHARED:
        return value
    rebuild = _REBUILD.get(kind)
    if rebuild is not None:
        return rebuild(value)
    if dataclasses.is_dataclass(kind):
        return {name: plain(getattr(value, name)) for name in _names(kind)}
    return _rare(value)


_REBUILD: dict[type, Callable[[Any], Any]] = {
    tuple: lambda value: tuple(plain(v) for v in value),
    list: lambda value: [plain(v) for v in value],
    dict: lambda value: {plain(k): plain(v) for k, v in value.items()},
}


def jsonable(value: Any) -> Any:
    """``plain(value)`` as JSON takes it: tuples as lists, dates as ISO text."""
    kind = type(value)
    if kind in _SHARED and kind is not dt.date:
        return value
    if kind is tuple or kind is list:
        return [jsonable(v) for v in value]
    if kind is dict:
        return {plain(k): jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(kind):
        return {name: jsonable(getattr(value, name)) for name in _names(kind)}
    return _as_json(plain(value))


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value
