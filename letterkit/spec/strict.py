"""The spec model as pydantic models, built from the spec classes when first needed.

Loaded for a spec the fast reader does not take (letterkit/spec/fast.py) and
for the JSON Schema. Each spec class becomes a frozen pydantic model of the
same name, fields, defaults and rules, whose errors are the messages users
read (letterkit/spec/problems.py); a valid result is handed back as the
spec classes' own instances, so the rest of letterkit sees one model.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from letterkit.spec.base import (
    After,
    Alias,
    Before,
    Bounds,
    Elsewhere,
    Invalid,
    JsonMarker,
    Model,
    Refusal,
    Schema,
    built,
    once,
    overrides,
)
from letterkit.spec.docs import descriptions

M = TypeVar("M", bound=Model)


def _worded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The rule, its refusals raised as pydantic's custom errors (same kind, same words)."""

    def call(*args: Any) -> Any:
        try:
            return fn(*args)
        except Invalid as exc:
            raise PydanticCustomError(exc.kind, exc.template, exc.ctx or None) from None

    return call


def _with_context(fn: Callable[..., Any]) -> Callable[[Any, ValidationInfo], Any]:
    rule = _worded(fn)
    return lambda value, info: rule(value, info.context)


def _alone(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    rule = _worded(fn)

    def one(value: Any) -> Any:  # pydantic reads a validator's signature: the value alone
        return rule(value)

    return one


def _mark(mark: Any) -> Any:
    if isinstance(mark, Before):
        return BeforeValidator(_alone(mark.fn))
    if isinstance(mark, After):
        return AfterValidator(_with_context(mark.fn) if mark.context else _alone(mark.fn))
    if isinstance(mark, Schema):
        return WithJsonSchema(mark.schema)
    return mark


def _hint(hint: Any, described: bool) -> Any:
    """The pydantic type for a spec class's type hint: spec classes become their models."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and issubclass(hint, Model):
        return model_for(hint, described)
    if origin is Annotated:
        return _marked(args[0], args[1:], described)
    inner = tuple(_hint(a, described) for a in args)
    if origin in (typing.Union, types.UnionType):
        return typing.Union.__getitem__(inner)
    if origin in (tuple, dict):
        return origin.__class_getitem__(inner)  # tuple[X, ...], dict[str, X]
    return hint


def _marked(base: Any, marks: tuple[Any, ...], described: bool) -> Any:
    if any(isinstance(m, JsonMarker) for m in marks):
        return JsonValue
    for mark in marks:
        if isinstance(mark, Elsewhere):
            return mark.load()
    return _annotated(_hint(base, described), *map(_mark, marks))


def _annotated(base: Any, *marks: Any) -> Any:
    return Annotated.__class_getitem__((base, *marks))  # type: ignore[attr-defined]


def _field(cls: type[Model], field: Any, hint: Any, described: bool) -> tuple[Any, Any]:
    """(type, FieldInfo) of one field: bounds and alias, said on the field as pydantic wants."""
    marks = typing.get_args(hint)[1:] if typing.get_origin(hint) is Annotated else ()
    options: dict[str, Any] = {}
    for mark in marks:
        if isinstance(mark, Bounds):
            options.update(mark.limits)
        elif isinstance(mark, Alias):
            options["alias"] = mark.name
    if options:  # the rest of the marks stay on the type
        rest = [m for m in marks if not isinstance(m, Bounds | Alias)]
        hint = _annotated(typing.get_args(hint)[0], *rest) if rest else typing.get_args(hint)[0]
    if described and field.name in descriptions(cls):
        options["description"] = descriptions(cls)[field.name]
    if field.default is not dataclasses.MISSING:
        default = field.default
        options["default"] = _as_model(default, described)
    elif field.default_factory is not dataclasses.MISSING:
        options["default"] = field.default_factory()  # pydantic copies a mutable default
    return _hint(hint, described), Field(**options)


def _as_model(default: Any, described: bool) -> Any:
    """A default spec object as its pydantic model, with the same fields given (none)."""
    if not isinstance(default, Model):
        return default
    model = model_for(type(default), described)
    valid = model.model_validate(default.dump())
    values = {name: getattr(valid, name) for name in model.model_fields}
    return model.model_construct(_fields_set=set(default.given), **values)


def _validators(cls: type[Model]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if overrides(cls, "_before"):
        before = _worded(cls._before)
        found["before"] = model_validator(mode="before")(
            classmethod(lambda _, v: before(v))  # type: ignore[arg-type]
        )
    if cls.CHECKS:
        check = _worded(cls._check)
        found["check"] = field_validator(*sorted(cls.CHECKS))(
            classmethod(lambda _, v, info: check(info.field_name, v, info.data))
        )
    if overrides(cls, "_after"):
        after = _worded(cls._after)
        found["after"] = model_validator(mode="after")(lambda self: after(self) or self)
    return found


_RUNTIME: dict[type[BaseModel], type[Model]] = {}


@once
def model_for(cls: type[Model], described: bool = False) -> type[BaseModel]:
    """The pydantic model of a spec class (``described``: with its fields' descriptions)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {
        f.name: _field(cls, f, hints[f.name], described)
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
    }
    config = ConfigDict(frozen=True, extra="forbid")
    if cls.SCHEMA_EXTRA is not None:
        config["json_schema_extra"] = cls.SCHEMA_EXTRA
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        cls.__name__,
        __config__=config,
        __doc__=cls.__doc__,
        __module__=cls.__module__,
        __validators__=_validators(cls),
        **fields,
    )
    _RUNTIME[model] = cls
    return model


def _runtime(value: Any) -> Any:
    """A validated pydantic value as the spec classes' instances."""
    if type(value) in _RUNTIME:  # a model of a spec class (not one of elsewhere: [smtp])
        cls = _RUNTIME[type(value)]
        values = {f.name: _runtime(getattr(value, f.name)) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return built(cls, values, frozenset(value.model_fields_set))
    if isinstance(value, tuple):
        return tuple(_runtime(item) for item in value)
    return value


def validate(cls: type[M], value: Any, context: Mapping[str, Any] | None = None) -> M:
    """An instance of ``cls`` validated by pydantic; raise Refusal holding its errors."""
    try:
        checked = model_for(cls).model_validate(value, context=context)
    except ValidationError as exc:
        raise Refusal(exc) from None
    made: M = _runtime(checked)
    return made


def json_schema(cls: type[Model], ref_template: str) -> dict[str, Any]:
    """The JSON Schema pydantic writes for a spec class, with its fields' descriptions."""
    return model_for(cls, described=True).model_json_schema(ref_template=ref_template)
