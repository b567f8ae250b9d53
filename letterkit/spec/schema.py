"""The spec's JSON Schema, generated from the same model the loader uses."""

from __future__ import annotations

import json
from typing import Any

from babel.localedata import locale_identifiers

from letterkit.defaults import SCHEMA_FILE
from letterkit.spec.docs import document
from letterkit.spec.model import Model, Spec

__all__ = ["SCHEMA_FILE", "json_schema", "schema_text"]


ONE_OF_THEM = ("recipient", "recipients", "data")
"""Who a letter goes to: the loader takes one of these keys, never two."""


def _languages() -> list[str]:
    """Every tag the loader takes: Babel's locales, written with - (BCP 47) or _ (Babel)."""
    tags = set(locale_identifiers())
    return sorted(tags | {tag.replace("_", "-") for tag in tags})


def _as_strict_as_the_loader(schema: dict[str, Any]) -> None:
    """What the loader checks outside the model's types: one addressee key, known languages."""
    schema["properties"]["language"]["enum"] = _languages()
    pairs = [[a, b] for i, a in enumerate(ONE_OF_THEM) for b in ONE_OF_THEM[i + 1 :]]
    schema["not"] = {"anyOf": [{"required": pair} for pair in pairs]}


def json_schema() -> dict[str, Any]:
    """The spec's JSON Schema in draft-07, the dialect editors' YAML servers read."""
    document(Spec, Model)
    schema = Spec.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    _as_strict_as_the_loader(schema)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://letterkit.invalid/letterkit.schema.json",
        **schema,
    }


def schema_text() -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
