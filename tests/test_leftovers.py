"""A command leaves nothing behind in the temporary folder.

letterkit ends its processes without Python's teardown (daemon/client.py), and
its workers end as multiprocessing's do: what WeasyPrint and multiprocessing
would remove on the way out (a copy of each @font-face font, a fork server's
socket) is removed on purpose. Each test runs the installed command with a
temporary folder of its own and looks into it afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pdfplumber

from tests.conftest import EXAMPLE, ROOT, empty, house_font_project, scratch_folder

LETTERKIT = str(Path(sys.executable).parent / "letterkit")


def _render(tmp_path: Path, *args: str | Path) -> Path:
    """Render alone with a temporary folder of its own; that folder (removed if empty)."""
    scratch = scratch_folder()
    env = {**os.environ, "TMPDIR": str(scratch), "LETTERKIT_DAEMON": "off"}
    done = subprocess.run(
        [LETTERKIT, "render", "-q", *map(str, args)],
        env=env, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, b""), done.stderr.decode()
    return scratch


def test_a_letter_in_a_house_font_leaves_no_copy_of_the_font(tmp_path: Path) -> None:
    house_font_project(tmp_path)
    spec = tmp_path / "letter.yaml"
    # Without the example's schema line, which points at a file of the repository.
    lines = EXAMPLE.read_text("utf-8").splitlines(keepends=True)
    spec.write_text("".join(line for line in lines if "$schema" not in line), "utf-8")
    scratch = _render(tmp_path, "-f", "pdf", spec)
    with pdfplumber.open(tmp_path / "letter.pdf") as pdf:
        fonts = {char["fontname"].split("+")[-1] for char in pdf.pages[0].chars}
    assert "House" in fonts  # WeasyPrint did copy the font to typeset it
    assert empty(scratch)


def test_a_parallel_run_leaves_no_fork_server_socket(tmp_path: Path) -> None:
    specs = [EXAMPLE, ROOT / "examples" / "apology-only.yaml"]
    scratch = _render(tmp_path, "-j", "2", "-f", "pdf", "-o", tmp_path / "out", *specs)
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "apology-only.pdf",
        "solidarity-2008.pdf",
    ]
    assert empty(scratch)
