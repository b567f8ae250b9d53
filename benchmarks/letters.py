"""The letters the benchmarks make: the example letter, as a copy outside the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"


def copied(path: Path = EXAMPLE) -> str:
    """A spec's text without its schema line, which points at the repository's schema."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if "$schema=" not in line)
