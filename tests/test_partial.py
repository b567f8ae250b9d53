"""A partial translation is safe: one warning per missing part, and --strict refuses it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

MISSING = ["subject", "apology", "valediction", "enclosures", "cc", "dateline", "page", "behalf"]
DUTCH = {"language": "nl", "event": None, "apology": {"reasons": ["reiskosten"]}}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose templates word only the Dutch greeting."""
    (tmp_path / "letterkit.toml").write_text("", "utf-8")
    folder = tmp_path / "templates" / "nl"
    folder.mkdir(parents=True)
    greeting = "Hartelijke groeten aan {{ recipient | named }}.\n"
    (folder / "greeting.j2").write_text(greeting, "utf-8")
    return tmp_path


@pytest.fixture
def inside(project: Path) -> Iterator[Path]:
    before = Path.cwd()
    os.chdir(project)
    yield project
    os.chdir(before)


def test_each_missing_part_warns_once_naming_the_file_to_add(
    project: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file(DUTCH)
    result = run("render", "-f", "txt", "-o", "-", path)
    assert result.exit_code == 0, result.stderr
    assert "Hartelijke groeten aan Congress of South African Trade Unions (COSATU).\n" in (
        result.stdout
    )
    assert result.stderr.splitlines() == [
        f'warning: {path}: language "nl" has no wording for part "{part}", so it holds only '
        f"what the spec writes out; add {project / 'templates' / 'nl' / part}.j2"
        for part in MISSING
    ]


def test_strict_fails_the_half_letter(
    spec_file: Callable[..., Path], run: Callable[..., Result], project: Path
) -> None:
    path = spec_file(DUTCH)
    result = run("render", "--strict", "-f", "txt", "-o", str(project / "out"), path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"{path}: the letter was made with 8 warnings and strict is on (--strict or strict = "
        "true in letterkit.toml); fix what they say"
    )
    assert not (project / "out").exists(), "a refused letter writes nothing"
    assert run("check", "--strict", path).exit_code == 1


def test_strict_in_the_project_config(
    spec_file: Callable[..., Path], run: Callable[..., Result], project: Path
) -> None:
    (project / "letterkit.toml").write_text("strict = true\n", "utf-8")
    assert run("check", spec_file(DUTCH)).exit_code == 1
    assert run("check", spec_file()).exit_code == 0, "a whole English letter passes"


def test_templates_language_lists_what_a_folder_words_and_lacks(
    inside: Path, run: Callable[..., Result]
) -> None:
    result = run("templates", "--language", "nl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "language nl: parts with wording (1 of 9):"
    assert lines[1].split() == ["greeting", "nl/greeting.j2", "templates/nl/greeting.j2"]
    missing = lines[lines.index("missing (the part holds only what the spec writes out):") + 1 :]
    added = [line.split()[-1] for line in missing if line.strip().startswith(tuple(MISSING))]
    assert added == [f"templates/nl/{part}.j2" for part in sorted(MISSING)]
    assert lines[-1] == "grammar helpers (filters): none"


def test_a_built_in_language_lacks_nothing(inside: Path, run: Callable[..., Result]) -> None:
    lines = run("templates", "--language", "fr").stdout.splitlines()
    assert lines[0] == "language fr: parts with wording (9 of 9):"
    assert lines[1].split() == ["apology", "fr/apology.j2", "built-in"]
    assert lines[lines.index("missing (the part holds only what the spec writes out):") + 1] == (
        "  none"
    )
    assert lines[-1] == "grammar helpers (filters): au, ce, date, de, du, e, le"
