"""The cost of the fit check: the time it takes per letter against the letter's render time.

Run with `.venv/bin/python benchmarks/fit_check.py` (not part of the tests).
Each gallery letter is made warm a few times, then ROUNDS times with the fit
check's time counted; prints a Markdown table (docs/benchmarks.md records
one run). The target: under 5 % of the letter's render time.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path
from typing import Any

from letterkit.compose import ComposeOptions
from letterkit.render import pdf
from letterkit.run.worker import Job, Maker
from letterkit.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
GALLERY = sorted((ROOT / "examples" / "gallery").glob("*.yaml"))
ROUNDS = 5
spent: list[float] = []
_checked = pdf.fit_problems


def _timed(pages: list[Any], letter: Any) -> Any:
    started = time.perf_counter()
    try:
        return _checked(pages, letter)
    finally:
        spent.append(time.perf_counter() - started)


def main() -> None:
    pdf.fit_problems = _timed  # count the check's time inside the real renderer
    maker = Maker(ComposeOptions(dt.date(2026, 5, 4)))
    print("| letter | ms per letter | fit check, ms | share |")
    print("| --- | --- | --- | --- |")
    shares = []
    for path in GALLERY:
        job = Job(0, load_spec(path), path, str(path), ("pdf",), roots=(path.parent,))
        for _ in range(2):
            maker.make(job)
        spent.clear()
        started = time.perf_counter()
        for _ in range(ROUNDS):
            maker.make(job)
        total = (time.perf_counter() - started) / ROUNDS
        check = sum(spent) / ROUNDS
        shares.append(check / total)
        print(f"| {path.stem} | {total * 1000:.0f} | {check * 1000:.2f} | {check / total:.1%} |")
    print(f"\nmedian share {statistics.median(shares):.1%}, largest {max(shares):.1%}")


if __name__ == "__main__":
    main()
