"""letterkit.toml: command line over config over built-in defaults; mistakes have a line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


@pytest.fixture
def config(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "letterkit.toml"
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture
def spec(tmp_path: Path, spec_file: Callable[..., Path]) -> Path:
    (tmp_path / "letters").mkdir()
    return spec_file(name="letters/letter.yaml")


def test_config_sets_output_formats_and_layout_defaults(
    config: Callable[[str], Path], spec: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    config('output = "out"\nformats = ["txt", "html"]\npage_size = "letter"\ntext_width = 40\n')
    result = run("render", spec)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("letter.*")) == ["letter.html", "letter.txt"]
    text = (out / "letter.txt").read_text("utf-8")
    assert max(len(line) for line in text.splitlines()) <= 40
    assert "size: letter;" in (out / "letter.html").read_text("utf-8")


def test_command_line_beats_config(
    config: Callable[[str], Path], spec: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    config('output = "out"\nformats = ["html"]\ntext_width = 40\n')
    result = run("render", "-f", "txt", "-o", tmp_path / "elsewhere", "-w", "60", spec)
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "out").exists()
    text = (tmp_path / "elsewhere" / "letter.txt").read_text("utf-8")
    assert 40 < max(len(line) for line in text.splitlines()) <= 60


def test_spec_beats_config_and_config_beats_builtin(
    config: Callable[[str], Path],
    spec: Path,
    spec_file: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    config('language = "nl"\ntext_width = 40\n')
    mine = spec_file({"language": "en", "layout": {"text_width": 50}}, name="letters/own.yaml")
    theirs = spec_file(name="letters/plain.yaml")
    own = run("render", "-f", "txt", "-o", "-", mine).stdout
    assert "In solidarity," in own, "the spec's language stays English"
    assert 40 < max(len(line) for line in own.splitlines()) <= 50
    plain = run("render", "-f", "txt", "-o", "-", theirs)
    assert "In solidarity," not in plain.stdout, "the config's Dutch has no built-in wording"
    assert "maart 2026" in plain.stdout


def test_config_template_folders(
    config: Callable[[str], Path], spec: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    for folder, text in (("house", "House greeting."), ("templates", "Default folder.")):
        (tmp_path / folder / "en").mkdir(parents=True)
        (tmp_path / folder / "en" / "greeting.j2").write_text(text, "utf-8")
    assert "Default folder." not in run("render", "-f", "txt", "-o", "-", spec).stdout, (
        "without letterkit.toml or .git, the project is the spec's own folder"
    )
    config("")
    assert "Default folder." in run("render", "-f", "txt", "-o", "-", spec).stdout
    config('templates = ["house"]\n')
    assert "House greeting." in run("render", "-f", "txt", "-o", "-", spec).stdout


def test_every_config_mistake_is_reported_with_its_line(
    config: Callable[[str], Path], spec: Path, run: Callable[..., Result]
) -> None:
    path = config(
        '# project settings\noutput = "out"\nformat = ["pdf"]\npage_size = "a3"\n'
        'text_width = "wide"\nlanguage = "xx"\n\n[render]\nquiet = true\n'
    )
    result = run("render", spec)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'{path}:3:1: format: unknown key (did you mean "formats"?)',
        f"{path}:4:1: page_size: input should be 'a4', 'letter', 'legal' or 'a5'",
        f'{path}:5:1: text_width: expected a whole number, got "wide"',
        f'{path}:6:1: language: unknown language tag "xx" (try en, fr, fa, ur, hi, ar...)',
        f"{path}:8:2: render: unknown key",
    ]
    assert not (spec.parent / "letter.pdf").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('output = "out"\nformats = [\n', ":3: TOML syntax error: Invalid value"),
        ("formats = pdf\n", ":1:11: TOML syntax error: Invalid value"),
        ('formats = ["pdf", "docx"]\n', ':1:1: formats: unknown format "docx"'),
        ('templates = ["nowhere"]\n', ':1:1: templates: no folder "nowhere"'),
    ],
)
def test_config_errors(
    config: Callable[[str], Path],
    spec: Path,
    run: Callable[..., Result],
    text: str,
    message: str,
) -> None:
    path = config(text)
    result = run("check", spec)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}{message}")


def test_output_dash_is_refused_in_config(
    tmp_path: Path, run: Callable[..., Result], spec_file: Callable[..., Path]
) -> None:
    (tmp_path / "letterkit.toml").write_text('output = "-"\n', "utf-8")
    result = run("render", spec_file())
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path / 'letterkit.toml'}:1:1: output: a folder name, not "
        '"-"; write to standard output with -o - instead\n'
    )
    assert not (tmp_path / "-").exists()
