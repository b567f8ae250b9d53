"""A spec that checked out is not checked again while nothing it is made from changed.

The pre-commit hook runs `letterkit check` over every spec of a project on
every commit; these runs are real processes on real files, and each change
below must make the next check see it, with the messages of a first check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL, ROOT

LETTERKIT = Path(sys.executable).with_name("letterkit")
LOGO = ROOT / "tests" / "data" / "images" / "logo.png"
HOUR = 3600


def _old(*paths: Path) -> None:
    """Not changed just now: what is known of the files is remembered."""
    for path in paths:
        then = path.stat().st_mtime - HOUR
        os.utime(path, (then, then))


def _write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(json.dumps(spec), "utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Three specs, one with a logo, and a template folder of the project's own."""
    root = tmp_path / "project"
    (root / "templates" / "en").mkdir(parents=True)
    (root / "letterkit.toml").write_text("", "utf-8")
    shutil.copy(LOGO, root / "logo.png")
    with_logo = {**MINIMAL, "sender": {**MINIMAL["sender"], "logo": "logo.png"}}
    specs = [_write(root / "a.yaml", with_logo)]
    for name in ("b", "c"):
        other = {**MINIMAL, "recipient": {"name": f"Union {name.upper()}"}}
        specs.append(_write(root / f"{name}.yaml", other))
    _old(*specs, root / "logo.png", root / "letterkit.toml")
    return root


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(project.parent / "cache")}
    command = [str(LETTERKIT), "check", *args]
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, check=False, env=env
    )


def _kept(project: Path) -> Path:
    """The one file where the checks run from ``project`` are remembered."""
    (found,) = (project.parent / "cache" / "letterkit" / "facts").glob("checked-*.json")
    return found


def test_a_second_check_says_and_reports_what_the_first_did(project: Path) -> None:
    first = check(project, "--report", "json")
    assert first.returncode == 0, first.stderr
    assert first.stderr == "3 letters OK\n"
    kept = _kept(project)
    entries = json.loads(kept.read_text("utf-8")).values()
    assert sum(e["letters"] == [n] for e in entries for n in ("Union B", "Union C")) == 2
    again = check(project, "--report", "json")
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    assert [r["spec"] for r in json.loads(again.stdout)["letters"]] == [
        str(project / f"{name}.yaml") for name in "abc"
    ]


def test_a_template_broken_since_the_last_check_fails_every_spec(project: Path) -> None:
    assert check(project).returncode == 0
    greeting = project / "templates" / "en" / "greeting.j2"
    greeting.write_text("Dear {{ recipient.name \n", "utf-8")
    _old(greeting)
    broken = check(project)
    assert broken.returncode != 0
    assert broken.stderr.count(f"{greeting}:1: template syntax error") == 3, broken.stderr


def test_a_logo_removed_since_the_last_check_fails_its_spec_at_its_line(project: Path) -> None:
    assert check(project).returncode == 0
    (project / "logo.png").unlink()
    missing = check(project)
    assert missing.returncode != 0
    assert f"{project / 'a.yaml'}:1:" in missing.stderr
    assert 'no image file "logo.png"' in missing.stderr
    assert missing.stderr.count("no image file") == 1


def test_a_warning_is_said_again_on_every_check(project: Path) -> None:
    dutch = _write(project / "c.yaml", {**MINIMAL, "language": "nl", "event": None})
    _old(dutch)
    first = check(project)
    assert first.returncode == 0
    assert "warning: " in first.stderr
    assert check(project).stderr == first.stderr


def test_two_specs_checked_apart_are_still_refused_together(project: Path) -> None:
    shutil.copy(project / "b.yaml", project / "b.yml")  # both would write b.txt and b.pdf
    _old(project / "b.yml")
    assert check(project, "b.yaml").returncode == 0
    assert check(project, "b.yml").returncode == 0
    together = check(project, "b.yaml", "b.yml")
    assert together.returncode != 0
    assert "another letter of this run already wrote" in together.stderr


def test_force_checks_a_remembered_spec_again(project: Path) -> None:
    assert check(project, "b.yaml").returncode == 0
    kept = _kept(project)
    # What a remembered check reports comes from memory: a forged name shows it.
    kept.write_text(kept.read_text("utf-8").replace('"Union B"', '"Forged"'), "utf-8")
    recalled = json.loads(check(project, "--report", "json", "b.yaml").stdout)
    assert [r["recipient"] for r in recalled["letters"]] == ["Forged"]
    forced = json.loads(check(project, "--force", "--report", "json", "b.yaml").stdout)
    assert [r["recipient"] for r in forced["letters"]] == ["Union B"]


def test_a_check_from_another_folder_leaves_this_folders_memory_alone(project: Path) -> None:
    assert check(project, "b.yaml").returncode == 0
    kept = _kept(project)
    before = kept.read_bytes()
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    _old(elsewhere)
    assert check(elsewhere, str(project / "c.yaml")).returncode == 0
    assert kept.read_bytes() == before
    facts = sorted((project.parent / "cache" / "letterkit" / "facts").glob("checked-*.json"))
    assert len(facts) == 2


def test_only_the_most_recently_checked_folders_are_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from letterkit.run import facts  # noqa: PLC0415 -- after the cache folder is set

    for n in range(5):
        facts.save(f"checked-{n}", {"n": n})
        os.utime(tmp_path / "letterkit" / "facts" / f"checked-{n}.json", ns=(n, n))
    facts.save("engines-x", {})
    facts.forget_oldest("checked-", 3)
    left = sorted(p.name for p in (tmp_path / "letterkit" / "facts").iterdir())
    assert left == ["checked-2.json", "checked-3.json", "checked-4.json", "engines-x.json"]
