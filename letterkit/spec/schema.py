"""The spec's JSON Schema, generated from the same model the loader uses."""

from __future__ import annotations

import json
from typing import Any

from letterkit.spec.model import Spec

SCHEMA_FILE = "letterkit.schema.json"


def json_schema() -> dict[str, Any]:
    """The spec's JSON Schema in draft-07, the dialect editors' YAML servers read."""
    schema = Spec.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://letterkit.invalid/letterkit.schema.json",
        **schema,
    }


def schema_text() -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
