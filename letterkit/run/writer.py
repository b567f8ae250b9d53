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

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from letterkit.errors import LetterkitError, OutputError, SafetyError
from letterkit.output import remove_stale_temporaries, write_atomic
from letterkit.run.manifest import Manifest, digest, file_digest


class Letter(NamedTuple):
    """One letter's files, what messages call it, and the fingerprint of its inputs."""

    files: dict[Path, bytes]
    source: Path | str
    inputs: str | None = None


class Writer:
    """Writes one run's files, folder by folder, keeping each folder's manifest."""

    def __init__(self, force: bool = False) -> None:
        self.force = force
        self._manifests: dict[Path, Manifest] = {}
        self._written: set[Path] = set()

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

    def write_many(self, letters: Sequence[Letter]) -> list[list[Path] | LetterkitError]:
        """Write several letters, each all or nothing; per letter its files or its error.

        The manifests are saved once before and once after the group, not per
        letter: a mailing of thousands writes a manifest of thousands of entries.
        """
        outcomes: list[list[Path] | LetterkitError] = []
        accepted: list[Letter] = []
        for letter in letters:
            try:
                for target, data in letter.files.items():
                    self._check(target, letter.source, data)
            except SafetyError as exc:
                outcomes.append(exc)
                continue
            # Claimed now, so a later letter of the same group cannot take the same file.
            self._written.update(_identity(target) for target in letter.files)
            accepted.append(letter)
            outcomes.append([])
        files = {t: d for letter in accepted for t, d in letter.files.items()}
        manifests = {target.parent: self._manifest(target.parent) for target in files}
        for target, data in files.items():
            manifests[target.parent].expect(target, data)
        try:
            self._save(manifests, files, publish=False)
        except OutputError as exc:
            return [exc if isinstance(o, list) else o for o in outcomes]
        written = iter(i for i, o in enumerate(outcomes) if isinstance(o, list))
        for letter, index in zip(accepted, written, strict=True):
            outcomes[index] = self._write_one(letter, manifests)
        try:
            self._save(manifests, files)
        except OutputError as exc:
            return [exc if isinstance(o, list) else o for o in outcomes]
        return outcomes

    @staticmethod
    def _write_one(letter: Letter, manifests: dict[Path, Manifest]) -> list[Path] | OutputError:
        try:
            for target, data in letter.files.items():
                write_atomic(target, data)
                manifests[target.parent].record(target, data, letter.inputs)
        except OutputError as exc:
            return exc
        return list(letter.files)

    @staticmethod
    def _save(
        manifests: dict[Path, Manifest], files: dict[Path, bytes], publish: bool = True
    ) -> None:
        for folder, manifest in manifests.items():
            try:
                manifest.save(publish)
            except OutputError as exc:
                target = next(t for t in files if t.parent == folder)
                # Name the letter's file, not the manifest the user never asked for.
                problems = [
                    dataclasses.replace(p, path=target) if p.path == manifest.path else p
                    for p in exc.problems
                ]
                raise OutputError(problems) from None


def _identity(target: Path) -> Path:
    """The target's real location: its folder resolved, its own name kept (it may be a link)."""
    return target.parent.resolve() / target.name
