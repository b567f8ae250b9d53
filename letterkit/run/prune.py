"""render --prune: remove the outputs of letters no longer in the run, and nothing else.

A file is removed only when all of these hold, on this machine's record
(manifest.py), never on the folder's .letterkit.json, which anyone can commit:

- letterkit wrote it there, and its bytes are still the ones it recorded;
- the record names the spec it was made from, and that spec is in this run
  (a recipient dropped from it, an output_name changed) or no longer exists;
- no letter of this run writes it.

A file changed since letterkit wrote it, or one whose record names no spec
(written before letterkit kept that), is left where it is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from letterkit.errors import OutputError
from letterkit.run.manifest import Manifest, file_digest

log = logging.getLogger("letterkit")


def _stale(manifest: Manifest, keep: set[Path], specs: set[str]) -> list[Path]:
    stale = []
    for name, entry in manifest.files.items():
        target = manifest.folder / name
        spec = entry.get("spec")
        if not isinstance(spec, str) or target.resolve() in keep or target.is_symlink():
            continue
        if spec not in specs and Path(spec).exists():
            continue  # another spec's letter, not part of this run
        if target.is_file() and file_digest(target) == entry.get("sha256"):
            stale.append(target)
    return stale


def prune(folders: Iterable[Path], targets: Iterable[Path], specs: Iterable[Path]) -> int:
    """Remove letterkit's outputs in ``folders`` that no letter of the run makes; how many."""
    keep = {t.resolve() for t in targets}
    spec_names = {str(s.resolve()) for s in specs}
    removed = 0
    for folder in dict.fromkeys(f.resolve() for f in folders):
        manifest = Manifest.load(folder)
        stale = _stale(manifest, keep, spec_names)
        for target in stale:
            try:
                target.unlink()
            except OSError as exc:
                raise OutputError.at(target, f"cannot remove: {exc.strerror}") from None
            manifest.forget(target)
            log.info("removed %s: its letter is no longer in the run", target)
            removed += 1
        if stale:
            manifest.save()
    return removed
