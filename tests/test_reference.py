"""docs/reference.md is generated from the schema and committed current."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_the_committed_reference_is_what_the_schema_says_now() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reference.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    committed = (ROOT / "docs" / "reference.md").read_text("utf-8")
    assert done.stdout == committed, "run `make reference`"


def test_the_reference_names_every_field_of_every_model() -> None:
    schema = json.loads((ROOT / "letterkit.schema.json").read_text("utf-8"))
    text = (ROOT / "docs" / "reference.md").read_text("utf-8")
    for model in [schema, *schema["definitions"].values()]:
        for field in model.get("properties", {}):
            assert f"| `{field}` |" in text, field
