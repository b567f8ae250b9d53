"""Names Windows reserves (CON, NUL, AUX...) are guarded before the first dot."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pathvalidate import Platform, validate_filename

from letterkit.run.naming import safe_name
from tests.conftest import MINIMAL, merged

DEVICES = ["Aux. Workers", "nul.txt", "CON", "com1.union", "LPT9 . local", "prn..x", "Con-Fed"]


@pytest.mark.parametrize("text", DEVICES)
def test_a_name_windows_reserves_is_changed_before_its_first_dot(text: str) -> None:
    validate_filename(f"{safe_name(text)}.pdf", platform=Platform.WINDOWS)


def test_a_merge_for_the_aux_workers_writes_a_name_windows_accepts(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    recipients = [{"name": name, "short_name": name} for name in ("Aux. Workers", "nul.txt")]
    spec = tmp_path / "letter.yaml"
    spec.write_text(
        json.dumps(
            merged(
                MINIMAL,
                {
                    "recipient": None,
                    "recipients": recipients,
                    "output_name": "{recipient.short_name}",
                },
            )
        ),
        "utf-8",
    )
    result = run("render", "-f", "txt", "-o", tmp_path / "out", spec)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").glob("*.txt"))
    assert written == ["Aux_.-Workers.txt", "nul_.txt.txt"]
