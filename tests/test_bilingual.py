"""A letter in several languages from one spec: a text twin per language, errors per language.

The PDF of the same letter, in both layouts, is read back in tests/test_bilingual_pdf.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from jsonschema import Draft7Validator
from ruamel.yaml import YAML

from tests.conftest import ROOT, merged

EXAMPLE = ROOT / "examples" / "bilingual-en-fr.yaml"
SCHEMA = Draft7Validator(json.loads((ROOT / "letterkit.schema.json").read_text("utf-8")))


def _spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        json.dumps(YAML(typ="safe").load(EXAMPLE.read_text("utf-8")), default=str)
    )
    return data


def _in_one_language(value: Any, language: str) -> Any:
    """The example with each per-language value replaced by that language's."""
    if isinstance(value, dict):
        if set(value) == {"en", "fr"}:
            return value[language]
        return {k: _in_one_language(v, language) for k, v in value.items()}
    return value


def _write(folder: Path, spec: dict[str, Any], name: str = "letter.yaml") -> Path:
    path = folder / name
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=2), "utf-8")
    return path


def test_a_text_twin_per_language_recorded_and_current(
    tmp_path: Path, run: Callable[..., Result], golden: Callable[[str, str], None]
) -> None:
    out = tmp_path / "out"
    result = run("render", "-f", "txt", "-o", out, EXAMPLE)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".letterkit.json",
        "bilingual-en-fr.en.txt",
        "bilingual-en-fr.fr.txt",
    ]
    english = (out / "bilingual-en-fr.en.txt").read_text("utf-8")
    french = (out / "bilingual-en-fr.fr.txt").read_text("utf-8")
    golden("bilingual-en.txt", english)
    golden("bilingual-fr.txt", french)
    assert "Objet" not in english
    assert "Dear" not in french
    recorded = json.loads((out / ".letterkit.json").read_text("utf-8"))["files"]
    assert set(recorded) == {"bilingual-en-fr.en.txt", "bilingual-en-fr.fr.txt"}
    again = run("render", "-f", "txt", "-o", out, EXAMPLE)
    assert again.exit_code == 0, again.stderr
    assert "is current; skipped" in again.stderr


def test_standard_output_holds_every_version(run: Callable[..., Result]) -> None:
    result = run("render", "-f", "txt", "-o", "-", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    english, french = result.stdout.split("\nRéseau canadien de solidarité ouvrière\n", 1)
    assert english.startswith("Canadian Workers' Solidarity Network\n")
    assert "In solidarity,\nCanadian Workers' Solidarity Network\n" in english
    assert "Salutations fraternelles,\nRéseau canadien de solidarité ouvrière\n" in french


def test_a_letter_back_in_one_language_prunes_its_twins(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    bilingual = _write(tmp_path, _spec())
    assert run("render", "-f", "txt", bilingual).exit_code == 0
    assert (tmp_path / "letter.en.txt").is_file()
    single = {k: v for k, v in _in_one_language(_spec(), "en").items() if k != "languages"}
    _write(tmp_path, {**single, "language": "en"})
    result = run("render", "-f", "txt", "--prune", bilingual)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("letter.*")) == ["letter.txt", "letter.yaml"]


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        (
            {"position": {"fr": None}},
            "position",
            "position: no fr version; add fr: under it, beside en (languages: en, fr)",
        ),
        (
            {"subject": "Your 30th Convention"},
            "subject",
            "subject is written in one language, but the letter is in en, fr; give it per "
            "language: {en: …, fr: …}",
        ),
        (
            {"language": "en"},
            "language",
            "language: give either language (one) or languages (several), not both",
        ),
        (
            {"languages": ["en", "en"]},
            "languages",
            'languages: "en" is listed twice; a letter in one writes language:',
        ),
        # Each version is checked for what its own language needs.
        (
            {"recipient": {"gender": None}},
            "recipient",
            "fr needs recipient.gender to write the article; add gender: feminine",
        ),
    ],
    ids=["missing-language", "plain-prose", "language-and-languages", "twice", "fr-needs"],
)
def test_a_bilingual_spec_is_refused_at_the_field(
    tmp_path: Path, run: Callable[..., Result], changes: dict[str, Any], key: str, message: str
) -> None:
    spec = merged(_spec(), changes)
    path = _write(tmp_path, spec)
    result = run("check", path)
    assert result.exit_code == 2
    lines = path.read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if f'"{key}"' in text)
    assert re.match(rf"{re.escape(str(path))}:{line}:\d+: ", result.stderr), result.stderr
    assert message in result.stderr


def test_the_schema_takes_the_example_and_refuses_both_keys() -> None:
    spec = _spec()
    assert SCHEMA.is_valid(spec)
    assert not SCHEMA.is_valid({**spec, "language": "en"})
    assert not SCHEMA.is_valid({**spec, "languages": ["en", "klingon"]})
