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
from letterkit.output import (
    flush_staged,
    make_folder,
    put_in_place,
    remove_stale_temporaries,
    stage,
    sync_folder,
)
from letterkit.run.manifest import Manifest, digest, file_digest
from letterkit.run.naming import Digests
from letterkit.run.naming import file_digest as name_digest


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
        self._folders: dict[Path, Path] = {}
        """Each folder as given, resolved once (not once per letter)."""
        self._written = Digests()
        """The files this run wrote, by file_digest: a mailing's are not kept as paths."""
        self.errors: list[OutputError] = []
        """Failures of no one letter (a manifest that could not be saved), each said once."""

    def _manifest(self, folder: Path) -> Manifest:
        # One manifest per real folder, however the paths to it are spelled.
        key = self._real(folder)
        if key not in self._manifests:
            remove_stale_temporaries(folder)
            self._manifests[key] = Manifest.load(folder)
        return self._manifests[key]

    def _identity(self, target: Path) -> bytes:
        """The digest of the target's real location: its folder resolved (once a run).

        Its name is kept as it is (it may be a link). Compared as macOS and Windows
        do: Ali.txt and ali.txt are one file there.
        """
        return name_digest(self._real(target.parent) / target.name)

    def _real(self, folder: Path) -> Path:
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = folder.resolve()
        return real

    def _check(self, target: Path, source: Path | str, data: bytes) -> None:
        if self._identity(target) in self._written:
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

    def current(self, target: Path, inputs: str) -> str | None:
        """The digest of ``target`` if it is letterkit's unchanged output made from these inputs."""
        return self._manifest(target.parent).current(target, inputs)

    def write_many(self, letters: Sequence[Letter]) -> list[list[Path] | LetterkitError | None]:
        """Write several letters, each all or nothing; per letter its files or its error.

        None stands for a letter not written because its folder's record could
        not be saved: that is reported once, in ``errors``, not once per letter.
        What the group is about to write is journaled first (with what the group
        before it wrote), in one append per folder however large the record is;
        then every file is staged, the group flushed to disk at once, and each
        file renamed into place.
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
            for target in letter.files:
                self._written.add(self._identity(target))
            accepted.append((len(outcomes), letter))
            outcomes.append(None)
        manifests = {t.parent: self._manifest(t.parent) for _, x in accepted for t in x.files}
        for _, letter in accepted:
            for target, data in letter.files.items():
                manifests[target.parent].expect(target, data)
        unsaved = self._save(manifests, publish=False)
        going = [(i, x) for i, x in accepted if not any(t.parent in unsaved for t in x.files)]
        ready = {f for f in {t.parent for _, x in going for t in x.files} if _ready(f)}
        staged = {i: _stage(letter, ready) for i, letter in going}
        flush_staged([t for temps in staged.values() if isinstance(temps, list) for t in temps])
        for index, letter in going:
            outcomes[index] = self._put(letter, staged[index], manifests)
        for folder in {t.parent for _, letter in going for t in letter.files}:
            sync_folder(folder)
        return outcomes

    @staticmethod
    def _put(
        letter: Letter, staged: list[Path] | OutputError, manifests: dict[Path, Manifest]
    ) -> list[Path] | OutputError:
        """Rename a letter's staged files into place and record each (saved with the next group)."""
        if isinstance(staged, OutputError):
            return staged
        try:
            for (target, data), temp in zip(letter.files.items(), staged, strict=True):
                put_in_place(temp, target)
                manifests[target.parent].record(
                    target, data, letter.inputs, letter.loaded, letter.spec
                )
        except OutputError as exc:
            for temp in staged:
                temp.unlink(missing_ok=True)
            return exc
        return list(letter.files)

    def finish(self) -> None:
        """Compact the records of every folder written into (a failure goes to ``errors``)."""
        self._save(self._manifests)

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


def _ready(folder: Path) -> bool:
    """Make an output folder once for a group of its files, rather than once per file.

    One that cannot be made is tried again for each file, each failing its own letter.
    """
    try:
        make_folder(folder)
    except OutputError:
        return False
    return True


def _stage(letter: Letter, ready: set[Path]) -> list[Path] | OutputError:
    """A letter's files written to temporaries (each removed again if one fails).

    ``ready``: the folders made already.
    """
    staged: list[Path] = []
    try:
        for target, data in letter.files.items():
            staged.append(stage(target, data, folder_made=target.parent in ready))
    except OutputError as exc:
        for temp in staged:
            temp.unlink(missing_ok=True)
        return exc
    return staged
