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


def render_text(cache_home: Path, out: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    command = [str(LETTERKIT), "render", "-q", "--force", "-f", "txt", "-o", str(out), str(EXAMPLE)]
    subprocess.run(command, env=env, check=True, capture_output=True)
    return (out / "solidarity-2008.txt").read_text(encoding="utf-8")


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


def render_html(cache_home: Path, out: Path) -> bytes:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    command = [str(LETTERKIT), "render", "-q", "--force", "-f", "html", "-o", str(out)]
    subprocess.run([*command, str(EXAMPLE)], env=env, check=True, capture_output=True)
    return (out / "solidarity-2008.html").read_bytes()


def test_the_page_layout_is_kept_compiled_too_and_lays_out_the_same_page(tmp_path: Path) -> None:
    text_only = tmp_path / "text-only"
    render_text(text_only, tmp_path / "text")
    parts = {e.name for e in (text_only / "letterkit" / "templates").iterdir()}
    first = render_html(tmp_path / "cache", tmp_path / "one")
    folder = tmp_path / "cache" / "letterkit" / "templates"
    kept = {e.name: e.read_bytes() for e in folder.iterdir()}
    assert set(kept) - parts, "the layout's compiled code is kept beside the parts'"
    for name in set(kept) - parts:  # a broken layout entry is compiled again, not used
        (folder / name).write_bytes(kept[name][:-40] + b"\xff" * 40)
    assert render_html(tmp_path / "cache", tmp_path / "two") == first
    assert {e.name: e.read_bytes() for e in folder.iterdir()} == kept
    assert render_html(tmp_path / "cache", tmp_path / "three") == first
    assert {e.name: e.read_bytes() for e in folder.iterdir()} == kept  # read, not compiled


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
