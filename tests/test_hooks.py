"""The pre-commit hooks: run on every input a letter depends on, and find the specs themselves."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from letterkit import api
from tests.conftest import ROOT

LETTERKIT = Path(sys.executable).with_name("letterkit")
HOOKS: list[dict[str, Any]] = YAML(typ="safe").load(
    (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
)
INPUTS = [
    "letters/example.yaml",
    "letters/recipients.csv",
    "letters/members.yml",
    "letterkit.toml",
    "templates/en/greeting.j2",
    "templates/letter.css",
    "letters/logo.png",
    "letters/signature.jpeg",
    "fonts/House-Sans.otf",
]


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_each_hook_runs_when_any_input_of_a_letter_changes(hook: dict[str, Any]) -> None:
    assert hook["pass_filenames"] is False
    for path in INPUTS:
        assert re.search(hook["files"], path), path
    assert not re.search(hook["files"], "out/example.pdf")
    assert not re.search(hook["files"], "README.md")


def _as_pre_commit_runs(hook: dict[str, Any], project: Path) -> subprocess.CompletedProcess[str]:
    program, *args = hook["entry"].split()
    assert program == "letterkit"
    return subprocess.run(
        [str(LETTERKIT), *args, *hook.get("args", [])],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hooks_pass_a_project_with_a_data_file_beside_its_specs(tmp_path: Path) -> None:
    api.init(tmp_path)
    (tmp_path / "letters" / "recipients.yaml").write_text("- name: A\n- name: B\n", "utf-8")
    subprocess.run([str(LETTERKIT), "render", "-q"], cwd=tmp_path, check=True)
    for hook in HOOKS:
        done = _as_pre_commit_runs(hook, tmp_path)
        assert done.returncode == 0, (hook["id"], done.stderr)


def test_the_render_check_hook_fails_on_a_stylesheet_edit(tmp_path: Path) -> None:
    api.init(tmp_path)
    subprocess.run([str(LETTERKIT), "render", "-q"], cwd=tmp_path, check=True)
    hook = next(h for h in HOOKS if h["id"] == "letterkit-render-check")
    assert _as_pre_commit_runs(hook, tmp_path).returncode == 0
    stylesheet = tmp_path / "templates" / "extra.css"
    assert re.search(hook["files"], stylesheet.relative_to(tmp_path).as_posix())
    stylesheet.write_text(stylesheet.read_text("utf-8") + "\nbody { color: #7a1f1f; }\n")
    done = _as_pre_commit_runs(hook, tmp_path)
    assert done.returncode == 1
    assert "out of date" in done.stderr or "differ" in done.stderr, done.stderr
