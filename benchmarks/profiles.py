"""Where the time goes, written as text files beside the benchmark (`make profiles`).

- cold-text-imports.txt: `python -X importtime` of a cold `letterkit render -f txt`
  of the example, summed by top-level package, then the slowest modules;
- warm-letter.txt: cProfile of warm PDF letters made one after another in one
  process (a batch in one worker), by own time and by cumulative time, with
  letterkit's share of the whole against WeasyPrint's.

Profiled times are larger than real ones (the profiler's own cost), but in
proportion; the next change to the speed of either path starts from these.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import os
import pstats
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
LETTERS = 50
SHOWN = 30


def import_times() -> str:
    """The import profile of one cold text render, summarised."""
    with tempfile.TemporaryDirectory() as out:
        command = str(Path(sys.executable).parent / "letterkit")  # the installed script
        args = ["render", "-q", "--force", "-f", "txt", "-o", out, str(EXAMPLE)]
        run = subprocess.run(
            [sys.executable, "-X", "importtime", command, *args],
            capture_output=True,
            text=True,
            check=True,
        )
    rows = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, total, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        rows.append((int(own), int(total), name))
    by_package: dict[str, int] = defaultdict(int)
    for own, _, name in rows:
        by_package[name.strip().split(".")[0]] += own
    whole = sum(by_package.values())
    lines = [
        f"Cold `letterkit render -f txt {EXAMPLE.name}`: {whole / 1000:.1f} ms importing, in two",
        "processes: the worker, forked as the command starts (run/ahead.py), inherits -X",
        "importtime and loads Jinja, Babel's dates, the spec models and the renderers; the",
        "command loads the command line, the spec loader and the planner. The two overlap.",
        "",
    ]
    lines += ["Own import time by top-level package:", ""]
    for package, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:SHOWN]:
        lines.append(f"{own / 1000:8.1f} ms  {own / whole:6.1%}  {package}")
    lines += ["", "Slowest modules, cumulative (their own imports included):", ""]
    for own, total, name in sorted(rows, key=lambda r: -r[1])[:SHOWN]:
        lines.append(f"{total / 1000:8.1f} ms  (own {own / 1000:6.1f})  {name.strip()}")
    return "\n".join(lines) + "\n"


def warm_letters() -> str:
    """A cProfile of warm PDF letters in one process, as a worker makes them."""
    sys.path.insert(0, str(Path(__file__).parent))
    from warm import job, specs  # noqa: PLC0415 -- the benchmark's own letters

    from letterkit.compose import ComposeOptions  # noqa: PLC0415
    from letterkit.run.worker import Maker  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        jobs = [job(p) for p in specs(Path(folder), LETTERS)]
        maker = Maker(ComposeOptions(dt.date(2026, 5, 4)))
        maker.make(jobs[0])  # imports, fonts, templates: the cold part
        profile = cProfile.Profile()
        profile.enable()
        for one in jobs:
            maker.make(one)
        profile.disable()
    return _summary(profile)


def _summary(profile: cProfile.Profile) -> str:
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    own: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[_owner(filename)] += tottime
    lines = [
        f"{LETTERS} warm PDF letters (the example, one recipient each) made in one process: "
        f"{total / LETTERS * 1000:.1f} ms per letter, profiled.",
        "",
        "Own time by library:",
        "",
    ]
    for owner, spent in sorted(own.items(), key=lambda kv: -kv[1]):
        if spent / total >= 0.005:
            lines.append(f"{spent / LETTERS * 1000:8.2f} ms  {spent / total:6.1%}  {owner}")
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profile, stream=text).strip_dirs().sort_stats(order).print_stats(SHOWN)
        body = text.getvalue().split("\n", 4)[-1].strip("\n")
        lines += ["", f"Top {SHOWN} functions by {order} ({LETTERS} letters):", "", body]
    return "\n".join(lines) + "\n"


def _owner(filename: str) -> str:
    """The library a profiled function belongs to, from its file."""
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "letterkit" in parts:
        return "letterkit"
    if filename.startswith(("<", "~")):
        return "built-in (C functions, zlib, Pango via cffi...)"
    return "Python's standard library"


def _load() -> str:
    """The machine's load, which the times (not the shares) depend on."""
    averages = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"Load average (1, 5, 15 min) when profiled: {averages} on {os.cpu_count()} cores.\n\n"


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/profiles")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cold-text-imports.txt").write_text(_load() + import_times(), "utf-8")
    (folder / "warm-letter.txt").write_text(_load() + warm_letters(), "utf-8")
    print(f"wrote {folder}/cold-text-imports.txt and {folder}/warm-letter.txt")


if __name__ == "__main__":
    main()
