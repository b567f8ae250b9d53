"""The manifest knows which files letterkit wrote and from which inputs."""

from __future__ import annotations

import json
from pathlib import Path

from letterkit.project import project_root
from letterkit.run.manifest import MANIFEST, Manifest, state_folder


def test_owns_only_unchanged_own_outputs(tmp_path: Path) -> None:
    manifest = Manifest.load(tmp_path)
    mine, theirs, absent = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    mine.write_bytes(b"pdf")
    theirs.write_bytes(b"someone else's")
    manifest.record(mine, b"pdf", "inputs-1")
    manifest.save()
    again = Manifest.load(tmp_path)
    assert again.owns(mine) and again.owns(absent) and not again.owns(theirs)
    assert again.current(mine, "inputs-1") and not again.current(mine, "inputs-2")
    mine.write_bytes(b"edited by hand")
    assert not again.owns(mine) and not again.current(mine, "inputs-1")


def test_symlink_at_target_is_not_owned(tmp_path: Path) -> None:
    (tmp_path / "x.txt").symlink_to(tmp_path / "elsewhere")
    assert not Manifest.load(tmp_path).owns(tmp_path / "x.txt")


def test_corrupt_manifest_trusts_nothing(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json", "utf-8")
    (tmp_path / "a.pdf").write_bytes(b"x")
    assert not Manifest.load(tmp_path).owns(tmp_path / "a.pdf")


def test_project_root_prefers_config_then_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    letters = tmp_path / "org" / "letters"
    letters.mkdir(parents=True)
    spec = letters / "x.yaml"
    assert project_root(spec) == tmp_path
    (tmp_path / "org" / "letterkit.toml").write_text("", "utf-8")
    assert project_root(spec) == tmp_path / "org"


def test_project_root_defaults_to_spec_folder(tmp_path: Path) -> None:
    assert not any((p / ".git").exists() for p in tmp_path.parents), "test needs a plain tmp"
    assert project_root(tmp_path / "x.yaml") == tmp_path


def test_expected_write_is_owned_before_it_is_recorded(tmp_path: Path) -> None:
    # A run killed between writing a file and recording it: the new bytes are
    # letterkit's (noted before the write), but not current for any inputs.
    target = tmp_path / "a.pdf"
    manifest = Manifest.load(tmp_path)
    manifest.record(target, b"old", "inputs-1")
    manifest.expect(target, b"new")
    manifest.save()
    target.write_bytes(b"new")
    again = Manifest.load(tmp_path)
    assert again.owns(target)
    assert not again.current(target, "inputs-1")
    target.write_bytes(b"old")
    assert again.owns(target) and again.current(target, "inputs-1")
    target.write_bytes(b"neither")
    assert not again.owns(target)


def test_both_records_are_the_text_json_dumps_makes_of_them(tmp_path: Path) -> None:
    # Written in pieces, a mailing's record is still byte for byte what it always was.
    manifest = Manifest.load(tmp_path)
    for i in range(3):
        target = tmp_path / f"lettre-é{i}.txt"
        target.write_bytes(b"x")
        manifest.record(target, b"x", f"inputs-{i}", {"logo.svg": "ab"}, tmp_path / "s.yaml")
    manifest.save()
    (mine,) = [
        path
        for path in state_folder().glob("*.json")
        if json.loads(path.read_text("utf-8")).get("folder") == str(tmp_path.resolve())
    ]
    for path in (tmp_path / MANIFEST, mine):
        text = path.read_text("utf-8")
        assert text == json.dumps(json.loads(text), indent=1) + "\n"
    names = list(json.loads(mine.read_text("utf-8"))["files"])
    assert names == [f"lettre-é{i}.txt" for i in range(3)]
