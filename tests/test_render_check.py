"""render --check: are the committed outputs what the specs render now?"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def test_check_flips_when_a_template_changes(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    # Rendered by the installed command in another process: the bytes must
    # not depend on the process that made them.
    letterkit = Path(sys.executable).parent / "letterkit"
    subprocess.run([str(letterkit), "render", "-q", str(spec)], check=True)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("letter.*")}
    result = run("render", "--check", spec)
    assert (result.exit_code, result.stderr) == (0, "1 letter up to date\n")

    (tmp_path / "templates" / "en").mkdir(parents=True)
    (tmp_path / "templates" / "en" / "sign_off.j2").write_text("Yours,\n{{ sender.name }}", "utf-8")
    result = run("render", "--check", spec)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / name}: out of date with {spec}; run letterkit render {spec} and commit it"
        for name in ("letter.pdf", "letter.txt")
    ]
    assert {p.name: p.read_bytes() for p in tmp_path.glob("letter.*")} == before, "wrote nothing"


def test_check_names_missing_outputs_and_only_the_formats_asked(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    run("render", "-f", "txt", spec)
    assert run("render", "--check", "-f", "txt", spec).exit_code == 0
    result = run("render", "--check", "-f", "html", "-f", "txt", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'letter.html'}: missing; run letterkit render {spec} and commit it\n"
    )


def test_check_reports_spec_errors_as_render_does(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file(text="sender: {name: A}\n")
    result = run("render", "--check", spec)
    assert result.exit_code == 2
    assert 'field "recipient" is required' in result.stderr
    assert run("render", "--check", "-f", "txt", "-o", "-", spec).exit_code == 2
