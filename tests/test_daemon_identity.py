"""The worker's identity: any change to a file it covers is noticed, and named."""

from __future__ import annotations

import os
from pathlib import Path

from letterkit.daemon import identity


def test_a_changed_added_or_removed_file_is_named(tmp_path: Path) -> None:
    files = [tmp_path / name for name in ("a.py", "b.so", "gone.py", "later.py")]
    for path in files[:3]:
        path.write_text("x", encoding="utf-8")
    known = identity.take([str(p) for p in files])
    assert identity.changed(known) is None

    os.utime(files[1], ns=(0, -1_000_000_000))  # a time before 1970, kept as it is
    assert identity.changed(known) == str(files[1])
    known = identity.take([str(p) for p in files])
    assert identity.changed(known) is None
    files[2].unlink()
    assert identity.changed(known) == str(files[2])
    known = identity.take([str(p) for p in files])
    files[3].write_text("x", encoding="utf-8")
    assert identity.changed(known) == str(files[3])


def test_the_same_size_rewritten_in_place_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_text("a = 1\n", encoding="utf-8")
    os.utime(path, ns=(1, 1_000))
    known = identity.take([str(path)])
    path.write_text("a = 2\n", encoding="utf-8")  # same size, same inode, new time
    assert identity.changed(known) == str(path)


def test_the_worker_covers_its_own_modules_and_libraries() -> None:
    files = identity.files()
    assert any(f.endswith("letterkit/daemon/identity.py") for f in files)
    assert any(".so" in Path(f).name for f in files)
