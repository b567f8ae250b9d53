"""letterkit's speed and memory, each target measured beside its reference in one run.

Run with `make bench` (`make bench-quick` proves the script works in well under
a minute; CI runs it and asserts no timing). Ratios compare two things measured
side by side on this machine: commands alternate round by round, warm letters
alternate letter by letter in one process (benchmarks/warm.py), and each figure
is a median of the runs (7 unless --runs says otherwise). A row whose feature
does not exist yet says "n/a" instead of failing.

`--markdown` prints the table with the machine and its load; `--into FILE`
puts that between the `<!-- bench -->` markers of FILE (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from letters import copied

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
MAIL_MERGE = ROOT / "examples" / "mail-merge.yaml"
BIN = Path(sys.executable).parent
LETTERKIT = str(BIN / "letterkit")
WEASYPRINT = str(BIN / "weasyprint")
PYTHON = sys.executable
WEASYPRINT_UA = ("--pdf-variant", "pdf/ua-1", "--pdf-tags")
"""The PDF letterkit makes by default: tagged PDF/UA-1."""
MARKERS = ("<!-- bench -->", "<!-- /bench -->")


class NotAvailable(Exception):
    """A row whose feature letterkit does not have (yet): shown as n/a."""


@dataclass(frozen=True)
class Sizes:
    """How much each row measures: the issue's counts, or tiny ones for --quick."""

    runs: int = 7
    warm_letters: int = 20
    batch: int = 200
    memory: tuple[int, int] = (500, 5000)
    mailing: int = 50_000
    mailing_timeout: float = 900.0
    project: int = 20
    watch_wait: float = 3.0
    warm_up: bool = True
    """Run each command once before timing it (page cache, compiled-file caches)."""


QUICK = Sizes(
    runs=1,
    warm_letters=2,
    batch=4,
    memory=(2, 6),
    mailing=200,
    mailing_timeout=60.0,
    project=3,
    watch_wait=1.5,
    warm_up=False,
)


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    number: str
    what: str
    measured: str
    result: str
    target: str
    met: bool | None

    def cells(self) -> str:
        verdict = {True: "met", False: "**not met**", None: ""}[self.met]
        return (
            f"| {self.number} | {self.what} | {self.measured} | {self.result} | "
            f"{self.target} | {verdict} |"
        )


def ratio_row(number: str, what: str, a: float, b: float, target: float, *, unit: str = "s") -> Row:
    """A row comparing ``a`` with ``b``: both raw medians and their ratio against a target."""
    ratio = a / b if b else float("inf")
    if unit == "s":
        measured = f"{a * 1000:,.1f} / {b * 1000:,.1f} ms" if a < 10 else f"{a:.1f} / {b:.1f} s"
    else:
        measured = f"{a:,.0f} / {b:,.0f} {unit}"
    return Row(number, what, measured, f"{ratio:.2f}x", f"<= {target:g}x", ratio <= target)


def share_row(number: str, what: str, part: float, whole: float, target: float) -> Row:
    share = part / whole
    measured = f"{part * 1000:.2f} of {whole * 1000:.1f} ms"
    return Row(number, what, measured, f"{share:.1%}", f"< {target:.0%}", share < target)


def na_row(number: str, what: str, target: str, why: str) -> Row:
    return Row(number, what, f"n/a ({why})", "n/a", target, None)


# -- running things ----------------------------------------------------------------


def timed(cmd: list[str], cwd: Path | None = None, timeout: float | None = None) -> float:
    """Wall seconds of one command that must succeed."""
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=cwd, timeout=timeout)
    return time.perf_counter() - started


PSS_EVERY = 0.015
"""Seconds between two looks at a command's processes: a worker lives for many of them."""


def _pss_kib(pid: int) -> int:
    """A process's proportional set size: its private pages and its share of pages it shares.

    Forked workers share most of their pages with the process they were forked
    from, so adding up resident sizes would count those pages once per process.
    """
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # ended meanwhile, or not ours to read
        return 0
    line = next((x for x in rollup.splitlines() if x.startswith("Pss:")), "Pss: 0 kB")
    return int(line.split()[1])


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[1])  # the command's name may hold spaces


