"""The schema refuses what the loader refuses: two addressee keys, unknown languages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from jsonschema import Draft7Validator

from tests.conftest import MINIMAL, ROOT, merged

SCHEMA = Draft7Validator(json.loads((ROOT / "letterkit.schema.json").read_text("utf-8")))


@pytest.mark.parametrize(
    "changes",
    [
        {"recipients": [{"name": "Unifor"}]},
        {"data": "members.csv"},
        {"language": "klingon"},
        {"language": "en-XX-bogus"},
    ],
    ids=["recipient-and-recipients", "recipient-and-data", "language", "language-region"],
)
def test_what_the_loader_refuses_the_schema_refuses(
    changes: dict[str, Any], tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = merged(MINIMAL, changes)
    path = tmp_path / "letter.yaml"
    path.write_text(json.dumps(spec), "utf-8")
    assert run("check", path).exit_code == 2
    assert not SCHEMA.is_valid(spec)


@pytest.mark.parametrize("language", ["en", "fa", "ur-PK", "ur_PK", "pt-BR", "zh-Hant"])
def test_what_the_loader_takes_the_schema_takes(
    language: str, tmp_path: Path, run: Callable[..., Result]
) -> None:
    # The grammar fields some languages need to write the articles and agree the verbs.
    genders = {p: {"gender": "masculine"} for p in ("sender", "recipient", "event")}
    spec = merged(MINIMAL, {"language": language, **genders})
    path = tmp_path / "letter.yaml"
    path.write_text(json.dumps(spec), "utf-8")
    assert run("check", path).exit_code == 0, run("check", path).stderr
    assert SCHEMA.is_valid(spec), list(SCHEMA.iter_errors(spec))[:1]
