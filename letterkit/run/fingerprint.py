"""Fingerprints of what a letter is made from, so an unchanged letter is not made again.

A letter's inputs are: its spec entry (after a recipient's overrides are
applied), the date it prints when the spec gives none, the command-line
choices that change it (width, PDF variant, creation date, remote
resources), every template, stylesheet, image and font in the template
folders (built-in ones included), the project's letterkit.toml, the image
files the spec names (logos, signatures, files attached to its e-mail),
letterkit's version, the versions of the engines (WeasyPrint, pydyf, Babel
and its CLDR data, fontTools, Pyphen, Pango, HarfBuzz...) and the font files
fontconfig offers for the letter's language, so an upgrade or a new font
makes the letter again.
Hashing these is far cheaper than composing the letter, so an unchanged
batch is checked in a fraction of the time it took to make. The fingerprint
is conservative: editing any template re-renders every letter that could use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from letterkit import __version__, boundary
from letterkit.compose.options import ComposeOptions
from letterkit.compose.templates import TemplateSet
from letterkit.defaults import MAX_RESOURCE_BYTES, RESOURCE_SUFFIXES
from letterkit.run import facts
from letterkit.spec import Spec

_SUFFIXES = tuple(RESOURCE_SUFFIXES)


def _digest(path: Path, roots: tuple[Path, ...]) -> str:
    # A file that cannot or may not be read still counts: the letter then fails.
    return facts.FILES.digest(path, roots, MAX_RESOURCE_BYTES) or "unreadable"


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
        self._engines = "\n".join(facts.engines())
        self._fonts: dict[str, str] = {}

    def fonts(self, language: str) -> str:
        """The digest of the font files a letter in this language may be set in."""
        if language not in self._fonts:
            # Names, numbers and addresses in Latin letters appear in every letter.
            tags = sorted({language.split("-", maxsplit=1)[0].lower(), "en"})
            listed = "\n".join(f for tag in tags for f in facts.font_files(tag))
            self._fonts[language] = hashlib.sha256(listed.encode()).hexdigest()
        return self._fonts[language]

    def file(self, path: Path) -> str:
        """The digest of one file, read once per run (a project's config, say)."""
        if path not in self._digests:
            self._digests[path] = _digest(path, ())
        return self._digests[path]

    def folder(self, folder: Path, area: Path) -> str:
        """The digest of every resource file below a folder (hidden ones skipped)."""
        if folder not in self._digests:
            self._digests[folder] = facts.FILES.about_folder(
                folder, (area,), lambda: self._folder(folder, area)
            )
        return self._digests[folder]

    @staticmethod
    def _folder(folder: Path, area: Path) -> str:
        digest = hashlib.sha256()
        for path in boundary.walk(folder, [area], RESOURCE_SUFFIXES):
            rel = path.relative_to(folder).as_posix()
            digest.update(f"{rel}\0{_digest(path, (area,))}\n".encode())
        return digest.hexdigest()

    @staticmethod
    def _named_files(spec: Spec, spec_path: Path, roots: tuple[Path, ...]) -> list[str]:
        """Digests of image files the spec names by a path relative to its folder."""
        named = []
        for text in _strings(spec.dump()):
            if len(text) < 1024 and text.lower().endswith(_SUFFIXES):
                named.append(f"{text}\0{_digest(spec_path.parent / text, roots)}")
        # Files attached to the e-mail may be of any kind.
        for text in spec.mail.attach:
            named.append(f"attach\0{text}\0{_digest(spec_path.parent / text, roots)}")
        return named

    def shared(
        self,
        spec: Spec,
        spec_path: Path,
        *,
        templates: TemplateSet,
        config: Path | None,
        roots: tuple[Path, ...],
    ) -> str:
        """What every letter of one spec is made from besides its own entry, hashed once.

        ``templates`` are its templates, ``config`` its project's letterkit.toml and
        ``roots`` the folders it may load files from.
        """
        named = self._named_files(spec, spec_path, roots)
        return self.shared_of(spec.language, named, templates=templates, config=config)

    def shared_of(
        self, language: str, named: list[str], *, templates: TemplateSet, config: Path | None
    ) -> str:
        """The shared fingerprint of a spec in ``language`` naming these files (``named``)."""
        parts = [
            f"letterkit {__version__}",
            self._engines,
            self.fonts(language),
            self.options,
            *(self.folder(folder, templates.areas[folder]) for folder in templates.folders),
            "no config" if config is None else self.file(config),
            *named,
        ]
        facts.FILES.save()
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def names(self, spec: Spec, spec_path: Path, roots: tuple[Path, ...]) -> list[str]:
        """How the spec names the files its fingerprint reads (images, then attachments)."""
        return [entry.rsplit("\0", 1)[0] for entry in self._named_files(spec, spec_path, roots)]

    @staticmethod
    def named_again(names: list[str], spec_path: Path, roots: tuple[Path, ...]) -> list[str]:
        """The digests of the files a spec named (``names``), read now, as shared() has them."""
        entries = []
        for name in names:
            path = name.removeprefix("attach\0")
            entries.append(f"{name}\0{_digest(spec_path.parent / path, roots)}")
        return entries

    @staticmethod
    def inputs(spec: Spec, today: dt.date, shared: str) -> str:
        """One letter's fingerprint: its own spec entry, its date and its spec's shared part."""
        # Every language of a letter in several is part of it.
        entries = [version.dump_json() for version in spec.versions]
        parts = [shared, *entries, str(spec.letter_date(today))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()