class Tree:
    """The processes descended from one: found once each, by their parent's id in /proc."""

    def __init__(self, root: int) -> None:
        self.ours: dict[int, bool] = {root: True}

    def _ours(self, pid: int) -> bool:
        if pid not in self.ours:
            parent = _parent_of(pid)
            self.ours[pid] = parent is not None and parent > 1 and self._ours(parent)
        return self.ours[pid]

    def pids(self) -> list[int]:
        found = (p.name for p in Path("/proc").iterdir())
        return [int(n) for n in found if n.isdigit() and self._ours(int(n))]


@dataclass(frozen=True)
class Peak:
    """A command's wall seconds and its peak PSS in KiB: all its processes, and its own."""

    seconds: float
    tree: int
    parent: int


def peak_pss(cmd: list[str]) -> Peak:
    """Run a command, sampling every PSS_EVERY s the PSS of it and of all its descendants.

    The peak of the sum is what the command held at once (its workers and the
    fork server they started from included); wait4's ru_maxrss would see only
    the largest single process, and resident sizes count shared pages twice.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    tree, err, peak, parent = Tree(proc.pid), b"", 0, 0
    while proc.poll() is None:
        sizes = {pid: _pss_kib(pid) for pid in tree.pids()}
        peak, parent = max(peak, sum(sizes.values())), max(parent, sizes.get(proc.pid, 0))
        err += proc.stderr.read() or b""
        time.sleep(PSS_EVERY)
    seconds = time.perf_counter() - started
    err += proc.stderr.read() or b""
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()}")
    return Peak(seconds, peak, parent)


def alternated(
    commands: dict[str, list[str]], runs: int, cwd: Path | None = None, warm_up: bool = True
) -> dict[str, float]:
    """Median wall seconds of each command, all run in turn once per round."""
    spent: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values() if warm_up else ():
        timed(cmd, cwd)  # the page cache and any compiled-file cache, as a user has them
    for _ in range(runs):
        for name, cmd in commands.items():
            spent[name].append(timed(cmd, cwd))
    return {name: statistics.median(values) for name, values in spent.items()}


def floor_import() -> tuple[str, str]:
    """The start-up floor: PyYAML and Jinja if PyYAML is installed, else ruamel.yaml."""
    probe = subprocess.run([PYTHON, "-c", "import yaml"], capture_output=True, check=False)
    if probe.returncode == 0:
        return "import yaml, jinja2", "PyYAML"
    return "import ruamel.yaml, jinja2", "ruamel.yaml (PyYAML is not installed)"


def mailing(folder: Path, count: int, stem: str = "mailing") -> Path:
    """The example letter sent to ``count`` federations, recipients listed in the spec."""
    lines = copied().splitlines()
    start = lines.index("recipient:")
    body = lines[:start] + lines[start + 3 :]
    people = [
        f"  - {{name: Federation of Workers number {i}, short_name: F{i:05}}}"
        for i in range(1, count + 1)
    ]
    spec = folder / f"{stem}-{count}.yaml"
    spec.write_text("\n".join([*body, "recipients:", *people, ""]), "utf-8")
    return spec


# -- the rows ----------------------------------------------------------------------


class Bench:
    """Runs the rows in a scratch folder, keeping what later rows compare with."""

    def __init__(self, work: Path, sizes: Sizes) -> None:
        self.work = work
        self.sizes = sizes
        self.floor, self.floor_name = floor_import()
        self.cold_pdf = 0.0
        self.notes: list[str] = []

    def render(self, *args: str) -> list[str]:
        return [LETTERKIT, "render", "-q", *args]

    def cold(self) -> Iterator[Row]:
        """Cold commands against the start-up floor and the weasyprint CLI, alternating."""
        out = self.work / "cold"
        html_dir = self.work / "html"
        subprocess.run(
            self.render("--force", "-f", "html", "-o", str(html_dir), str(EXAMPLE)), check=True
        )
        html = html_dir / f"{EXAMPLE.stem}.html"
        commands = {
            "floor": [PYTHON, "-c", self.floor],
            "txt": self.render("--force", "-f", "txt", "-o", str(out), str(EXAMPLE)),
            # --force: a check that checks, not one remembered from the round before.
            "check": [LETTERKIT, "check", "-q", "--force", str(EXAMPLE)],
            "version": [LETTERKIT, "--version"],
            "help": [LETTERKIT, "--help"],
            "pdf": self.render("--force", "-f", "pdf", "-o", str(out), str(EXAMPLE)),
            "weasyprint": [WEASYPRINT, *WEASYPRINT_UA, str(html), str(self.work / "w.pdf")],
        }
        t = alternated(commands, self.sizes.runs, warm_up=self.sizes.warm_up)
        self.cold_pdf = t["pdf"]
        floor = f'`python -c "{self.floor}"`'
        yield ratio_row("1a", f"cold `render -f txt` vs {floor}", t["txt"], t["floor"], 2.0)
        yield ratio_row("1b", "cold `check --force` vs the same floor", t["check"], t["floor"], 2.0)
        yield ratio_row("1c", "`--version` vs the floor", t["version"], t["floor"], 1.0)
        yield ratio_row("1d", "`--help` vs the floor", t["help"], t["floor"], 1.0)
        what = "cold `render -f pdf` vs `weasyprint` CLI, same HTML, tagged PDF/UA-1"
        yield ratio_row("2", what, t["pdf"], t["weasyprint"], 1.1)

    def warm(self) -> Iterator[Row]:
        """In one process: letterkit's letter vs raw WeasyPrint, and the shares inside it."""
        n = self.sizes.warm_letters
        cmd = [PYTHON, str(HERE / "warm.py"), str(self.work / "warm")]
        cmd += ["--letters", str(n), "--rounds", str(self.sizes.runs)]
        found = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        what = "warm letter (CPU) vs raw WeasyPrint, same HTML, one shared stylesheet object"
        yield ratio_row("3", what, found["letterkit"], found["raw"], 1.03)
        yield share_row("3a", "the fit check's share of a warm letter", found["fit"],
                        found["letterkit"], 0.05)  # fmt: skip
        extra = max(found["hyphenated"] - found["unhyphenated"], 0.0)
        what = "hyphenation's share of a warm justified letter (with vs without)"
        yield share_row("3b", what, extra, found["hyphenated"], 0.10)
        what = "warm two-page letter, raw WeasyPrint: today's HTML and CSS vs benchmarks/baseline"
        yield ratio_row("7", what, found["today"], found["baseline"], 0.8)

    def parallel(self) -> Iterator[Row]:
        n = self.sizes.batch
        batch = mailing(self.work, n)
        render = self.render("--force", "-f", "pdf", "-o", str(self.work / "parallel"))
        t = alternated(
            {"j1": [*render, "-j", "1", str(batch)], "j2": [*render, "-j", "2", str(batch)]},
            self.sizes.runs,
            warm_up=self.sizes.warm_up,
        )
        yield ratio_row("4a", f"`-j 2` vs `-j 1`, {n} PDF letters", t["j2"], t["j1"], 0.55)

    def memory_and_rerun(self) -> Iterator[Row]:
        """Peak memory of a large PDF batch vs a small one; then the large one, unchanged."""
        small, large = self.sizes.memory
        peaks = {}
        for count in (small, large):
            out = str(self.work / f"memory-{count}")
            spec = str(mailing(self.work, count, "memory"))
            peaks[count] = peak_pss(self.render("-f", "pdf", "-o", out, spec))
        self.notes.append(
            f"4b: {small:,} PDF letters took {peaks[small].seconds:.0f} s, "
            f"{large:,} took {peaks[large].seconds:.0f} s."
        )
        mib = {count: peak.tree / 1024 for count, peak in peaks.items()}
        what = (
            f"peak PSS of the whole process tree (letterkit, its workers, their fork server), "
            f"{large:,}-letter PDF batch vs {small:,}"
        )
        row = ratio_row("4b", what, mib[large], mib[small], 1.1, unit="MiB")
        parents = f"{peaks[large].parent / 1024:,.0f} / {peaks[small].parent / 1024:,.0f}"
        yield replace(row, measured=f"{row.measured} (letterkit's own: {parents} MiB)")
        again = self.render("-f", "pdf", "-o", str(self.work / f"memory-{large}"))
        again.append(str(self.work / f"memory-{large}.yaml"))
        seconds = statistics.median(timed(again) for _ in range(self.sizes.runs))
        what = f"unchanged re-run of {large:,} letters"
        yield Row("6a", what, f"{seconds:.2f} s", f"{seconds:.2f} s", "<= 1 s", seconds <= 1.0)

    def text_mailing(self) -> Iterator[Row]:
        """Text letters from a CSV: the whole run, and the pace of its last tenth vs its first."""
        n = self.sizes.mailing
        folder = self.work / "csv"
        folder.mkdir()
        rows = ["name,short_name,address"] + [
            f'Federation of Workers number {i},F{i:05},"{i} Union Street, Springfield"'
            for i in range(1, n + 1)
        ]
        (folder / "members.csv").write_text("\n".join(rows) + "\n", "utf-8")
        (folder / "mail-merge.yaml").write_text(copied(MAIL_MERGE), "utf-8")
        out = folder / "out"
        cmd = self.render("-f", "txt", "-o", str(out), str(folder / "mail-merge.yaml"))
        what = f"{n:,} text letters from a CSV: seconds; per letter, last tenth vs first"
        try:
            seconds = timed(cmd, timeout=self.sizes.mailing_timeout)
        except subprocess.TimeoutExpired:
            limit = self.sizes.mailing_timeout
            stopped = f"stopped after {limit:.0f} s"
            yield Row("5", what, stopped, f"> {limit:.0f} s", "< 60 s", False)
            return
        first, last = tenths(out)
        measured = f"{seconds:.1f} s; {last * 1000:.2f} / {first * 1000:.2f} ms per letter"
        met = seconds < 60 and last <= first * 1.1
        # A quick run's first tenth can be written within one tick of the file clock.
        pace = last / first if first else (1.0 if not last else float("inf"))
        yield Row("5", what, measured, f"{seconds:.1f} s, {pace:.2f}x",
                  "< 60 s, <= 1x", met)  # fmt: skip

    def hook(self) -> Iterator[Row]:
        """The pre-commit hook (`letterkit check` at the project root) after one spec changed."""
        project = self.work / "project"
        project.mkdir()
        (project / "letterkit.toml").write_text("", "utf-8")
        text = copied()
        for i in range(self.sizes.project):
            (project / f"letter-{i:03}.yaml").write_text(text.replace("IASWI", f"IASWI{i}"))
        changed = project / "letter-000.yaml"
        subprocess.run([LETTERKIT, "check", "-q"], cwd=project, check=True, capture_output=True)
        entry = hook_entry()
        # Every run of the hook finds the one spec changed since the run before, as a
        # commit does; the reference checks that spec with --force, so it is checked too.
        change = f'printf "# changed %s\\n" "$(date +%N)" >> {changed.name}'
        t = alternated(
            {
                "hook": ["sh", "-c", f"{change} && exec {LETTERKIT} {' '.join(entry[1:])}"],
                "check": ["sh", "-c", f"exec {LETTERKIT} check -q --force {changed.name}"],
            },
            self.sizes.runs,
            cwd=project,
            warm_up=self.sizes.warm_up,
        )
        what = f"pre-commit hook (`{' '.join(entry)}`, {self.sizes.project} specs), one changed, "
        what += "vs cold `check --force` of that spec"
        yield ratio_row("6b", what, t["hook"], t["check"], 1.2)

    def watch(self) -> Iterator[Row]:
        spec = self.work / "watched.yaml"
        spec.write_text(copied(), "utf-8")
        renders = count_watch_renders(spec, self.work / "watched", self.sizes.watch_wait)
        yield Row("6c", "`watch`: renders after one save of the spec", f"{renders}",
                  f"{renders}", "1", renders == 1)  # fmt: skip

    def daemon(self) -> Iterator[Row]:
        what = "warm daemon: second `render -f pdf` in a row vs cold `render -f pdf`"
        try:
            paused, back_to_back = daemon_second_render(
                self.render("--force", "-f", "pdf"), self.work
            )
        except NotAvailable as exc:
            yield na_row("8", what, "<= 0.2x", str(exc))
            return
        self.notes.append(
            f"8: each render {PAUSE:g} s after the one before, as a person runs them; one "
            f"right after the other (a script's loop) took {back_to_back * 1000:.1f} ms, "
            f"{back_to_back / self.cold_pdf:.2f}x."
        )
        yield ratio_row("8", what, paused, self.cold_pdf, 0.2)


