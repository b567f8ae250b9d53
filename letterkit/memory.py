"""A temporary cap on how much more memory the process may take.

While a template runs, the address-space limit (RLIMIT_AS) is lowered to
what the process already uses plus a headroom, then restored. A template
that builds a huge value then gets a MemoryError at once, which the letter
reports, instead of swapping the machine to a halt. Where the limit cannot
be read or set (not Linux, or a stricter limit is already in place), the
cap is skipped: the other template bounds still apply.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

STATM = Path("/proc/self/statm")


def _address_space() -> int | None:
    """Bytes of address space the process maps now (Linux), or None when unknown."""
    try:
        pages = int(STATM.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_cap(headroom: int) -> Iterator[None]:
    """Let the process grow by at most ``headroom`` bytes inside the block."""
    used = _address_space()
    if resource is None or used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + headroom
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # a stricter limit is already in place
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
