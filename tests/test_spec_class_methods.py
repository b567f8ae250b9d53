"""The spec classes' methods, written once in Model, do what a frozen dataclass's do."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from letterkit.spec.base import Model
from letterkit.spec.grammar import Cases
from letterkit.spec.model import Event, Image, Layout, Party, Sender, SignOff, Spec


def _twin(cls: type[Model]) -> Any:
    """The class as a stdlib frozen, keyword-only dataclass with generated methods."""
    fields = [(f.name, Any, f) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, kw_only=True)


def _values(one: Model) -> dict[str, Any]:
    return {f.name: getattr(one, f.name) for f in dataclasses.fields(one)}  # type: ignore[arg-type]


SAMPLES = [
    Sender(name="IASWI", gender="feminine"),
    Party(name="APTUF", cases=Cases(dative="АПТУФ")),
    Event(name="Asian Conference", city="Mumbai"),
    Layout(page_size="a4"),
    SignOff(),
]


@pytest.mark.parametrize("one", SAMPLES, ids=lambda s: type(s).__name__)
def test_repr_eq_and_hash_are_those_of_a_frozen_dataclass(one: Model) -> None:
    twin = _twin(type(one))
    made, other = twin(**_values(one)), twin(**_values(one))
    assert repr(one).split("(", 1)[1] == repr(made).split("(", 1)[1]
    assert one == type(one)(**_values(one)) and made == other
    assert hash(one) == hash(type(one)(**_values(one)))
    assert one != made  # another class is never equal, as between dataclasses


def test_an_instance_is_frozen() -> None:
    sender = Sender(name="IASWI")
    with pytest.raises(dataclasses.FrozenInstanceError):
        sender.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del sender.name


def test_every_field_is_given_by_name_and_the_rest_take_their_defaults() -> None:
    spec = Spec(sender=Sender(name="IASWI"))
    assert spec.language == "en" and spec.co_senders == ()
    assert spec.layout == Layout()
    with pytest.raises(TypeError, match="missing the field 'sender'"):
        Spec()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="no field 'sendr'"):
        Spec(sender=Sender(name="IASWI"), sendr=None)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing the field 'path'"):
        Image()  # type: ignore[call-arg]


def test_a_changed_copy_keeps_the_fields_it_was_not_given() -> None:
    sender = Sender(name="IASWI", short_name="IA")
    changed = dataclasses.replace(sender, name="Other")
    assert (changed.name, changed.short_name) == ("Other", "IA")
