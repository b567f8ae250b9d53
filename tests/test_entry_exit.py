"""The letterkit command ends without tearing Python down (daemon/client.py's _end).

Its printed output must still come out whole, and its exit status be the
command's own, exactly as when Python ends the process itself
(``python -m letterkit`` still ends that way).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.adversarial.conftest import LETTERKIT

ENV = {**os.environ, "LETTERKIT_DAEMON": "off"}


def _both(*args: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The console script's run and ``python -m letterkit``'s, of the same arguments."""
    ran = [
        subprocess.run(
            [*command, *args], check=False, capture_output=True, text=True, timeout=120, env=ENV
        )
        for command in ([LETTERKIT], [sys.executable, "-m", "letterkit"])
    ]
    return ran[0], ran[1]


def test_the_whole_help_comes_out_through_a_pipe() -> None:
    script, module = _both("render", "--help")
    assert script.returncode == module.returncode == 0
    assert script.stdout == module.stdout
    assert script.stdout.rstrip().endswith("cat letter.yaml | letterkit render -f pdf -o - - | lp")


def test_a_failing_command_keeps_its_status_and_its_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    script, module = _both("render", "-f", "txt", str(missing))
    assert script.returncode == module.returncode == 2
    assert script.stderr == module.stderr == f"{missing}: no such file\n"


def test_a_letter_printed_to_standard_output_comes_out_whole(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "solidarity-2008.yaml"
    script, module = _both("render", "-f", "txt", "-o", "-", str(example))
    assert script.returncode == module.returncode == 0
    assert script.stdout == module.stdout
    assert script.stdout.startswith("International Alliance in Support of Workers in Iran\n")
