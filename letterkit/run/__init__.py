"""The run: many letters planned, skipped when current, made in workers and written safely.

Only the facade (``letterkit.api``) enters this package. ``watch`` is left out
of the names below: it imports watchfiles, which only ``letterkit watch`` pays for.
"""

from __future__ import annotations

from letterkit.run.batch import run
from letterkit.run.check import check
from letterkit.run.compare import compare
from letterkit.run.options import Options
from letterkit.run.result import Result
from letterkit.run.worker import make_here

__all__ = ["Options", "Result", "check", "compare", "make_here", "run"]
