"""The spec's JSON Schema, generated from the same model the loader uses."""

from __future__ import annotations

import json
from typing import Any

from babel.localedata import locale_identifiers

from letterkit.defaults import SCHEMA_FILE
from letterkit.spec.model import Spec
from letterkit.spec.versions import TRANSLATED

__all__ = ["SCHEMA_FILE", "json_schema", "schema_text"]


ONE_OF_THEM = ("recipient", "recipients", "data")
"""Who a letter goes to: the loader takes one of these keys, never two."""


def _languages() -> list[str]:
    """Every tag the loader takes: Babel's locales, written with - (BCP 47) or _ (Babel)."""
    tags = set(locale_identifiers())
    return sorted(tags | {tag.replace("_", "-") for tag in tags})


TAG = r"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$"
"""A language tag as the key of a per-language value (the loader checks it is listed)."""


def _as_strict_as_the_loader(schema: dict[str, Any]) -> None:
    """What the loader checks outside the model's types: one addressee key, known languages."""
    schema["properties"]["language"]["enum"] = _languages()
    languages = schema["properties"]["languages"]["anyOf"][0]
    languages["items"] = {"type": "string", "enum": _languages()}
    languages["uniqueItems"] = True
    pairs = [[a, b] for i, a in enumerate(ONE_OF_THEM) for b in ONE_OF_THEM[i + 1 :]]
    pairs.append(["language", "languages"])
    schema["not"] = {"anyOf": [{"required": pair} for pair in pairs]}


def _model(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any] | None:
    """The definition of the model a property holds (through an optional's anyOf)."""
    for one in [prop, *prop.get("anyOf", [])]:
        if "$ref" in one:
            found: dict[str, Any] = schema["definitions"][one["$ref"].rsplit("/", 1)[-1]]
            return found
    return None


def _per_language(schema: dict[str, Any]) -> None:
    """Let each field that may differ by language be a mapping of language to value."""
    for *path, key in TRANSLATED:
        model: dict[str, Any] | None = schema
        for part in path:
            model = model and _model(schema, model["properties"][part])
        if model is None:
            continue
        prop = model["properties"][key]
        value = {k: v for k, v in prop.items() if k not in ("default", "description", "title")}
        by_language = {
            "type": "object",
            "propertyNames": {"pattern": TAG},
            "additionalProperties": value,
            "minProperties": 1,
        }
        model["properties"][key] = {
            **{k: v for k, v in prop.items() if k in ("default", "description", "title")},
            "anyOf": [value, by_language],
        }


def json_schema() -> dict[str, Any]:
    """The spec's JSON Schema in draft-07, the dialect editors' YAML servers read."""
    # pydantic writes the schema: imported only when one is asked for.
    from letterkit.spec.strict import json_schema as model_schema  # noqa: PLC0415

    schema = model_schema(Spec, ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    _as_strict_as_the_loader(schema)
    _per_language(schema)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://letterkit.invalid/letterkit.schema.json",
        **schema,
    }


def schema_text() -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
