"""The record of what letterkit wrote survives kills and concurrent runs, and is this machine's."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from letterkit.run.manifest import MANIFEST
from tests.adversarial.conftest import LETTERKIT, run_installed
from tests.adversarial.test_kill import KILL_AT_STEP
from tests.conftest import MINIMAL, ROOT


def killed_at(step: int, *args: str | Path) -> None:
    """Run letterkit, killing it at its Nth step (a journal flush, a file put in place)."""
    command = [sys.executable, "-c", KILL_AT_STEP, str(step), *map(str, args)]
    done = subprocess.run(command, capture_output=True, check=False, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_kills_while_the_inputs_change_leave_letterkit_its_own_files(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    out = tmp_path / "out"
    args = ("render", "-q", "-f", "txt", "-o", out)
    spec = spec_file({"recipient": {"name": "First Federation"}})
    assert run_installed(*args, spec).returncode == 0
    # Steps of a text-only letter: 1 this machine's journal (what is about to be
    # written), 2 the letter put in place, 3 the folder's record, 4 this machine's.
    spec_file({"recipient": {"name": "Second Federation"}})
    killed_at(3, *args, spec)  # written, not yet recorded
    spec_file({"recipient": {"name": "Third Federation"}})
    killed_at(2, *args, spec)  # killed while writing: the second letter stays
    assert "Second Federation" in (out / "letter.txt").read_text("utf-8")

    final = run_installed(*args, spec)
    assert final.returncode == 0, final.stderr  # no "did not write", no --force needed
    assert "Third Federation" in (out / "letter.txt").read_text("utf-8")


def _mailing(path: Path, prefix: str, count: int) -> Path:
    body = {k: v for k, v in MINIMAL.items() if k != "recipient"}
    people = [{"name": f"{prefix} Union {i}", "short_name": f"{prefix}{i}"} for i in range(count)]
    path.write_text(json.dumps({**body, "recipients": people}), "utf-8")
    return path


def test_concurrent_runs_into_one_folder_lose_no_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    specs = [_mailing(tmp_path / f"{p}.yaml", p, 120) for p in ("a", "b")]
    runs = [
        subprocess.Popen(
            [LETTERKIT, "render", "-q", "-f", "txt", "-j", "1", "-o", str(out), str(spec)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for spec in specs
    ]
    for process in runs:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    shared = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
    assert len(shared) == 240
    again = run_installed("render", "-f", "txt", "-o", out, *specs)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1].startswith("0 written, 240 skipped, 0 failed")


def test_this_machines_record_is_kept_outside_the_project(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    state = tmp_path / "state"
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    spec = spec_file()
    done = run_installed("render", "-q", "-f", "txt", "-o", tmp_path / "out", spec, env=env)
    assert done.returncode == 0, done.stderr
    (record,) = (state / "letterkit" / "records").glob("*.json")
    body = json.loads(record.read_text("utf-8"))
    assert body["folder"] == str((tmp_path / "out").resolve())
    assert set(body["files"]) == {"letter.txt"}
    # Without it (another machine), an unchanged file is still not skipped blindly.
    record.unlink()
    again = run_installed("render", "-f", "txt", "-o", tmp_path / "out", spec, env=env)
    assert again.returncode == 0, again.stderr
    assert "current; skipped" not in again.stderr


def test_a_file_the_stylesheet_loads_is_part_of_what_makes_a_letter_current(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "letters").mkdir()
    css = (ROOT / "templates" / "letter.css").read_text("utf-8")
    rule = ".letterhead { background: url(stamp.png) no-repeat; }"
    (root / "templates" / "extra.css").write_text(f"{rule}\n", "utf-8")
    assert "stamp.png" not in css
    png = (ROOT / "docs" / "solidarity-2008.png").read_bytes()
    (root / "letters" / "stamp.png").write_bytes(png)
    spec = root / "letters" / "letter.yaml"
    spec.write_text(json.dumps(MINIMAL), "utf-8")
    args = ("render", "-f", "pdf", "-o", root / "out", spec)
    assert run_installed(*args).returncode == 0
    assert "current; skipped" in run_installed(*args).stderr

    (root / "letters" / "stamp.png").write_bytes(
        (ROOT / "docs" / "persian-solidarity.png").read_bytes()
    )
    changed = run_installed(*args)
    assert changed.returncode == 0, changed.stderr
    assert "current; skipped" not in changed.stderr
    assert f"wrote {root / 'out' / 'letter.pdf'}" in changed.stderr
