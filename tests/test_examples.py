"""The examples work as written: every spec checks, the project renders, CI files agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import ROOT

LETTERKIT = Path(sys.executable).with_name("letterkit")
EXAMPLES = ROOT / "examples"


def _letterkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LETTERKIT), *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_every_example_spec_checks(tmp_path: Path) -> None:
    done = _letterkit("check", EXAMPLES, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The README's two, four single uses, a mail merge of two, a bilingual letter, the
    # project's letter, and the eighteen letters of the gallery.
    assert done.stderr == "28 letters OK\n"


def test_the_example_project_renders_its_own_part_with_no_argument(tmp_path: Path) -> None:
    project = tmp_path / "project"
    subprocess.run(["cp", "-r", str(EXAMPLES / "project"), str(project)], check=True)
    done = _letterkit("render", "-f", "txt", cwd=project)
    assert done.returncode == 0, done.stderr
    text = (project / "out" / "may-day.txt").read_text("utf-8")
    assert "where the doors open at 9:00 and 14:00" in text


def test_the_example_pre_commit_config_runs_the_offered_hooks() -> None:
    yaml = YAML(typ="safe")
    offered = {h["id"]: h for h in yaml.load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.load((EXAMPLES / "ci" / "pre-commit-config.yaml").read_text())
    for hook in config["repos"][0]["hooks"]:
        same = offered[hook["id"]]
        assert (hook["entry"], hook["files"], hook["pass_filenames"]) == (
            same["entry"],
            same["files"],
            same["pass_filenames"],
        )


def test_the_example_workflow_runs_commands_that_exist(tmp_path: Path) -> None:
    workflow = YAML(typ="safe").load((EXAMPLES / "ci" / "letters.yml").read_text())
    runs = [s["run"] for s in workflow["jobs"]["letters"]["steps"] if "run" in s]
    commands = [r.split() for r in runs if r.startswith("letterkit ")]
    assert commands
    for command in commands:
        done = _letterkit(*command[1:], "--help", cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr)
