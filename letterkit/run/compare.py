"""``render --check``: render in memory and compare with the files on disk."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from letterkit.defaults import STDOUT
from letterkit.errors import LetterkitError, OutputError, StaleOutputError, UsageError
from letterkit.run.batch import made_in_memory
from letterkit.run.manifest import digest, file_digest
from letterkit.run.options import Options
from letterkit.run.result import Result


def _differs(target: Path, data: bytes, spec_path: Path) -> LetterkitError | None:
    if not target.exists() and not target.is_symlink():
        return StaleOutputError.at(
            target, f"missing; run letterkit render {spec_path} and commit it"
        )
    # Through the boundary: an output that is a FIFO or /dev/zero is not read.
    found = file_digest(target)
    if found is None:
        return OutputError.at(target, "cannot read: not a regular file letterkit can read")
    if found == digest(data):
        return None
    return StaleOutputError.at(
        target, f"out of date with {spec_path}; run letterkit render {spec_path} and commit it"
    )


def compare(specs: Sequence[Path], options: Options) -> Result:
    """Every difference between what the specs render now and the files on disk, as failures."""
    if options.output == STDOUT:
        raise UsageError("--check compares files; it cannot check standard output")
    result = Result()
    with closing(made_in_memory(specs, options, result.failures)) as made_all:
        for planned, made in made_all:
            for fmt, data in made.outputs.items():
                stale = _differs(planned.targets[fmt], data, planned.job.source)
                result.failures += [stale] if stale else []
            result.letters += 1
    return result
