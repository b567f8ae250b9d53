"""Write docs/reference.md, the spec's fields, from the JSON Schema letterkit prints.

`make reference` rewrites it; a test fails when the committed file is not
what this prints, so the reference cannot drift from the loader.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from letterkit.spec.schema import json_schema

HEAD = """\
# Spec reference

Every field a letter spec may hold, generated from the JSON Schema
(`letterkit schema`) by `scripts/reference.py`; do not edit by hand.
A spec is YAML; unknown keys are errors. Give exactly one of `recipient`,
`recipients` or `data` (or `--data FILE` on the command line).
"""
MAX_ENUM = 12
"""Allowed values listed in full; longer lists (the languages) are summarised."""
EXAMPLES = {
    "language": "fa",
    "date": "2026-05-01",
    "start": "2026-05-01",
    "end": "2026-05-03",
    "name": "Congress of South African Trade Unions",
    "short_name": "COSATU",
    "logo": "logo.png",
    "output_name": "{stem}-{recipient.short_name}",
    "data": "members.csv",
}


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        kinds = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}))}"
    return str(prop.get("type", "any"))


def _allowed(prop: dict[str, Any]) -> str:
    values = prop.get("enum") or next(
        (p["enum"] for p in prop.get("anyOf", []) if "enum" in p), None
    )
    if not values:
        return ""
    if len(values) > MAX_ENUM:
        return f"{len(values)} values, e.g. {', '.join(f'`{v}`' for v in values[:4])}"
    return ", ".join(f"`{v}`" for v in values)


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(title: str, model: dict[str, Any]) -> list[str]:
    required = set(model.get("required", ()))
    lines = [
        f"## {title}",
        "",
        _cell(model.get("description", "")),
        "",
        "| field | type | default | allowed | example | what it is |",
        "|---|---|---|---|---|---|",
    ]
    for name, prop in model.get("properties", {}).items():
        default = "required" if name in required else f"`{json.dumps(prop.get('default'))}`"
        if isinstance(prop.get("default"), dict):
            default = "its fields' defaults"
        example = f"`{EXAMPLES[name]}`" if name in EXAMPLES else ""
        lines.append(
            f"| `{name}` | {_cell(_type(prop))} | {_cell(default)} | {_cell(_allowed(prop))} "
            f"| {_cell(example)} | {_cell(prop.get('description', ''))} |"
        )
    return [*lines, ""]


def reference() -> str:
    """The reference as Markdown."""
    schema = json_schema()
    out = [HEAD, *_table("Spec", schema)]
    for name, model in sorted(schema["definitions"].items()):
        if "properties" in model:
            out += _table(name, model)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(reference())
