"""A dry run (render -n): every file a render would write, skip or refuse, and why.

It checks and plans the run as render does and asks each folder's manifest
what would happen to each target, but makes no letter and writes, removes or creates
nothing: not even the temporary files a killed run left, which a real render
clears.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from letterkit.run.manifest import Manifest
from letterkit.run.options import Options
from letterkit.run.plan import survey
from letterkit.run.result import Result

log = logging.getLogger("letterkit")


def _fate(manifest: Manifest, target: Path, inputs: str, force: bool) -> str:
    """What render would do with one target, in words."""
    if not force and manifest.current(target, inputs) is not None:
        return f"would skip {target}: current (same inputs, unchanged since letterkit wrote it)"
    if not target.exists() and not target.is_symlink():
        return f"would write {target}: new"
    if manifest.owns(target):
        return f"would write {target}: replaces letterkit's earlier output"
    if force:
        return f"would write {target}: --force overwrites a file letterkit did not write"
    return f"would refuse {target}: letterkit did not write it (or it changed since); --force"


def dry_run(specs: Sequence[Path], options: Options) -> Result:
    """Plan the run and say each target's fate; nothing is made or written."""
    run = survey(specs, options, options.compose_options())
    result = Result(planned=run.count, failures=run.failures)
    manifests: dict[Path, Manifest] = {}
    for one in run.letters():  # each letter planned as it is said, none kept
        for target in one.targets.values():
            folder = target.parent.resolve()
            if folder not in manifests:
                manifests[folder] = Manifest.load(target.parent)
            log.info("%s", _fate(manifests[folder], target, one.inputs, options.force))
        result.letters += 1
    return result
