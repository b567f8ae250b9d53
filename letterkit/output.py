"""Writing output files: atomically, so nothing is ever half-written.

A file is written to a temporary name in the target's folder, flushed to
disk, then renamed over the target. A run stopped at any moment leaves the
old file or the new one, never a truncated one; a symlink at the target is
replaced, never written through.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from letterkit.errors import OutputError

TEMP_PREFIX = ".letterkit-"
TEMP_SUFFIX = ".part"


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once or not at all."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError.at(target, f"cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp).chmod(0o644 & ~_umask())
        Path(temp).replace(target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError.at(target, f"cannot write: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files a killed earlier run left behind."""
    for stray in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        stray.unlink(missing_ok=True)


def write_stdout(data: bytes) -> None:
    """Write a letter to standard output."""
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
