"""The run: many letters planned, skipped when current, made in workers and written safely.

Only the facade (``letterkit.api``) enters this package. ``watch`` is left out
of the names below: it imports watchfiles, which only ``letterkit watch`` pays for.
The names load on first use; a render or a check starts in run/ahead.py, which
forks its worker before it loads the run's planning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from letterkit import lazy

if TYPE_CHECKING:
    from letterkit.run.compare import compare
    from letterkit.run.options import Options
    from letterkit.run.pool import spare_worker
    from letterkit.run.result import Result
    from letterkit.run.worker import make_here

__all__ = ["Options", "Result", "compare", "make_here", "spare_worker"]

_OWNERS = {
    "Options": "letterkit.run.options",
    "Result": "letterkit.run.result",
    "compare": "letterkit.run.compare",
    "make_here": "letterkit.run.worker",
    "spare_worker": "letterkit.run.pool",
}


__getattr__ = lazy.exports(__name__, _OWNERS)
