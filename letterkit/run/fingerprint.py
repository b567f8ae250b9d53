"""Fingerprints of what a letter is made from, so an unchanged letter is not made again.

A letter's inputs are: its spec entry (after a recipient's overrides are
applied), the date it prints when the spec gives none, the command-line
choices that change it (width, PDF variant, creation date, remote
resources), every template, stylesheet, image and font in the template
folders (built-in ones included), the project's letterkit.toml, the image
files the spec names (logos, signatures), and letterkit's version.
Hashing these is far cheaper than composing the letter, so an unchanged
batch is checked in a fraction of the time it took to make. The fingerprint
is conservative: editing any template re-renders every letter that could use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from letterkit import __version__
from letterkit.compose import ComposeOptions
from letterkit.defaults import RESOURCE_SUFFIXES
from letterkit.run.manifest import file_digest
from letterkit.spec import Spec


def _digest_or_absent(path: Path) -> str:
    return file_digest(path) or "absent"


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


class Fingerprints:
    """Fingerprints for one run; folders and files are hashed once each."""

    def __init__(self, options: ComposeOptions) -> None:
        # Every choice that shapes a letter, except today's date (only a letter
        # without a date of its own prints it) and the limits (they refuse, never change, a letter).
        self.options = repr(
            replace(options, today=dt.date.min, time_limit=0, output_limit=0, max_pages=0)
        )
        self._digests: dict[Path, str] = {}

    def file(self, path: Path) -> str:
        """The digest of one file, read once per run (a project's config, say)."""
        if path not in self._digests:
            self._digests[path] = _digest_or_absent(path)
        return self._digests[path]

    def folder(self, folder: Path) -> str:
        """The digest of every resource file below a folder (hidden folders skipped)."""
        if folder not in self._digests:
            self._digests[folder] = self._walk(folder)
        return self._digests[folder]

    @staticmethod
    def _walk(folder: Path) -> str:
        digest = hashlib.sha256()
        for top, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(top, name)
                if path.suffix.lower() in RESOURCE_SUFFIXES:
                    rel = path.relative_to(folder).as_posix()
                    digest.update(f"{rel}\0{_digest_or_absent(path)}\n".encode())
        return digest.hexdigest()

    def _named_files(self, spec: Spec, spec_path: Path) -> list[str]:
        """Digests of image files the spec names by a path relative to its folder."""
        named = []
        for text in _strings(spec.model_dump()):
            if Path(text).suffix.lower() in RESOURCE_SUFFIXES and len(text) < 1024:
                path = spec_path.parent / text
                if path.is_file():
                    named.append(f"{text}\0{_digest_or_absent(path)}")
        return named

    def inputs(
        self,
        spec: Spec,
        spec_path: Path,
        today: dt.date,
        templates: tuple[Path, ...],
        config: Path | None,
    ) -> str:
        """The fingerprint of one letter's inputs.

        ``templates`` is its template search path, ``config`` its project's letterkit.toml.
        """
        parts = [
            f"letterkit {__version__}",
            spec.model_dump_json(),
            str(spec.letter_date(today)),
            self.options,
            *(self.folder(folder) for folder in templates),
            "no config" if config is None else self.file(config),
            *self._named_files(spec, spec_path),
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()
