"""Shared fixtures: the real CLI, spec files on disk, golden files."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from letterkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
REFERENCE = Path(__file__).parent / "data" / "reference" / "solidarity-2008.txt"
GOLDEN = Path(__file__).parent / "golden"

MINIMAL: dict[str, Any] = {
    "date": "2026-03-08",
    "sender": {"name": "Workers' Solidarity Network", "short_name": "WSN"},
    "recipient": {"name": "Congress of South African Trade Unions", "short_name": "COSATU"},
    "event": {
        "kind": "congress",
        "name": "14th National Congress",
        "short_name": "National Congress",
        "city": "Johannesburg",
        "country": "South Africa",
        "start": "2026-03-10",
        "end": "2026-03-12",
        "aim": "renew the federation's programme",
    },
    "greeting": {"salutation": "Dear Comrades,"},
    "apology": {"reasons": ["travel costs"], "wish": "a fruitful congress"},
    "position": ["We stand with you.", "Workers of all countries unite."],
    "sign_off": {"closing": "Please keep us informed.", "slogans": ["An injury to one!"]},
}


FONTS = Path("/usr/share/fonts/truetype/dejavu")

_FOLDERS: list[str] = []
"""The folders this test process made for the run, removed as it ends."""


def pytest_configure(config: pytest.Config) -> None:
    # letterkit's own records (which files it wrote where) go to a folder of the
    # test run, not the home folder of whoever runs the tests; subprocesses inherit it.
    os.environ["XDG_STATE_HOME"] = _folder("letterkit-state-")
    # Its compiled templates likewise: each test run starts with none.
    os.environ["XDG_CACHE_HOME"] = _folder("letterkit-cache-")
    # Nor does a background worker of whoever runs the tests make their letters: none
    # listens in a runtime folder of the test run unless a test starts it.
    os.environ["XDG_RUNTIME_DIR"] = _folder("letterkit-runtime-")


def _folder(prefix: str) -> str:
    made = tempfile.mkdtemp(prefix=prefix)
    _FOLDERS.append(made)
    return made


def pytest_unconfigure(config: pytest.Config) -> None:
    for made in _FOLDERS:
        shutil.rmtree(made, ignore_errors=True)


def scratch_folder() -> Path:
    """An empty temporary folder with a short name: a fork server's socket path must fit
    in 108 bytes, which a folder under pytest's tmp_path does not leave room for."""
    return Path(tempfile.mkdtemp(prefix="lk-"))


def empty(scratch: Path) -> bool:
    """Whether nothing is left in it; it is removed then."""
    left = list(scratch.iterdir())
    if not left:
        scratch.rmdir()
    return not left


def house_font_project(folder: Path, face: str = "DejaVuSans.ttf") -> Path:
    """A project whose stylesheet sets the letter in its own font (@font-face): its font file."""
    templates = folder / "templates"
    templates.mkdir()
    (folder / "letterkit.toml").write_text("", "utf-8")
    # url() in a project stylesheet is read from the spec's folder, as the letter's own files are.
    font = folder / "fonts" / "house.ttf"
    font.parent.mkdir()
    font.write_bytes((FONTS / face).read_bytes())
    (templates / "extra.css").write_text(
        '@font-face { font-family: House; src: url("fonts/house.ttf"); }\n'
        "body { font-family: House; }\n",
        "utf-8",
    )
    return font


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files from the current output.",
    )


def merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of base with changes applied; a value of None removes the key."""
    out = json.loads(json.dumps(base))
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


@pytest.fixture
def spec_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a spec (MINIMAL with changes, or raw text) and return its path."""

    def write(
        changes: dict[str, Any] | None = None, *, text: str | None = None, name: str = "letter.yaml"
    ) -> Path:
        path = tmp_path / name
        body = (
            text
            if text is not None
            else json.dumps(merged(MINIMAL, changes or {}), ensure_ascii=False, indent=2)
        )
        path.write_text(body, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the letterkit CLI in process, as a user would call it."""

    def invoke(*args: str | Path) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with a golden file, or rewrite it with --update-golden."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.write_text(actual, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == actual, (
            f"{name} differs; review and run `make golden` if the change is intended"
        )

    return check
