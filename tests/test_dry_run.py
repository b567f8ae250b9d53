"""render -n/--dry-run: what render would write, skip or refuse, and why; nothing written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _state() -> dict[str, bytes]:
    state = Path(os.environ["XDG_STATE_HOME"])
    return {str(p): p.read_bytes() for p in sorted(state.rglob("*")) if p.is_file()}


def test_a_dry_run_lists_each_file_with_its_fate_and_writes_nothing(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    current = spec_file(name="current.yaml")
    new = spec_file(name="new.yaml")
    foreign = spec_file(name="foreign.yaml")
    out = tmp_path / "out"
    assert run("render", "-f", "txt", "-o", out, current).exit_code == 0
    (out / "foreign.txt").write_text("a letter someone typed by hand\n", encoding="utf-8")
    before, state = _tree(out), _state()

    result = run("render", "-n", "-f", "txt", "-o", out, current, new, foreign)

    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"would skip {out / 'current.txt'}: current" in lines[0]
    assert lines[1] == f"would write {out / 'new.txt'}: new"
    assert lines[2].startswith(f"would refuse {out / 'foreign.txt'}: letterkit did not write it")
    assert lines[3] == "3 letters planned; nothing written (--dry-run)"
    assert _tree(out) == before
    assert _state() == state
    assert not (out / "new.txt").exists()


def test_a_dry_run_into_a_missing_folder_creates_no_folder(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    spec = spec_file()
    result = run("render", "--dry-run", "-o", tmp_path / "nowhere", spec)
    assert result.exit_code == 0, result.stderr
    assert f"would write {tmp_path / 'nowhere' / 'letter.pdf'}: new" in result.stderr
    assert not (tmp_path / "nowhere").exists()
