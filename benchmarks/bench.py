"""letterkit's speed and memory, measured side by side with its own building blocks.

Run with `make bench` (not part of the tests: timings belong here, not in CI).
Every ratio compares two things measured in this one run on this machine:

1. cold `letterkit render -f txt` vs bare `python -c "import yaml, jinja2"`
2. cold `letterkit render -f pdf` vs WeasyPrint's own CLI on the same HTML
3. warm per-letter time in a 200-letter batch vs a raw WeasyPrint loop
   (shared FontConfiguration) over the same 200 HTML documents
4. warm per-letter time in a 200-letter batch vs the cold single render
5. `-j 2` vs `-j 1` wall time on 200 letters
6. re-running an unchanged 200-letter batch vs its first run
7. peak memory after 50 vs after 500 letters

Prints a Markdown table; docs/benchmarks.md records one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
BIN = Path(sys.executable).parent
LETTERKIT = str(BIN / "letterkit")
WEASYPRINT = str(BIN / "weasyprint")
PYTHON = sys.executable


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    _, err = proc.communicate()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()}")
    return seconds, usage.ru_maxrss


def output_of(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def timed_pair(
    a: list[str], b: list[str], runs: int, pick: Callable[[list[float]], float]
) -> tuple[float, float]:
    """Wall times of two commands, run alternately so drift hits both alike."""
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(measure(a)[0])
        times_b.append(measure(b)[0])
    return pick(times_a), pick(times_b)


def yaml_import() -> tuple[str, str]:
    """The bare-import baseline: PyYAML if installed, else ruamel.yaml (what letterkit uses)."""
    probe = subprocess.run([PYTHON, "-c", "import yaml"], capture_output=True, check=False)
    if probe.returncode == 0:
        return "import yaml, jinja2", "PyYAML"
    return "import ruamel.yaml, jinja2", "ruamel.yaml (PyYAML is not installed)"


def mailing(work: Path, count: int) -> Path:
    """The reference letter sent to ``count`` federations."""
    lines = EXAMPLE.read_text("utf-8").splitlines()
    start = lines.index("recipient:")
    body = lines[:start] + lines[start + 3 :]
    people = [
        f"  - {{name: Federation of Workers number {i}, short_name: F{i:04}}}"
        for i in range(1, count + 1)
    ]
    spec = work / f"mailing-{count}.yaml"
    spec.write_text("\n".join([*body, "recipients:", *people, ""]), "utf-8")
    return spec


WARM = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from letterkit import api
    warm, batch, out = map(Path, sys.argv[1:4])
    options = api.Options(formats=("pdf",), output=out, jobs=1, force=True)
    api.render([warm], options)  # imports, fonts and templates: the cold part
    started = time.perf_counter()
    outcome = api.render([batch], options)
    assert not outcome.failures, outcome.failures
    print((time.perf_counter() - started) / outcome.letters)
    """
)