def tenths(out: Path) -> tuple[float, float]:
    """Seconds per letter over the first and the last tenth of the files, by write time."""
    times = sorted(p.stat().st_mtime_ns for p in out.rglob("*.txt"))
    tenth = max(2, len(times) // 10)

    def pace(part: list[int]) -> float:
        return (part[-1] - part[0]) / 1e9 / (len(part) - 1)

    return pace(times[:tenth]), pace(times[-tenth:])


def hook_entry() -> list[str]:
    """The command the repository's letterkit-check hook runs (.pre-commit-hooks.yaml)."""
    from ruamel.yaml import YAML  # noqa: PLC0415 -- letterkit's own YAML library

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    entry: str = next(h["entry"] for h in hooks if h["id"] == "letterkit-check")
    return [*entry.split(), "-q"]


def count_watch_renders(spec: Path, out: Path, wait: float) -> int:
    """How many renders `letterkit watch` makes after the spec is saved once."""
    cmd = [LETTERKIT, "watch", "-f", "txt", "-o", str(out), str(spec)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    stderr = proc.stderr
    os.set_blocking(stderr.fileno(), False)
    seen: list[str] = []

    def renders(seconds: float, stop_at: int | None = None) -> int:
        """Renders said so far, reading for ``seconds`` (or until ``stop_at`` were said)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and proc.poll() is None:
            seen.extend(stderr.readlines())
            done = sum("rendered in" in line for line in seen)
            if stop_at is not None and done >= stop_at:
                break
            time.sleep(0.05)
        return sum("rendered in" in line for line in seen)

    try:
        if renders(30, stop_at=1) == 0:
            raise SystemExit(f"watch did not render: {''.join(seen)}")
        before = renders(wait)  # the first render settled: nothing more comes by itself
        spec.write_text(spec.read_text("utf-8") + "\n# saved again\n", "utf-8")
        return renders(wait * 2) - before
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


PAUSE = 1.0
"""Seconds between two renders of row 8: a person's pace, at which the daemon has made its
next request's processes ready (letterkit/daemon/spare.py)."""


def daemon_second_render(render: list[str], work: Path) -> tuple[float, float]:
    """The second of two PDF renders with letterkit's daemon running (if it has one).

    Medians of renders made a pause after the one before, and of renders made back to back.
    """
    probe = subprocess.run(
        [LETTERKIT, "daemon", "--help"], check=False, capture_output=True, text=True
    )
    if probe.returncode != 0:
        raise NotAvailable("letterkit has no daemon command")
    if "start" not in probe.stdout or "stop" not in probe.stdout:
        raise NotAvailable("`letterkit daemon` has no start and stop")
    subprocess.run([LETTERKIT, "daemon", "start"], check=True, capture_output=True)
    try:
        status = [LETTERKIT, "daemon", "status"]
        deadline = time.monotonic() + 30
        while subprocess.run(status, check=False, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise NotAvailable("`letterkit daemon start` did not bring it up in 30 s")
            time.sleep(0.2)
        cmd = [*render, "-o", str(work / "daemon"), str(EXAMPLE)]
        timed(cmd)
        back_to_back = statistics.median(timed(cmd) for _ in range(5))
        paused = []
        for _ in range(5):
            time.sleep(PAUSE)
            paused.append(timed(cmd))
        return statistics.median(paused), back_to_back
    finally:
        subprocess.run([LETTERKIT, "daemon", "stop"], check=False, capture_output=True)


# -- the report --------------------------------------------------------------------

ROWS: tuple[Callable[[Bench], Iterator[Row]], ...] = (
    Bench.cold,
    Bench.warm,
    Bench.parallel,
    Bench.memory_and_rerun,
    Bench.text_mailing,
    Bench.hook,
    Bench.watch,
    Bench.daemon,
)


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> str:
    import weasyprint  # noqa: PLC0415 -- only for its version

    import letterkit  # noqa: PLC0415

    return (
        f"letterkit {letterkit.__version__}, WeasyPrint {weasyprint.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}"
    )


HEAD = "| # | what | measured (medians) | result | target | |\n" + "| --- " * 6 + "|"


def table(rows: list[Row]) -> str:
    return "\n".join([HEAD, *(r.cells() for r in rows)])


def report(rows: list[Row], bench: Bench, loads: tuple[str, str], seconds: float) -> str:
    return "\n".join(
        [
            machine(),
            f"Load average (1, 5, 15 min) before: {loads[0]}; after: {loads[1]}. "
            f"Whole run: {seconds:.0f} s, {bench.sizes.runs} runs per median.",
            f"The start-up floor imports {bench.floor_name}.",
            "",
            table(rows),
            "",
            *bench.notes,
        ]
    )


def into(path: Path, text: str) -> None:
    """Replace what stands between the markers of ``path`` with ``text``."""
    doc = path.read_text("utf-8")
    start, end = MARKERS
    head, found, rest = doc.partition(start)
    _, closed, tail = rest.partition(end)
    if not (found and closed):
        raise SystemExit(f"{path} has no {start} ... {end} markers")
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", "utf-8")


def compiled() -> None:
    """Write letterkit's bytecode first, as installing a wheel does.

    An editable install under PYTHONDONTWRITEBYTECODE (or in a read-only tree)
    would otherwise compile every module on every cold run, which no user pays.
    """
    import letterkit  # noqa: PLC0415 -- only to find its folder

    compileall.compile_dir(Path(letterkit.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts: proves it works")
    parser.add_argument("--runs", type=int, help="runs per median (default 7; quick 2)")
    parser.add_argument("--mailing", type=int, help="text letters of row 5 (default 50,000)")
    parser.add_argument("--memory", help="the two PDF batch sizes of row 4b (default 500,5000)")
    parser.add_argument("--markdown", action="store_true", help="print with the machine's load")
    parser.add_argument("--into", type=Path, help="write the report between FILE's markers")
    parser.add_argument("--only", help="comma-separated row groups, e.g. cold,warm")
    args = parser.parse_args()
    sizes = QUICK if args.quick else Sizes()
    if args.runs:
        sizes = Sizes(**{**sizes.__dict__, "runs": args.runs})
    if args.mailing:
        sizes = Sizes(**{**sizes.__dict__, "mailing": args.mailing})
    if args.memory:
        small, large = (int(n) for n in args.memory.split(","))
        sizes = Sizes(**{**sizes.__dict__, "memory": (small, large)})
    groups = [g for g in ROWS if not args.only or g.__name__ in args.only.split(",")]
    compiled()
    work = Path(tempfile.mkdtemp(prefix="letterkit-bench-"))
    started, before = time.perf_counter(), load()
    rows: list[Row] = []
    bench = Bench(work, sizes)
    quiet = args.markdown or args.into
    if not quiet:
        print(HEAD, flush=True)
    try:
        for group in groups:
            for row in group(bench):
                rows.append(row)
                if not quiet:
                    print(row.cells(), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(rows, bench, (before, load()), time.perf_counter() - started)
    if args.into:
        into(args.into, text)
    elif args.markdown:
        print(text)
    else:
        print("\n" + "\n".join([*text.splitlines()[:3], *bench.notes]))


if __name__ == "__main__":
    main()
