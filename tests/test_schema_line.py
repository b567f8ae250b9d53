"""The schema line a spec keeps for editors: a copy moved into a subfolder is told what to write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

SPEC = """\
# yaml-language-server: $schema={target}
date: 2026-03-08
sender: {{name: WSN}}
recipient: {{name: COSATU}}
position: [We stand with you.]
"""


def _project(root: Path, folder: str, target: str) -> Path:
    (root / "letterkit.toml").write_text("", encoding="utf-8")
    (root / "letterkit.schema.json").write_text("{}\n", encoding="utf-8")
    spec = root / folder / "may.yaml"
    spec.parent.mkdir(parents=True)
    spec.write_text(SPEC.format(target=target), encoding="utf-8")
    return spec


def _warnings(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


def test_a_spec_copied_one_folder_deeper_is_told_the_path_to_write(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = _project(tmp_path, "letters/2026", "../letterkit.schema.json")
    result = run("check", spec)
    assert result.exit_code == 0
    assert _warnings(result) == [
        f"warning: {spec}:1:33: the schema line points at ../letterkit.schema.json, which is "
        "not there from this folder, so editors cannot check this spec; write "
        "$schema=../../letterkit.schema.json"
    ]


def test_a_schema_line_that_leads_to_the_file_is_not_mentioned(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = _project(tmp_path, "letters/2026", "../../letterkit.schema.json")
    result = run("check", spec)
    assert (result.exit_code, _warnings(result)) == (0, [])


def test_a_schema_address_is_left_to_the_editor(tmp_path: Path, run: Callable[..., Result]) -> None:
    spec = _project(tmp_path, "letters", "https://example.org/letterkit.schema.json")
    result = run("check", spec)
    assert (result.exit_code, _warnings(result)) == (0, [])


def test_without_a_schema_in_the_project_the_command_to_write_one_is_given(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = _project(tmp_path, "letters", "../letterkit.schema.json")
    (tmp_path / "letterkit.schema.json").unlink()
    result = run("check", spec)
    [warning] = _warnings(result)
    assert warning.endswith(
        "so editors cannot check this spec; write the schema with: letterkit schema > "
        "letterkit.schema.json in the project folder"
    )


def test_strict_fails_a_letter_for_what_reading_its_spec_warned(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = _project(tmp_path, "letters/2026", "../letterkit.schema.json")
    out = tmp_path / "out"
    result = run("render", "--strict", "-f", "txt", "-o", out, spec)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"{spec}: the letter was made with 1 warning and strict is on (--strict or strict = "
        "true in letterkit.toml); fix what they say"
    )
    assert not out.exists()


def test_the_example_of_a_new_project_finds_its_schema(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    assert run("init", tmp_path).exit_code == 0
    result = run("check", tmp_path / "letters" / "example.yaml")
    assert (result.exit_code, _warnings(result)) == (0, [])
