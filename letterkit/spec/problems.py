"""Turn pydantic's validation errors into one clear line per problem.

Each pydantic error carries a location (a path of keys and list indexes);
the YAML reader recorded where each of those stood, so every message names
the file, line and column to fix, in words a non-programmer reads.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from typing import TYPE_CHECKING, Any

from letterkit.errors import Problem
from letterkit.spec.base import Elsewhere, Model, Refusal
from letterkit.spec.types import kind_of
from letterkit.spec.yamlfile import Loaded, Loc, dotted

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

MAX_PROBLEMS = 50


def _model_in(annotation: Any) -> type | None:
    if isinstance(annotation, Elsewhere):
        elsewhere: type = annotation.load()
        return elsewhere
    if isinstance(annotation, type) and (issubclass(annotation, Model) or _pydantic(annotation)):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _pydantic(cls: type) -> bool:
    return isinstance(getattr(cls, "model_fields", None), dict)


def _hints(cls: type) -> dict[str, Any]:
    """The type of each field of a spec class (or of a pydantic model, such as [smtp])."""
    if _pydantic(cls):
        infos: dict[str, Any] = getattr(cls, "model_fields")  # noqa: B009 (a pydantic model's)
        return {name: info.annotation for name, info in infos.items()}
    hints = typing.get_type_hints(cls, include_extras=True)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _fields_at(model: type[Model], loc: Loc) -> list[str]:
    """The field names of the mapping at a location, for "did you mean"."""
    current: type | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, str):
            hints = _hints(current)
            current = _model_in(hints[part]) if part in hints else None
    return list(_hints(current)) if current else []


def _expected(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    words = {
        "string_type": "text",
        "model_type": "a mapping of fields",
        "model_attributes_type": "a mapping of fields",
        "dict_type": "a mapping",
        "list_type": "a list",
        "tuple_type": "a list",
        "bool_parsing": "yes or no (true or false)",
        "bool_type": "yes or no (true or false)",
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "date_type": "a date (YYYY-MM-DD)",
    }
    if kind == "literal_error":
        return "one of " + str(ctx.get("expected", "")).replace("'", '"')
    return words.get(kind, "")


def _message(error: ErrorDetails, model: type[Model]) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        name = loc[-1]
        parent = dotted(loc[:-1])
        return f'{parent + ": " if parent else ""}field "{name}" is required'
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return f"{dotted(loc)}: unknown key{hint}"
    expected = _expected(error)
    if expected:
        got = f'"{value}"' if isinstance(value, str) else kind_of(value)
        return f"{dotted(loc)}: expected {expected}, got {got}"
    text = error["msg"].removeprefix("Value error, ")
    return f"{dotted(loc)}: {text[0].lower() + text[1:] if text else text}"


def _written(loc: Loc, loaded: Loaded, kind: str) -> Loc:
    """Trim what pydantic adds to a location (union branches) down to what the user wrote."""
    keep = len(loc) - 1 if kind in ("missing", "extra_forbidden") else len(loc)
    while keep > 0 and loc[:keep] not in loaded.values:
        keep -= 1
    return loc[:keep] + loc[keep:][:1] if kind in ("missing", "extra_forbidden") else loc[:keep]


def problems_from(exc: Refusal, loaded: Loaded, model: type[Model]) -> list[Problem]:
    """One Problem per pydantic error, positioned and without repeats."""
    seen: dict[tuple[Loc, str], Problem] = {}
    for error in exc.error.errors(include_url=False):
        loc = _written(tuple(error["loc"]), loaded, error["type"])
        message = _message({**error, "loc": loc}, model)
        if error["type"] == "missing":
            pos = loaded.position(loc[:-1])
        elif error["type"] == "extra_forbidden" or error.get("input") is None:
            # An empty value has no text to point at; its key does.
            pos = loaded.position(loc)
        else:
            pos = loaded.values.get(loc) or loaded.position(loc)
        seen.setdefault((loc, message), Problem(loaded.path, message, pos.line, pos.column))
    return list(seen.values())


def reported(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, at most MAX_PROBLEMS of them and a line saying how many more."""
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    more = len(ordered) - MAX_PROBLEMS
    return [*ordered[:MAX_PROBLEMS], Problem(ordered[0].path, f"... and {more} more problems")]
