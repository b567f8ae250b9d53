"""The fast validator: a spec that is right, made into spec objects without pydantic.

Importing pydantic and building its models costs a text letter most of its
start-up time, and nearly every spec a user renders is valid. So the spec
classes' type hints are read once per class, and a value is taken when it
is of a kind this reader knows for certain pydantic takes the same way
(text, yes/no words, whole numbers, lists, mappings, ISO dates). Anything
else, and every value a rule refuses, is deferred: pydantic then validates
the whole spec from scratch (letterkit/spec/strict.py) and words each
problem as it always has. This reader only has to be right for what it
takes, and never takes what pydantic refuses; tests compare both on every
example spec and on generated ones.

msgspec was the other candidate. It checks a value's type before any hook
of ours could see it (its dec_hook only sees types it does not know), so
the rules that normalise what was written first (one string as paragraphs
or lines, an image as its path alone, any-case layout words) would each
have needed a second, msgspec-shaped version. The spec classes stay stdlib
dataclasses (the document model's structs are msgspec's): pickled to the
workers with what they were built from (``given``), and built from mixins of
fields, which structs cannot be.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from letterkit.spec.base import (
    After,
    Alias,
    Before,
    Bounds,
    Elsewhere,
    JsonMarker,
    Model,
    Refusal,
    built,
    once,
    overrides,
)

M = TypeVar("M", bound=Model)
Convert = Callable[[Any, Any], Any]
"""Take a value as written (and the validation context); the valid value, or raise Defer."""


class Defer(Exception):
    """The value is not one the fast reader takes: pydantic decides."""


_YES_NO = {
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True),
    **dict.fromkeys(("0", "off", "f", "false", "n", "no"), False),
}
"""The words pydantic reads as yes/no, in any case (and without surrounding spaces)."""
_WHOLE = re.compile(r"-?[0-9]{1,18}")
"""Whole numbers as pydantic reads them and int() reads them alike (pydantic takes more)."""
_RULE_ERRORS = (ValueError, AssertionError)
"""What pydantic turns into a validation error when a rule raises it."""


def _rule(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except _RULE_ERRORS:
        raise Defer from None


def _text(value: Any, context: Any) -> Any:
    if type(value) is not str:
        raise Defer
    return value


def _yes_no(value: Any, context: Any) -> bool:
    if type(value) is bool:
        return value
    if type(value) is str and value.isascii() and value.lower() in _YES_NO:
        return _YES_NO[value.lower()]
    raise Defer


def _whole(value: Any, context: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is str and _WHOLE.fullmatch(value):
        return int(value)
    raise Defer


def _date(value: Any, context: Any) -> Any:
    if type(value) is not dt.date:
        raise Defer
    return value


def _nothing(value: Any, context: Any) -> None:
    if value is not None:
        raise Defer


def _json(value: Any, context: Any) -> Any:
    """A JSON value, rebuilt (so the spec shares nothing with the data it came from)."""
    if value is None or type(value) in (str, bool, int, float):
        return value
    if type(value) is list:
        return [_json(item, context) for item in value]
    if type(value) is dict and all(type(key) is str for key in value):
        return {key: _json(item, context) for key, item in value.items()}
    raise Defer


def _refuse(value: Any, context: Any) -> Any:
    raise Defer


_SIMPLE: dict[Any, Convert] = {
    str: _text,
    bool: _yes_no,
    int: _whole,
    dt.date: _date,
    type(None): _nothing,
}


def _annotated(hint: Any) -> Convert:
    base, *marks = typing.get_args(hint)
    inner = JSON_CONVERT if any(isinstance(m, JsonMarker) for m in marks) else converter(base)
    if any(isinstance(m, Elsewhere) for m in marks):
        return _refuse
    # pydantic runs the last before-rule first and after-rules in order.
    before = [m.fn for m in reversed(marks) if isinstance(m, Before)]
    after = [(m.fn, m.context) for m in marks if isinstance(m, After)]
    bounds = [m for m in marks if isinstance(m, Bounds)]
    if not (before or after or bounds):
        return inner

    def convert(value: Any, context: Any) -> Any:
        try:
            for fn in before:
                value = fn(value)
            value = inner(value, context)  # raises Defer, not a rule's error
            for fn, with_context in after:
                value = fn(value, context) if with_context else fn(value)
        except _RULE_ERRORS:
            raise Defer from None
        if bounds and value is not None and not all(b.admit(value) for b in bounds):
            raise Defer
        return value

    return convert


JSON_CONVERT: Convert = _json


def _union(hint: Any) -> Convert:
    args = typing.get_args(hint)
    optional = type(None) in args
    choices = [converter(arg) for arg in args if arg is not type(None)]
    bases = [_bare(arg) for arg in args if arg is not type(None)]

    def convert(value: Any, context: Any) -> Any:
        if value is None and optional:
            return None
        if len(choices) == 1:
            return choices[0](value, context)
        # Several kinds (a date or text): the one the value already is, as pydantic picks.
        for choice, base in zip(choices, bases, strict=True):
            if type(value) is base:
                return choice(value, context)
        raise Defer

    return convert


def _bare(hint: Any) -> Any:
    return _bare(typing.get_args(hint)[0]) if typing.get_origin(hint) is Annotated else hint


def _literal(hint: Any) -> Convert:
    allowed = typing.get_args(hint)

    def convert(value: Any, context: Any) -> Any:
        if any(type(value) is type(choice) and value == choice for choice in allowed):
            return value
        raise Defer

    return convert


def _tuple(hint: Any) -> Convert:
    item, *rest = typing.get_args(hint)
    assert rest == [...], "the spec holds only tuples of one kind"
    each = converter(item)

    def convert(value: Any, context: Any) -> Any:
        if type(value) not in (list, tuple):
            raise Defer
        return tuple(each(one, context) for one in value)

    return convert


def _mapping(hint: Any) -> Convert:
    key, item = typing.get_args(hint)
    assert key is str, "the spec's mappings are keyed by text"
    each = converter(item)

    def convert(value: Any, context: Any) -> Any:
        if type(value) is not dict or not all(type(k) is str for k in value):
            raise Defer
        return {k: each(v, context) for k, v in value.items()}

    return convert


@cache
def converter(hint: Any) -> Convert:
    """The reader of one type hint, made once."""
    origin = typing.get_origin(hint)
    if hint in _SIMPLE:
        return _SIMPLE[hint]
    if isinstance(hint, type) and issubclass(hint, Model):
        return lambda value, context: build(hint, value, context)
    makers: dict[Any, Callable[[Any], Convert]] = {
        Annotated: _annotated,
        typing.Union: _union,
        types.UnionType: _union,
        Literal: _literal,
        tuple: _tuple,
        dict: _mapping,
    }
    if origin in makers:
        return makers[origin](hint)
    return _refuse  # a kind this reader does not know: pydantic's


class _Field(typing.NamedTuple):
    name: str
    key: str
    convert: Convert
    default: Callable[[], Any] | None
    """The default, made anew for each instance; None: the field is required."""
    checked: bool
    """Whether the class's rule for it (Model.CHECKS) runs once it is valid."""


