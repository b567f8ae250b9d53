"""A spec's dump is what dataclasses.asdict gives, and its JSON what that gave as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest

from letterkit.compose import needs_of
from letterkit.spec import load_data, load_spec, personalise
from letterkit.spec.plain import jsonable, plain

EXAMPLES = Path(__file__).parent.parent / "examples"
SPECS = sorted(EXAMPLES.glob("*.yaml"))


def as_json_before(value: Any) -> Any:
    """What a dump in json_mode was: asdict's result, tuples as lists, dates as ISO text."""
    if isinstance(value, dict):
        return {k: as_json_before(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json_before(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def same(value: Any) -> None:
    expected = dataclasses.asdict(value)
    assert plain(value) == expected
    assert repr(plain(value)) == repr(expected)  # the same kinds too (tuple, list, date)
    text = json.dumps(jsonable(value), ensure_ascii=False, separators=(",", ":"))
    assert text == json.dumps(as_json_before(expected), ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_every_example_dumps_as_asdict_did(path: Path) -> None:
    spec = load_spec(path, {}, None, (EXAMPLES,), needs_of)
    same(spec)
    for field in dataclasses.fields(spec):
        part = getattr(spec, field.name)
        if dataclasses.is_dataclass(part):
            same(part)


def test_a_recipient_of_a_mail_merge_dumps_as_asdict_did() -> None:
    spec = load_spec(EXAMPLES / "mail-merge.yaml", {}, None, (EXAMPLES,), needs_of)
    for entry in load_data(EXAMPLES / "members.csv", (EXAMPLES,)):
        same(personalise(spec, entry.recipient))


Pair = namedtuple("Pair", "left right")


class Lines(list[Any]):
    """A subclass of list: asdict rebuilds it as its own kind."""


@dataclasses.dataclass(frozen=True)
class Inner:
    when: dt.datetime
    where: Path


@dataclasses.dataclass(frozen=True)
class Odd:
    pair: Pair
    lines: Lines
    inner: tuple[Inner, ...]
    table: dict[str, Any]
    number: float
    flag: bool | None


def test_rarer_values_dump_as_asdict_did() -> None:
    inner = Inner(dt.datetime(2026, 5, 1, 12, 30), Path("logo.svg"))
    odd = Odd(Pair(inner, [1, 2]), Lines([inner, "x"]), (inner,), {"a": [inner, (1,)]}, 1.5, None)
    expected = dataclasses.asdict(odd)
    assert plain(odd) == expected
    assert repr(plain(odd)) == repr(expected)
    assert type(plain(odd)["lines"]) is Lines
    assert plain(odd)["table"]["a"] is not odd.table["a"]  # rebuilt, never shared
    assert jsonable(odd) == as_json_before(expected)
