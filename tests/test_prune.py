"""render --prune removes only what letterkit wrote for letters no longer in the run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import MINIMAL, merged

PEOPLE = [
    {"name": "Congress of South African Trade Unions", "short_name": "COSATU"},
    {"name": "Unifor", "short_name": "Unifor"},
    {"name": "Haft Tappeh Workers", "short_name": "HaftTappeh"},
]


def _merge(spec: Path, people: list[dict[str, str]]) -> None:
    spec.write_text(json.dumps(merged(MINIMAL, {"recipient": None, "recipients": people})), "utf-8")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_prune_removes_the_outputs_of_recipients_dropped_from_the_run(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec, other, out = tmp_path / "letter.yaml", tmp_path / "other.yaml", tmp_path / "out"
    _merge(spec, PEOPLE)
    other.write_text(json.dumps(MINIMAL), "utf-8")
    assert run("render", "-f", "txt", "-o", out, spec, other).exit_code == 0
    (out / "notes.txt").write_text("mine, not letterkit's\n", "utf-8")
    changed = out / "letter-Unifor.txt"
    changed.write_text(changed.read_text("utf-8") + "P.S. signed by hand\n", "utf-8")

    _merge(spec, PEOPLE[:1])  # Unifor and Haft Tappeh are no longer in the mailing
    result = run("render", "--prune", "-f", "txt", "-o", out, spec)

    assert result.exit_code == 0, result.stderr
    assert f"removed {out / 'letter-HaftTappeh.txt'}: its letter is no longer in the run" in (
        result.stderr
    )
    # Kept: the letter still in the run, a file someone changed, a file letterkit never
    # wrote, and another spec's letter (that spec still exists, it is just not in this run).
    assert _names(out) == ["letter-COSATU.txt", "letter-Unifor.txt", "notes.txt", "other.txt"]
    assert "letter-Unifor.txt" not in result.stderr


def test_prune_removes_the_outputs_of_a_deleted_spec_only_when_asked(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec, gone, out = tmp_path / "letter.yaml", tmp_path / "gone.yaml", tmp_path / "out"
    spec.write_text(json.dumps(MINIMAL), "utf-8")
    gone.write_text(json.dumps(MINIMAL), "utf-8")
    assert run("render", "-f", "txt", "-o", out, spec, gone).exit_code == 0
    gone.unlink()
    assert run("render", "-f", "txt", "-o", out, spec).exit_code == 0
    assert _names(out) == ["gone.txt", "letter.txt"]
    assert run("render", "--prune", "-f", "txt", "-o", out, spec).exit_code == 0
    assert _names(out) == ["letter.txt"]


def test_prune_does_not_take_a_shard_for_the_whole_run(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    result = run("render", "--prune", "--shard", "1/2", spec_file())
    assert result.exit_code == 2
    assert "--prune" in result.stderr
