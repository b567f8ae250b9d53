"""Compiled templates kept on disk: used when whole and this user's own, ignored otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from letterkit.compiled import TemplateCache
from letterkit.compose import TemplateSet

LETTERKIT = Path(sys.executable).with_name("letterkit")
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
GOLDEN = Path(__file__).parent / "golden" / "solidarity-2008.txt"


def render_text(cache_home: Path, out: Path, fmt: str = "txt") -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    command = [str(LETTERKIT), "render", "-q", "--force", "-f", fmt, "-o", str(out), str(EXAMPLE)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    return (out / f"solidarity-2008.{fmt}").read_text(encoding="utf-8")


def test_a_second_run_reads_what_the_first_kept_and_writes_the_same_letter(
    tmp_path: Path,
) -> None:
    first = render_text(tmp_path / "cache", tmp_path / "one")
    folder = tmp_path / "cache" / "letterkit" / "templates"
    entries = sorted(folder.iterdir())
    assert entries, "the compiled templates are kept"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(e.stat().st_mode & 0o777 == 0o600 for e in entries)
    kept = {e.name: e.read_bytes() for e in entries}
    assert render_text(tmp_path / "cache", tmp_path / "two") == first == GOLDEN.read_text("utf-8")
    assert {e.name: e.read_bytes() for e in folder.iterdir()} == kept  # read, not compiled again


def test_the_layout_template_is_kept_apart_and_read_again_for_the_same_page(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cache" / "letterkit" / "templates"
    render_text(tmp_path / "cache", tmp_path / "text")
    parts = {e.name for e in folder.iterdir()}
    first = render_text(tmp_path / "cache", tmp_path / "one", "html")
    layouts = {e.name: e.stat().st_ino for e in folder.iterdir() if e.name not in parts}
    assert len(layouts) == 2, "letter.html.j2 and its macros are kept beside the parts"
    again = render_text(tmp_path / "cache", tmp_path / "two", "html")
    (tmp_path / "no-cache").write_text("a file: no cache folder can be made in it", "utf-8")
    assert again == first == render_text(tmp_path / "no-cache", tmp_path / "three", "html")
    # The same files, not written again (an entry is written under a new name, then renamed).
    assert {e.name: e.stat().st_ino for e in folder.iterdir() if e.name not in parts} == layouts


def test_the_same_text_compiles_to_one_entry_per_environment(tmp_path: Path) -> None:
    parts, layouts = TemplateCache(tmp_path), TemplateCache(tmp_path, kind="layout")
    assert parts.get_cache_key("a.html.j2", "/t/a.html.j2") != layouts.get_cache_key(
        "a.html.j2", "/t/a.html.j2"
    )


def test_corrupt_and_truncated_entries_are_compiled_again(tmp_path: Path) -> None:
    render_text(tmp_path / "cache", tmp_path / "one")
    folder = tmp_path / "cache" / "letterkit" / "templates"
    entries = sorted(folder.iterdir())
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        broken = data[: len(data) // 2] if number % 2 else data[:-40] + b"\xff" * 40
        entry.write_bytes(broken)
    assert render_text(tmp_path / "cache", tmp_path / "two") == GOLDEN.read_text("utf-8")
    assert all(len(e.read_bytes()) > 100 for e in folder.iterdir())  # written whole again


HELLO = "Hello {{ name }}"


def _hello_set(tmp_path: Path, cache: TemplateCache) -> TemplateSet:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "hello.j2").write_text(HELLO, encoding="utf-8")
    templates = TemplateSet((folder,))
    templates.environment.bytecode_cache = cache
    return templates


def _forge(tmp_path: Path, cache: TemplateCache) -> Path:
    """Keep, for hello.j2, the code of another template: what a hostile entry would hold."""
    templates = _hello_set(tmp_path, cache)
    env, filename = templates.environment, str(tmp_path / "templates" / "hello.j2")
    bucket = cache.get_bucket(env, "hello.j2", filename, HELLO)
    bucket.code = env.compile("Forged {{ name }}", "hello.j2", filename)
    cache.dump_bytecode(bucket)
    return cache.folder / bucket.key


def _greets(tmp_path: Path, cache: TemplateCache) -> str:
    templates = _hello_set(tmp_path, TemplateCache(cache.folder))
    return templates.environment.get_template("hello.j2").render(name="Jim")


def test_an_entry_in_the_users_own_folder_is_used(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "cache")
    entry = _forge(tmp_path, cache)
    assert sorted(cache.folder.iterdir()) == [entry]
    # The proof that entries are trusted code, hence the checks of the tests below.
    assert _greets(tmp_path, cache) == "Forged Jim"


def test_an_entry_for_another_text_of_the_template_is_not_used(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "cache")
    _forge(tmp_path, cache)
    (tmp_path / "templates" / "hello.j2").write_text("Hi {{ name }}", encoding="utf-8")
    templates = TemplateSet((tmp_path / "templates",))
    templates.environment.bytecode_cache = TemplateCache(cache.folder)
    assert templates.environment.get_template("hello.j2").render(name="Jim") == "Hi Jim"


def test_a_folder_others_may_write_is_not_read(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "cache")
    _forge(tmp_path, cache)
    cache.folder.chmod(0o777)
    assert _greets(tmp_path, cache) == "Hello Jim"


def test_an_entry_through_a_symlink_is_not_read_and_its_target_not_written(
    tmp_path: Path,
) -> None:
    cache = TemplateCache(tmp_path / "cache")
    entry = _forge(tmp_path, cache)
    outside = tmp_path / "outside"
    entry.rename(outside)
    entry.symlink_to(outside)
    kept = outside.read_bytes()
    assert _greets(tmp_path, cache) == "Hello Jim"
    assert outside.read_bytes() == kept
    assert not entry.is_symlink()  # replaced by a real entry of its own


def test_a_symlinked_folder_is_not_used(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "cache")
    _forge(tmp_path, cache)
    elsewhere = TemplateCache(tmp_path / "link")
    elsewhere.folder.symlink_to(cache.folder)
    assert _greets(tmp_path, elsewhere) == "Hello Jim"


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="needs chown (root)")
def test_an_entry_another_user_owns_is_not_read(tmp_path: Path) -> None:
    cache = TemplateCache(tmp_path / "cache")
    entry = _forge(tmp_path, cache)
    os.chown(entry, 65534, 65534)
    assert _greets(tmp_path, cache) == "Hello Jim"
