"""letterkit init: a project that renders at once, and nothing overwritten by accident."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
from click.testing import Result
from ruamel.yaml import YAML

from letterkit import api
from tests.conftest import ROOT


def test_init_renders_at_once(tmp_path: Path, run: Callable[..., Result]) -> None:
    folder = tmp_path / "org"
    result = run("init", folder)
    assert result.exit_code == 0, result.stderr
    assert "next: letterkit render" in result.stderr
    spec = folder / "letters" / "example.yaml"
    result = run("render", spec)
    assert result.exit_code == 0, result.stderr
    out = folder / "out"
    assert sorted(p.name for p in out.glob("example.*")) == ["example.pdf", "example.txt"]
    assert len(pypdf.PdfReader(out / "example.pdf").pages) == 1
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-1] == "/out/"


def test_template_copies_say_what_they_are_and_match_the_builtin(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    run("init", tmp_path)
    spec = tmp_path / "letters" / "example.yaml"
    copied = run("render", "-f", "txt", "-o", "-", spec).stdout
    greeting = (tmp_path / "templates" / "en" / "greeting.j2").read_text("utf-8")
    assert greeting.startswith("{#- Your copy of letterkit's built-in en/greeting.j2")
    listing = [" ".join(line.split()) for line in run("templates", spec).stdout.splitlines()]
    copy = tmp_path / "templates" / "en" / "greeting.j2"
    assert f"en/greeting.j2 {copy} overrides built-in" in listing
    shutil.rmtree(tmp_path / "templates")
    (tmp_path / "templates").mkdir()
    assert run("render", "-f", "txt", "-o", "-", spec).stdout == copied


def test_example_spec_points_editors_at_the_schema(tmp_path: Path) -> None:
    api.init(tmp_path)
    first = (tmp_path / "letters" / "example.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../letterkit.schema.json"
    assert json.loads((tmp_path / "letterkit.schema.json").read_text("utf-8"))["title"] == "Spec"


def test_init_refuses_to_overwrite_unless_forced(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    config = tmp_path / "letterkit.toml"
    config.write_text("# mine\n", "utf-8")
    result = run("init", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{config}: already exists; nothing was written (--force replaces it)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letterkit.toml"]
    assert run("init", "--force", tmp_path).exit_code == 0
    assert config.read_text("utf-8").startswith("# letterkit project settings.")


def test_pre_commit_hooks_run_real_subcommands(tmp_path: Path, run: Callable[..., Result]) -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["id"] for h in hooks] == ["letterkit-check", "letterkit-render-check"]
    api.init(tmp_path)
    spec = tmp_path / "letters" / "example.yaml"
    run("render", spec)
    for hook in hooks:
        program, *args = hook["entry"].split()
        assert program == "letterkit"
        assert re.search(hook["files"], "letters/example.yaml")
        result = run(*args, spec)
        assert result.exit_code == 0, result.stderr


def test_init_and_templates_do_not_load_weasyprint(tmp_path: Path) -> None:
    code = (
        "import sys; from click.testing import CliRunner; from letterkit.cli import cli; "
        f"r = CliRunner().invoke(cli, ['init', {str(tmp_path)!r}]); "
        f"r2 = CliRunner().invoke(cli, ['templates', {str(tmp_path / 'letters/example.yaml')!r}]); "
        "assert (r.exit_code, r2.exit_code) == (0, 0), r.output; "
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
