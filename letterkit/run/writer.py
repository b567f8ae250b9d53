"""Writing a run's outputs without losing anything that was there.

letterkit overwrites a file only when its folder's manifest says letterkit
wrote it and it is unchanged since (manifest.py); any other file in the way
is left alone unless the user passes ``--force``. Every file written is
recorded. All of a letter's targets are checked before any is written, so a
refused letter writes nothing.

The manifest notes each new file's digest before the file is written and
records it after, so a run killed in between leaves a file the next run
still recognises as letterkit's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from letterkit.errors import LetterkitError, OutputError, SafetyError
from letterkit.output import remove_stale_temporaries, write_atomic
from letterkit.run.manifest import Manifest, digest, file_digest
from letterkit.run.naming import same_file_key


class Letter(NamedTuple):
    """One letter's files, what messages call it, and the fingerprint of its inputs."""

    files: dict[Path, bytes]
    source: Path | str
    inputs: str | None = None
    loaded: dict[str, str] | None = None
    """The files the letter loaded, with their digests, recorded to tell when it is current."""
    spec: Path | None = None
    """The spec file it was made from, recorded for --prune."""


class Writer:
    """Writes one run's files, folder by folder, keeping each folder's manifest."""

    def __init__(self, force: bool = False) -> None:
        self.force = force
        self._manifests: dict[Path, Manifest] = {}
        self._written: set[str] = set()
        self.errors: list[OutputError] = []
        """Failures of no one letter (a manifest that could not be saved), each said once."""

    def _manifest(self, folder: Path) -> Manifest:
        # One manifest per real folder, however the paths to it are spelled.
        key = folder.resolve()
        if key not in self._manifests:
            remove_stale_temporaries(folder)
            self._manifests[key] = Manifest.load(folder)
        return self._manifests[key]

    def _check(self, target: Path, source: Path | str, data: bytes) -> None:
        if _identity(target) in self._written:
            raise SafetyError.at(
                source,
                f"refused: another letter of this run already wrote {target}; "
                "give the specs different names or output folders",
            )
        if self.force or self._manifest(target.parent).owns(target):
            return
        # The very bytes letterkit makes now lose nothing when written again: a
        # letter committed by another machine is taken over without --force.
        if target.is_file() and not target.is_symlink() and file_digest(target) == digest(data):
            return
        raise SafetyError.at(
            target,
            "refused to overwrite a file letterkit did not write (or one changed "
            "since); move it away, or pass --force to overwrite it",
        )

    def current(self, target: Path, inputs: str) -> bool:
        """Whether ``target`` is letterkit's unchanged output made from these inputs."""
        return self._manifest(target.parent).current(target, inputs)

    def write_many(self, letters: Sequence[Letter]) -> list[list[Path] | LetterkitError | None]:
        """Write several letters, each all or nothing; per letter its files or its error.

        None stands for a letter not written because its folder's manifest could
        not be saved: that is reported once, in ``errors``, not once per letter.
        The manifests are saved once before and once after the group, not per
        letter: a mailing of thousands writes a manifest of thousands of entries.
        """
        outcomes: list[list[Path] | LetterkitError | None] = []
        accepted: list[tuple[int, Letter]] = []
        for letter in letters:
            try:
                for target, data in letter.files.items():
                    self._check(target, letter.source, data)
            except SafetyError as exc:
                outcomes.append(exc)
                continue
            # Claimed now, so a later letter of the same group cannot take the same file.
            self._written.update(_identity(target) for target in letter.files)
            accepted.append((len(outcomes), letter))
            outcomes.append(None)
        manifests = {t.parent: self._manifest(t.parent) for _, x in accepted for t in x.files}
        for _, letter in accepted:
            for target, data in letter.files.items():
                manifests[target.parent].expect(target, data)
        unsaved = self._save(manifests, publish=False)
        for index, letter in accepted:
            if not any(target.parent in unsaved for target in letter.files):
                outcomes[index] = self._write_one(letter, manifests)
        # The letters are written: a manifest that cannot be saved now is its own error.
        self._save({f: m for f, m in manifests.items() if f not in unsaved})
        return outcomes

    @staticmethod
    def _write_one(letter: Letter, manifests: dict[Path, Manifest]) -> list[Path] | OutputError:
        try:
            for target, data in letter.files.items():
                write_atomic(target, data)
                manifests[target.parent].record(
                    target, data, letter.inputs, letter.loaded, letter.spec
                )
        except OutputError as exc:
            return exc
        return list(letter.files)

    def _save(self, manifests: dict[Path, Manifest], publish: bool = True) -> set[Path]:
        """Save each manifest; the folders whose manifest failed, each reported in ``errors``."""
        failed: set[Path] = set()
        for folder, manifest in manifests.items():
            try:
                manifest.save(publish)
            except OutputError as exc:
                self.errors.append(exc)
                failed.add(folder)
        return failed


def _identity(target: Path) -> str:
    """The target's real location: its folder resolved, its own name kept (it may be a link).

    Compared as macOS and Windows do: Ali.txt and ali.txt are one file there.
    """
    return same_file_key(target.parent.resolve() / target.name)
