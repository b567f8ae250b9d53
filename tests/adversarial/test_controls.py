"""Control characters never reach the terminal: not through the text twin, not in a status line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from letterkit.errors import EXIT_INVALID
from tests.adversarial.conftest import listing, one_line, run_installed
from tests.conftest import MINIMAL

ESC = "\x1b"


@pytest.mark.parametrize(
    "case",
    [
        (f"Dear all,{ESC}[2J\n", ":1:10", "001B"),  # written in the file
        ('Dear all,{{ "\\x1b]0;pwned\\x07" }}\n', "", "001B"),  # made by an expression
        ("Dear all,\x9b2J\n", ":1:10", "009B"),  # a C1 control (CSI)
    ],
    ids=["literal ESC", "ESC from an escape", "C1 CSI"],
)
def test_template_printing_a_control_character_is_refused(
    case: tuple[str, str, str],
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
) -> None:
    template, where, code = case
    spec = spec_file()
    templates = template_dir({"greeting.j2": template})
    out = tmp_path / "out"
    result = run_installed(
        "render", "-f", "txt", "-f", "html", "--templates", templates, "-o", out, spec
    )
    assert result.returncode == EXIT_INVALID
    assert one_line(result.stderr) == (
        f"{templates / 'greeting.j2'}{where}: the template prints the control character "
        f"U+{code}; remove it (while writing {spec})"
    )
    assert listing(out) == []


def test_status_lines_show_control_characters_as_escapes(tmp_path: Path) -> None:
    (tmp_path / "letterkit.toml").write_text(
        'output = "out\\u001b[2J\\u001b]0;x\\u0007"\n', "utf-8"
    )
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps(MINIMAL), "utf-8")
    result = run_installed("render", "-f", "txt", spec)
    assert result.returncode == 0, result.stderr
    assert ESC not in result.stderr and "\x07" not in result.stderr
    assert one_line(result.stderr) == (f"wrote {tmp_path}/out\\x1b[2J\\x1b]0;x\\x07/letter.txt")
