"""What a run did: the one result type of render, check and --check."""

from __future__ import annotations

from dataclasses import dataclass, field

from letterkit.errors import LetterkitError


@dataclass
class Result:
    """Letters made, skipped and failed, and the time taken."""

    letters: int = 0
    """Letters made: written by render, composed in memory by check and compared by --check."""
    skipped: int = 0
    """Letters whose outputs were current."""
    planned: int = 0
    """Letters in the run (after --shard)."""
    failures: list[LetterkitError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: letters written, skipped and failed, and the time taken."""
        return (
            f"{self.letters} written, {self.skipped} skipped, {len(self.failures)} failed "
            f"in {self.seconds:.1f} s"
        )
