"""letterkit templates: what is in effect, from where, overriding what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from letterkit.cli import cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    for name, text in {
        "templates/en/greeting.j2": "Hello.",
        "templates/invitation.j2": "Come.",
        "mine/en/greeting.j2": "Hi.",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


def test_listing_names_the_source_and_what_it_overrides(
    project: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file({"parts": ["greeting", "invitation"]})
    result = run("templates", "--templates", project / "mine", spec)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "search path (the first folder holding a name wins):",
        f"  1. {project / 'mine'}",
        f"  2. {project / 'templates'}",
        "  3. built-in",
    ]
    rows = [line.split() for line in lines if line.startswith("  ")]
    by_name = {row[0]: " ".join(row[1:]) for row in rows}
    assert by_name["en/greeting.j2"] == (
        f"{project / 'mine/en/greeting.j2'} overrides {project / 'templates'}, built-in"
    )
    assert by_name["invitation.j2"] == str(project / "templates/invitation.j2")
    assert by_name["letter.css"] == "built-in"
    assert rows[-9:] == [
        ["subject", "en/subject.j2", "built-in"],
        ["greeting", "en/greeting.j2", str(project / "mine/en/greeting.j2")],
        ["invitation", "invitation.j2", str(project / "templates/invitation.j2")],
        ["valediction", "en/valediction.j2", "built-in"],
        ["enclosures", "en/enclosures.j2", "built-in"],
        ["cc", "en/cc.j2", "built-in"],
        ["dateline", "en/dateline.j2", "built-in"],
        ["page", "en/page.j2", "built-in"],
        ["behalf", "en/behalf.j2", "built-in"],
    ]


def test_show_prints_the_template_in_effect(
    project: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    assert run("templates", "--show", "en/greeting.j2", spec).stdout == "Hello."
    assert "solidarity greetings" in run("templates", "--show", "en/greeting.j2").stdout
    result = run("templates", "--show", "en/nope.j2", spec)
    assert result.exit_code == 2
    assert 'no template named "en/nope.j2"' in result.stderr


def test_shell_completes_template_names(project: Path, spec_file: Callable[..., Path]) -> None:
    spec = spec_file()
    env = {
        "_LETTERKIT_COMPLETE": "bash_complete",
        "COMP_WORDS": f"letterkit templates {spec} --show en/g",
        "COMP_CWORD": "4",
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="letterkit")
    assert result.stdout.splitlines() == ["plain,en/greeting.j2"]


def test_show_reaches_the_builtin_template_a_project_overrides(
    project: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    shown = run("templates", "--show", "builtin/en/greeting.j2", spec).stdout
    assert "sends its" in shown and shown != "Hello."
    result = run("templates", "--show", "builtin/../pyproject.toml", spec)
    assert result.exit_code == 2
