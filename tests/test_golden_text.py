"""Whole text twins compared with golden files: a right-to-left, a mail-merge and a joint letter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import ROOT

SPECS = Path(__file__).parent / "data" / "specs"
LETTERS = {
    "persian-solidarity.txt": ROOT / "examples" / "persian-solidarity.yaml",
    "mailing-COSATU.txt": SPECS / "mailing.yaml",
    "mailing-Unifor.txt": SPECS / "mailing.yaml",
    "joint.txt": SPECS / "joint.yaml",
}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_text_twin_matches_golden(
    name: str, tmp_path: Path, run: Callable[..., Result], golden: Callable[[str, str], None]
) -> None:
    result = run("render", "-q", "-f", "txt", "-o", tmp_path, LETTERS[name])
    assert result.exit_code == 0, result.output
    golden(name, (tmp_path / name).read_text("utf-8"))