RAW = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    folder, tags = Path(sys.argv[1]), sys.argv[2] == "tags"
    pages = [p.read_text("utf-8") for p in sorted(folder.glob("*.html"))]
    fonts = FontConfiguration()
    # "tags": the options letterkit passes (a tagged PDF/UA-1); else WeasyPrint's defaults.
    options = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"} if tags else {}
    def render(html):
        return weasyprint.HTML(string=html, base_url=str(folder)).write_pdf(
            font_config=fonts, **options)
    render(pages[0])
    started = time.perf_counter()
    for html in pages:
        render(html)
    print((time.perf_counter() - started) / len(pages))
    """
)


def row(
    number: str, what: str, pair: tuple[float, float], *, target: float, unit: str = "s"
) -> str:
    """A table row: the two measurements, their ratio and whether it meets the target."""
    a, b = pair
    ratio = a / b
    verdict = "met" if ratio <= target else "**not met**"
    values = f"{a:.3f} / {b:.3f} s" if unit == "s" else f"{a:.0f} / {b:.0f} {unit}"
    return f"| {number} | {what} | {values} | {ratio:.2f}x | <= {target}x | {verdict} |"


def run(runs: int, batch_size: int, memory: tuple[int, int]) -> None:
    work = Path(tempfile.mkdtemp(prefix="letterkit-bench-"))
    try:
        report(work, runs, batch_size, memory)
    finally:
        shutil.rmtree(work)


def cold(work: Path, runs: int, baseline: str) -> tuple[list[str], float]:
    """Ratios 1 and 2: one letter, from a cold start."""
    render = [LETTERKIT, "render", "-q", "--force", "-o", str(work / "cold")]
    txt = timed_pair(
        [*render, "-f", "txt", str(EXAMPLE)], [PYTHON, "-c", baseline], runs, statistics.median
    )
    subprocess.run([*render, "-o", str(work / "html"), "-f", "html", str(EXAMPLE)], check=True)
    html = work / "html" / "solidarity-2008.html"
    pdf = timed_pair(
        [*render, "-f", "pdf", str(EXAMPLE)],
        [WEASYPRINT, str(html), str(work / "weasy.pdf")],
        runs,
        statistics.median,
    )
    return [
        row("1", f'cold `render -f txt` vs `python -c "{baseline}"`', txt, target=1.5),
        row("2", "cold `render -f pdf` vs `weasyprint` CLI on the same HTML", pdf, target=1.10),
    ], pdf[0]


def warm(work: Path, size: int, cold_pdf: float) -> tuple[list[str], float]:
    """Ratios 3 and 4: per letter inside a batch, against raw WeasyPrint and a cold start."""
    batch = mailing(work, size)
    html = work / "batch-html"
    subprocess.run(
        [LETTERKIT, "render", "-q", "-o", str(html), "-f", "html", str(batch)], check=True
    )
    per_letter = float(output_of([PYTHON, "-c", WARM, str(EXAMPLE), str(batch), str(work)]))
    tagged = float(output_of([PYTHON, "-c", RAW, str(html), "tags"]))
    plain = float(output_of([PYTHON, "-c", RAW, str(html), "plain"]))
    return [
        row(
            "3",
            f"warm per letter in a {size}-letter batch vs raw WeasyPrint loop, same options "
            "(tagged PDF/UA-1, as letterkit makes)",
            (per_letter, tagged),
            target=1.10,
        ),
        row(
            "3b",
            "the same vs raw WeasyPrint loop with its default options (untagged plain PDF)",
            (per_letter, plain),
            target=1.10,
        ),
        row(
            "4",
            "warm per letter in the batch vs the cold single `render -f pdf`",
            (per_letter, cold_pdf),
            target=0.15,
        ),
    ], per_letter


def report(work: Path, runs: int, size: int, memory: tuple[int, int]) -> None:
    baseline, yaml_name = yaml_import()
    rows, cold_pdf = cold(work, runs, baseline)
    more, per_letter = warm(work, size, cold_pdf)
    rows += more
    batch = mailing(work, size)
    render = [LETTERKIT, "render", "-q", "--force", "-f", "pdf", "-o", str(work / "batch")]
    # A shared machine only ever slows a run down: the best of three is the fairest figure.
    j1, j2 = timed_pair([*render, "-j", "1", str(batch)], [*render, "-j", "2", str(batch)], 3, min)
    rows.append(row("5", f"`-j 2` vs `-j 1`, {size} letters (best of 3)", (j2, j1), target=0.55))
    firsts, agains = [], []
    for i in range(3):
        fresh = [LETTERKIT, "render", "-q", "-f", "pdf", "-o", str(work / f"again-{i}"), str(batch)]
        firsts.append(measure(fresh)[0])
        agains.append(measure(fresh)[0])
    first = min(firsts)
    what = f"unchanged {size}-letter batch again vs its first run (default -j, best of 3)"
    rows.append(row("6", what, (min(agains), first), target=0.05))
    rss_j1 = measure([*render, "-j", "1", str(batch)])[1]
    small, large = memory
    _, rss_small = measure([*render, "-j", "1", str(mailing(work, small))])
    _, rss_large = measure([*render, "-j", "1", str(mailing(work, large))])
    what = f"peak memory after {large} vs after {small} letters (`-j 1`, one process)"
    rows.append(row("7", what, (rss_large / 1024, rss_small / 1024), target=1.1, unit="MiB"))
    print_report(rows, yaml_name)
    print(
        f"Throughput: {size / j1:.1f} letters/s with -j 1, {size / j2:.1f} with -j 2, "
        f"{size / first:.1f} with the default -j; {1 / per_letter:.1f} warm in one process. "
        f"Peak memory: {rss_j1 / 1024:.0f} MiB for {size} letters with -j 1."
    )


def print_report(rows: list[str], yaml_name: str) -> None:
    import weasyprint  # noqa: PLC0415 -- only for its version

    import letterkit  # noqa: PLC0415

    print(
        f"letterkit {letterkit.__version__}, WeasyPrint {weasyprint.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}"
    )
    print(f"Baseline YAML library for ratio 1: {yaml_name}.\n")
    print("| # | comparison | measured | ratio | target | |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeats of each cold measurement")
    parser.add_argument("--batch", type=int, default=200, help="letters in the batch")
    parser.add_argument("--memory", default="50,500", help="the two batch sizes of ratio 7")
    args = parser.parse_args()
    small, large = (int(n) for n in args.memory.split(","))
    run(args.runs, args.batch, (small, large))


if __name__ == "__main__":
    main()