class _Plan(typing.NamedTuple):
    """How to read one spec class: its fields, the keys it takes, its class-wide rules."""

    fields: tuple[_Field, ...]
    keys: frozenset[str]
    before: bool
    after: bool


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


@once
def fields_of(cls: type[Model]) -> tuple[_Field, ...]:
    """The fields of a spec class in order, each with its key and reader, read once."""
    hints = typing.get_type_hints(cls, include_extras=True)
    found = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        hint = hints[field.name]
        marks = typing.get_args(hint)[1:] if typing.get_origin(hint) is Annotated else ()
        key = next((m.name for m in marks if isinstance(m, Alias)), field.name)
        default: Callable[[], Any] | None = None
        if field.default is not dataclasses.MISSING:
            default = _constant(field.default)
        elif field.default_factory is not dataclasses.MISSING:
            default = field.default_factory
        checked = field.name in cls.CHECKS
        found.append(_Field(field.name, key, converter(hint), default, checked))
    return tuple(found)


@once
def _plan(cls: type[Model]) -> _Plan:
    fields = fields_of(cls)
    keys = frozenset(f.key for f in fields)
    return _Plan(fields, keys, overrides(cls, "_before"), overrides(cls, "_after"))


def build(cls: type[M], value: Any, context: Any = None) -> M:
    """An instance of ``cls`` from a value as written; raise Defer for anything not certain."""
    plan = _plan(cls)
    if plan.before:
        value = _rule(cls._before, value)
    if type(value) is not dict or not value.keys() <= plan.keys:
        raise Defer
    values: dict[str, Any] = {}
    given = []
    for field in plan.fields:
        if field.key in value:
            one = field.convert(value[field.key], context)
            if field.checked:
                one = _rule(cls._check, field.name, one, values)
            given.append(field.name)
        elif field.default is None:
            raise Defer
        else:
            one = field.default()
        values[field.name] = one
    made = built(cls, values, frozenset(given))
    if plan.after:
        _rule(made._after)
    return typing.cast("M", made)


def validated(cls: type[M], value: Any, context: Mapping[str, Any] | None = None) -> M:
    """An instance of ``cls`` from a value as written; raise Refusal when it is not valid."""
    try:
        return build(cls, value, context)
    except Defer:
        pass
    # Imported here: pydantic is loaded only for a spec this reader does not take.
    from letterkit.spec import strict  # noqa: PLC0415

    return strict.validate(cls, value, context)


__all__ = ["Defer", "Refusal", "build", "converter", "fields_of", "validated"]
