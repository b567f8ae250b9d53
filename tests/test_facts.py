"""What a fingerprint remembers between runs never hides a change (real processes, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINIMAL

LETTERKIT = Path(sys.executable).with_name("letterkit")
GREETING = "Dear comrades of {{ recipient.short_name }},\n"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect fill="{fill}" width="40" height="20"/></svg>\n'
)
OTHER = "Dear partners of {{ recipient.short_name }},\n"


def _render(project: Path, cache: Path) -> tuple[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [str(LETTERKIT), "render", "-f", "txt", "letter.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stderr, (project / "letter.txt").read_text("utf-8")


def _made_again_with_the_new_greeting(project: Path, cache: Path) -> None:
    said, text = _render(project, cache)
    assert "wrote" in said
    assert "Dear partners of COSATU," in text


def _project(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "project"
    (project / "templates" / "en").mkdir(parents=True)
    (project / "letterkit.toml").write_text("", "utf-8")
    (project / "letter.yaml").write_text(json.dumps(MINIMAL), "utf-8")
    greeting = project / "templates" / "en" / "greeting.j2"
    greeting.write_text(GREETING, "utf-8")
    old = greeting.stat().st_mtime - 3600  # not changed just now: its digest is remembered
    os.utime(greeting, (old, old))
    return project, greeting


def test_a_template_rewritten_at_the_same_size_and_time_makes_the_letter_again(
    tmp_path: Path,
) -> None:
    project, greeting = _project(tmp_path)
    cache = tmp_path / "cache"
    said, text = _render(project, cache)
    assert "wrote" in said
    assert "Dear comrades of COSATU," in text
    assert "current; skipped" in _render(project, cache)[0]
    kept = cache / "letterkit" / "facts"
    assert kept.stat().st_mode & 0o777 == 0o700
    assert (kept / "files.json").is_file()
    assert len(list(kept.glob("engines-*.json"))) == 1
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept.iterdir())
    # Same length, same modification time: only its change time (which no one sets) moves.
    times = greeting.stat()
    assert len(OTHER) == len(GREETING)
    greeting.write_text(OTHER, "utf-8")
    os.utime(greeting, ns=(times.st_atime_ns, times.st_mtime_ns))
    _made_again_with_the_new_greeting(project, cache)


def test_a_template_changed_just_after_a_run_makes_the_letter_again(tmp_path: Path) -> None:
    project, greeting = _project(tmp_path)
    cache = tmp_path / "cache"
    _render(project, cache)
    greeting.write_text(OTHER, "utf-8")
    _made_again_with_the_new_greeting(project, cache)


def test_broken_or_foreign_entries_are_asked_again(tmp_path: Path) -> None:
    project, greeting = _project(tmp_path)
    cache = tmp_path / "cache"
    _render(project, cache)
    kept = cache / "letterkit" / "facts"
    for entry in kept.iterdir():
        entry.write_text('{"stamp": [', "utf-8")
    greeting.write_text(OTHER, "utf-8")
    _made_again_with_the_new_greeting(project, cache)
    [engines] = kept.glob("engines-*.json")
    assert json.loads(engines.read_text("utf-8"))["answer"]  # written whole again
    kept.chmod(0o777)  # a folder others may write is neither read nor written
    engines.write_text('{"stamp": [', "utf-8")
    greeting.write_text(GREETING, "utf-8")
    said, text = _render(project, cache)
    assert "wrote" in said
    assert "Dear comrades of COSATU," in text
    assert engines.read_text("utf-8") == '{"stamp": ['


def test_a_data_file_turned_into_a_spec_is_found_by_the_next_run(tmp_path: Path) -> None:
    project, _greeting = _project(tmp_path)
    people = project / "people.yaml"
    people.write_text("- name: A union\n", "utf-8")
    old = people.stat().st_mtime - 3600  # not changed just now: what it is is remembered
    os.utime(people, (old, old))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    check = [str(LETTERKIT), "check"]
    done = subprocess.run(check, cwd=project, capture_output=True, text=True, env=env, check=True)
    assert "1 letter OK" in done.stderr
    times = people.stat()
    people.write_text(json.dumps(MINIMAL), "utf-8")
    os.utime(people, ns=(times.st_atime_ns, times.st_mtime_ns))
    done = subprocess.run(check, cwd=project, capture_output=True, text=True, env=env, check=True)
    assert "2 letters OK" in done.stderr


def test_a_logo_changed_after_a_run_makes_the_letter_again(tmp_path: Path) -> None:
    project, _greeting = _project(tmp_path)
    logo = project / "logo.svg"
    logo.write_text(SVG.format(fill="red"), "utf-8")
    spec = {**MINIMAL, "sender": {**MINIMAL["sender"], "logo": "logo.svg"}}
    (project / "letter.yaml").write_text(json.dumps(spec), "utf-8")
    old = logo.stat().st_mtime - 3600
    for path in (logo, project / "letter.yaml"):
        os.utime(path, (old, old))
    cache = tmp_path / "cache"
    assert "wrote" in _render(project, cache)[0]
    assert "current; skipped" in _render(project, cache)[0]  # the plan kept, the spec unread
    times = logo.stat()
    logo.write_text(SVG.format(fill="tan"), "utf-8")  # another picture, its size and time kept
    os.utime(logo, ns=(times.st_atime_ns, times.st_mtime_ns))
    said = _render(project, cache)[0]
    assert "wrote" in said
    assert "skipped" not in said
