"""The JSON Schema is generated from the spec model and committed in sync."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

from tests.conftest import EXAMPLE, ROOT


def test_committed_schema_is_current(run: Callable[..., Result]) -> None:
    result = run("schema")
    assert result.exit_code == 0
    committed = (ROOT / "letterkit.schema.json").read_text("utf-8")
    assert result.stdout == committed, "run `letterkit schema > letterkit.schema.json`"


def test_schema_is_draft_07_with_help_for_fields() -> None:
    schema = json.loads((ROOT / "letterkit.schema.json").read_text("utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False
    # recipient, recipients or a --data file: the spec alone cannot require one of them.
    assert set(schema["required"]) == {"sender"}
    party = schema["definitions"]["Party"]
    assert "acronym" in party["properties"]["short_name"]["description"].lower()
    assert "$defs" not in json.dumps(schema)


def test_examples_carry_the_schema_modeline() -> None:
    for spec in EXAMPLE.parent.glob("*.yaml"):
        first = spec.read_text("utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../letterkit.schema.json", spec
