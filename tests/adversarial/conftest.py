"""Helpers for the adversarial suite: hostile template folders and output-folder checks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from letterkit.output import TEMP_PREFIX

LETTERKIT = str(Path(sys.executable).parent / "letterkit")
"""The installed command, for runs in a subprocess."""


def listing(folder: Path) -> list[str]:
    """Every name in a folder (hidden ones too), or [] when it does not exist."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def one_line(stderr: str) -> str:
    """The single line of an error report; fails when there are more."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def temporaries(folder: Path) -> list[str]:
    return [name for name in listing(folder) if name.startswith(TEMP_PREFIX)]


def pdf_text(path: Path) -> str:
    """All text of a PDF, read strictly: a truncated or broken file fails."""
    reader = pypdf.PdfReader(path, strict=True)
    return "\n".join(page.extract_text() for page in reader.pages)


def run_installed(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the installed letterkit command in a subprocess."""
    command = [LETTERKIT, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)


@pytest.fixture
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A folder of templates, away from the specs, written from file names and texts."""

    def make(files: dict[str, str], name: str = "templates") -> Path:
        folder = tmp_path_factory.mktemp(name, numbered=True)
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        return folder

    return make
