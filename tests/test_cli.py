"""The render command's options, outputs and exit codes, through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
from click.testing import Result

from letterkit import __version__
from tests.conftest import EXAMPLE


def test_formats_and_output_folder(tmp_path: Path, run: Callable[..., Result]) -> None:
    out = tmp_path / "out" / "nested"
    result = run("render", "-f", "html", "-f", "txt", "-o", out, EXAMPLE)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".letterkit.json",
        "solidarity-2008.html",
        "solidarity-2008.txt",
    ]


def test_stdout_takes_one_text_format(run: Callable[..., Result]) -> None:
    result = run("render", "-f", "txt", "-o", "-", EXAMPLE)
    assert result.exit_code == 0
    assert result.stdout.startswith("International Alliance in Support of Workers in Iran\n")
    assert result.stderr == ""


def test_stdout_refuses_several_formats(run: Callable[..., Result]) -> None:
    for args in (["-f", "txt", "-f", "html"], []):
        result = run("render", *args, "-o", "-", EXAMPLE)
        assert result.exit_code == 2
        assert "-o - writes one letter in one format" in result.stderr


def test_several_specs_at_once(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    first = spec_file(name="one.yaml")
    second = spec_file({"recipient": {"name": "Unifor"}}, name="two.yaml")
    result = run("render", "-f", "txt", first, second)
    assert result.exit_code == 0
    assert "Unifor" in (tmp_path / "two.txt").read_text("utf-8")
    assert (tmp_path / "one.txt").exists()


def test_one_bad_spec_does_not_stop_the_others(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    bad = spec_file(text="sender: {name: A}\n", name="bad.yaml")
    good = spec_file(name="good.yaml")
    result = run("render", "-f", "txt", bad, good)
    assert result.exit_code == 2
    assert (
        f'\n{bad}:1:1: field "recipient" is required (or recipients:, or data: FILE)\n'
        in result.stderr
    )
    assert (tmp_path / "good.txt").exists()
    assert not (tmp_path / "bad.txt").exists()


def test_width_option_wraps_text(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    result = run("render", "-f", "txt", "-o", "-", "-w", "40", EXAMPLE)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert max(len(line) for line in lines) > 35


def test_letter_size_paper(
    spec_file: Callable[..., Path], tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = spec_file({"layout": {"page_size": "letter"}})
    assert run("render", "-f", "pdf", "-q", path).exit_code == 0
    box = pypdf.PdfReader(tmp_path / "letter.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_missing_spec_file(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("render", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file\n"


def test_unknown_format_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("render", "-f", "docx", EXAMPLE)
    assert result.exit_code == 2
    assert "docx" in result.stderr


def test_version(run: Callable[..., Result]) -> None:
    assert run("--version").stdout == f"letterkit, version {__version__}\n"


def test_installed_command_and_module_entry_point(tmp_path: Path) -> None:
    bindir = Path(sys.executable).parent
    for command in ([str(bindir / "letterkit")], [sys.executable, "-m", "letterkit"]):
        done = subprocess.run(
            [*command, "render", "-f", "txt", "-o", "-", str(EXAMPLE)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Long live workers’ international solidarity" in done.stdout


def test_installed_command_reports_bad_spec_in_one_line(tmp_path: Path) -> None:
    spec = tmp_path / "typo.yaml"
    spec.write_text("sender:\n  name: A\nrecipient:\n  name: B\nsign_of: x\n", "utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "letterkit"), "render", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f'{spec}:5:1: sign_of: unknown key (did you mean "sign_off"?)\n'
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["typo.yaml"]


def test_text_output_does_not_import_weasyprint() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from letterkit.cli import cli; "
        f"r = CliRunner().invoke(cli, ['render', '-f', 'txt', '-o', '-', {str(EXAMPLE)!r}]); "
        "r2 = CliRunner().invoke(cli, ['check', " + repr(str(EXAMPLE)) + "]); "
        "r3 = CliRunner().invoke(cli, ['schema']); "
        "assert (r.exit_code, r2.exit_code, r3.exit_code) == (0, 0, 0), r.output; "
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
