"""The building blocks of the spec model, free of any validation library.

The spec classes are frozen stdlib dataclasses (letterkit/spec/model.py):
they cost nothing to import, and every run loads a spec. What a field
accepts is said once, in its annotation, by the markers below (a function
that normalises the value, bounds, an alias, a JSON Schema), and what a
class checks is said once, by its hook methods. Two validators read them:
a fast one for specs that are right (letterkit/spec/fast.py) and pydantic,
which builds its models from the same classes when a spec is wrong or a
schema is asked for (letterkit/spec/strict.py) and words every message.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, ParamSpec, Self, TypeVar, cast, dataclass_transform

from letterkit.spec.plain import jsonable, plain

if TYPE_CHECKING:
    from pydantic import ValidationError

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)


def once(fn: Callable[P, R]) -> Callable[P, R]:
    """functools.cache, typed for the classes it is keyed by (mypy takes them for unhashable)."""
    return cast("Callable[P, R]", cache(fn))


class Invalid(ValueError):
    """A value a rule refuses: pydantic reports it as a custom error of this kind and wording.

    ``template`` names the values of ``ctx`` in braces, as pydantic's custom errors do.
    """

    def __init__(self, kind: str, template: str, ctx: Mapping[str, Any] | None = None) -> None:
        super().__init__(template)
        self.kind, self.template, self.ctx = kind, template, dict(ctx or {})


# The markers are plain classes, not dataclasses: a dataclass costs most of a
# millisecond to create, and every run imports these.
class Before:
    """Normalise the value as written, before its type is checked."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn


class After:
    """Check (or normalise) the value once it has its type; ``context``: also pass the context."""

    __slots__ = ("context", "fn")

    def __init__(self, fn: Callable[..., Any], context: bool = False) -> None:
        self.fn, self.context = fn, context


class Schema:
    """The field's JSON Schema, said instead of the one derived from its type."""

    __slots__ = ("schema",)

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema


class Bounds:
    """Limits of a number (ge, le, gt) or of a list's length (min_length)."""

    __slots__ = ("limits",)

    def __init__(self, **limits: float) -> None:
        assert set(limits) <= {"ge", "le", "gt", "min_length"}, limits
        self.limits = limits
        """As pydantic's Field takes them."""

    def admit(self, value: Any) -> bool:
        """Whether ``value`` is within the bounds."""
        ge, le, gt = (self.limits.get(k) for k in ("ge", "le", "gt"))
        least = self.limits.get("min_length")
        if least is not None and len(value) < least:
            return False
        return not (
            (ge is not None and value < ge)
            or (le is not None and value > le)
            or (gt is not None and value <= gt)
        )


class Alias:
    """The key a spec writes for the field, when it is not the field's name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class Elsewhere:
    """A pydantic model defined in another module (the [smtp] table): only pydantic checks it."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def load(self) -> Any:
        """The model itself (importing it, and pydantic)."""
        return getattr(importlib.import_module(self.module), self.name)


class JsonMarker:
    """Any JSON value: text, number, yes/no, null, a list or a mapping of them."""


JSON = JsonMarker()


@dataclass_transform(
    kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,)
)
def spec_class(cls: C) -> C:
    """A frozen, keyword-only dataclass whose methods are Model's, not generated for it.

    A dataclass compiles its __init__, __repr__, __eq__, __hash__, __setattr__
    and __delattr__ from generated source as its class is made: for the spec's
    classes that was 10 ms of every command that reads a spec. The validators
    build instances without __init__ (built()), so Model's methods, which read
    the class's fields and do what the generated ones did, serve every class.
    """
    make: Callable[[C], object] = dataclasses.dataclass(
        init=False, repr=False, eq=False, kw_only=True
    )
    return cast("C", make(cls))


@once
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@once
def _compared(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in _fields(cls) if f.compare)


class Model:
    """Base of every spec class: frozen, strict about keys (both validators refuse unknown ones).

    The docstring under each field is its description in the JSON Schema,
    read when a schema is asked for (letterkit/spec/docs.py). The methods a
    dataclass would generate are here, once for all (see spec_class).
    """

    def __init__(self, **values: Any) -> None:
        """Every field by its name, the defaults for the rest, as a keyword-only dataclass."""
        for field in _fields(type(self)):
            if field.name in values:
                value = values.pop(field.name)
            elif field.default is not dataclasses.MISSING:
                value = field.default
            elif field.default_factory is not dataclasses.MISSING:
                value = field.default_factory()
            else:
                raise TypeError(f"{type(self).__qualname__}() is missing the field {field.name!r}")
            object.__setattr__(self, field.name, value)
        if values:
            raise TypeError(f"{type(self).__qualname__}() has no field {next(iter(values))!r}")

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in _fields(type(self)) if f.repr)
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def _compared_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _compared(type(self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Model)
        return self._compared_values() == other._compared_values()

    def __hash__(self) -> int:
        return hash(self._compared_values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    CHECKS: ClassVar[Mapping[str, str]] = {}
    """Fields checked once they are valid, each with the name of the class's rule for it,
    called with the value and the valid fields before it; it raises Invalid."""
    SCHEMA_EXTRA: ClassVar[Callable[[dict[str, Any]], None] | None] = None
    """A change to the class's JSON Schema."""

    @classmethod
    def _before(cls, value: Any) -> Any:
        """The mapping as written, made whole (an image written as its path alone)."""
        return value

    @classmethod
    def _check(cls, name: str, value: Any, earlier: Mapping[str, Any]) -> Any:
        """Check a field of CHECKS by its rule; the value, as the rule leaves it."""
        return getattr(cls, cls.CHECKS[name])(value, earlier)

    def _after(self) -> None:
        """Check the fields together; raise Invalid."""

    def dump(self, *, json_mode: bool = False) -> dict[str, Any]:
        """The fields as plain data, nested classes as mappings (dates as ISO text in json_mode)."""
        data: dict[str, Any] = jsonable(self) if json_mode else plain(self)
        return data

    def dump_json(self) -> str:
        """The fields as compact JSON text, in field order."""
        return json.dumps(self.dump(json_mode=True), ensure_ascii=False, separators=(",", ":"))

    def changed(self, **changes: Any) -> Self:
        """A copy with some fields changed (not validated again), keeping what it was built from."""
        copy: Self = dataclasses.replace(self, **changes)  # type: ignore[type-var]
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k.startswith("_")})
        return copy

    @property
    def given(self) -> frozenset[str]:
        """The fields the spec wrote, rather than left to their defaults."""
        found: frozenset[str] = self.__dict__.get("_given", frozenset())
        return found


def overrides(cls: type[Model], name: str) -> bool:
    """Whether a spec class has a rule of its own named ``name`` (_before, _after)."""
    return any(name in c.__dict__ for c in cls.__mro__ if c is not Model)


def built(cls: type[Model], values: Mapping[str, Any], given: frozenset[str]) -> Model:
    """An instance of a spec class from valid values, remembering which fields were given."""
    # Every field is in ``values``, valid: __init__ (a frozen dataclass's sets each
    # field through object.__setattr__) would only repeat, slower, what this does.
    made = object.__new__(cls)
    made.__dict__.update(values, _given=given)
    return made


class Refusal(Exception):
    """The spec is not valid: ``error`` is pydantic's ValidationError, every problem in it."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(str(error))
        self.error = error
