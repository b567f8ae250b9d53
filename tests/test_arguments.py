"""Folders as arguments, the project's specs by default, and usage errors in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MINIMAL

LETTERKIT = Path(sys.executable).with_name("letterkit")


def _letterkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LETTERKIT), *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A letter project: two specs in letters/ (one in a subfolder) and a recipients file."""
    (tmp_path / "letterkit.toml").write_text('output = "out"\nformats = ["txt"]\n')
    letters = tmp_path / "letters"
    (letters / "2026").mkdir(parents=True)
    (letters / "cosatu.yaml").write_text(json.dumps(MINIMAL), encoding="utf-8")
    (letters / "2026" / "unifor.yml").write_text(json.dumps(MINIMAL), encoding="utf-8")
    (letters / "recipients.yaml").write_text("- name: A\n- name: B\n", encoding="utf-8")
    yield tmp_path


def test_a_folder_stands_for_every_spec_under_it_not_its_data_files(project: Path) -> None:
    done = _letterkit("check", "letters", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "2 letters OK\n"
    done = _letterkit("render", "letters/", cwd=project)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (project / "out").glob("*.txt")) == ["cosatu.txt", "unifor.txt"]


def test_no_argument_means_the_projects_specs(project: Path) -> None:
    done = _letterkit("render", cwd=project / "letters" / "2026")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (project / "out").glob("*.txt")) == ["cosatu.txt", "unifor.txt"]
    # The outputs in out/ are not specs, and the specs are current now.
    again = _letterkit("check", cwd=project)
    assert again.stderr == "2 letters OK\n"


def test_no_argument_outside_a_project_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    done = _letterkit("check", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "letterkit: no spec given, and no letterkit.toml here or above; "
        "name specs or folders of specs\n"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["render", "-f", "docx", "x.yaml"], "'docx' is not one of"),
        (["render", "--bogus"], "--bogus"),
        (["nosuch"], "No such command 'nosuch'"),
        (["render", "--jobs", "0", "x.yaml"], "--jobs"),
    ],
)
def test_usage_errors_are_one_line_like_every_other(
    args: list[str], said: str, tmp_path: Path
) -> None:
    done = _letterkit(*args, cwd=tmp_path)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("letterkit: ")
    assert said in line
    assert line.endswith("--help)")


def test_a_format_in_capitals_is_taken(tmp_path: Path) -> None:
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps(MINIMAL), encoding="utf-8")
    done = _letterkit("render", "-f", "TXT", spec, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "letter.txt").is_file()
