"""What a run did: the one result type of render, check and --check."""

from __future__ import annotations

import msgspec

from letterkit.errors import LetterkitError
from letterkit.run.report import Record, Spilled, as_github, as_json, failed


class Result(msgspec.Struct):
    """Letters made, skipped and failed, and the time taken."""

    letters: int = 0
    """Letters made: written by render, composed in memory by check and compared by --check."""
    skipped: int = 0
    """Letters whose outputs were current."""
    planned: int = 0
    """Letters in the run (after --shard)."""
    failures: list[LetterkitError] = msgspec.field(default_factory=list)
    seconds: float = 0.0
    records: list[Record] = msgspec.field(default_factory=list)
    """What happened to each letter, for --report (check's and --check's)."""
    spilled: Spilled = msgspec.field(default_factory=Spilled)
    """What happened to each letter a render wrote or skipped, for --report: off the heap."""

    def summary(self) -> str:
        """One line: letters written, skipped and failed, and the time taken."""
        return (
            f"{self.letters} written, {self.skipped} skipped, {len(self.failures)} failed "
            f"in {self.seconds:.1f} s"
        )

    def report(self, kind: str) -> str:
        """The result as --report json or github says: every letter, every problem."""
        records = [*self.records, *self.spilled]
        reported = {id(problem) for r in records for problem in r.problems}
        # Failures no letter's record holds (a spec that could not be read or planned).
        records += [
            failed(e) for e in self.failures if not any(id(p) in reported for p in e.problems)
        ]
        if kind == "github":
            return as_github(records)
        totals = {
            "made": self.letters,
            "skipped": self.skipped,
            "failed": len(self.failures),
            "ok": not self.failures,
        }
        return as_json(records, totals)
