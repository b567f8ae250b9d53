"""What is published: the pins' floors, the sdist's contents, the licence, the extras."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

from packaging.version import Version

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_the_lowest_versions_allowed_are_ones_letterkit_runs_on() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lowest_pins.py"), str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        check=True,
    )
    floors = dict(line.split("==") for line in done.stdout.split())
    # wcwidth.wrap arrived in 0.3.0; 68-69 lose the missing glyph's field; CliRunner's stderr.
    assert Version(floors["wcwidth"]) >= Version("0.3.0")
    assert Version(floors["weasyprint"]) >= Version("70")
    assert Version(floors["click"]) >= Version("8.2")
    assert set(floors) == {
        requirement.split(">=")[0] for requirement in PYPROJECT["project"]["dependencies"]
    }


def test_the_maintainers_tools_are_not_a_published_extra() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"].values()
    published = " ".join(r for extra in extras for r in extra)
    dev = " ".join(PYPROJECT["dependency-groups"]["dev"])
    for tool in ("ruff", "mypy", "import-linter"):
        assert tool not in published
        assert tool in dev
    assert "--group dev" in (ROOT / "Makefile").read_text("utf-8")


def test_the_sdist_holds_the_licence_and_every_file_the_tests_read(tmp_path: Path) -> None:
    hatchling = Path(sys.executable).with_name("hatchling")
    subprocess.run(
        [str(hatchling), "build", "-t", "sdist", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("letterkit-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
        licence = tar.extractfile(next(m for m in tar.getmembers() if m.name.endswith("/LICENSE")))
        assert licence is not None
        assert "Copyright (c) 2026 the letterkit authors" in licence.read().decode()
    needed = {".pre-commit-hooks.yaml", "scripts/system-deps.sh", "letterkit.schema.json"}
    needed |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()}
    data = (ROOT / "tests" / "data").rglob("*")
    needed |= {p.relative_to(ROOT).as_posix() for p in data if p.is_file()}
    assert needed - names == set()
    assert PYPROJECT["project"]["license"] == "MIT"
