"""Mailing scale: does a mail merge cost as much per letter at its end as at its start?

Run with `.venv/bin/python benchmarks/scale.py` (not part of the tests). It writes a
spec and a CSV of N recipients into a temporary folder, runs `letterkit render` on it
as a user would, and prints:

- the wall and CPU time of the run and how long until its first letter was written
  (CPU of the processes letterkit waits for: itself and a forked worker, not workers
  started by a fork server, as several workers are: compare CPU at one worker);
- the time per letter in each tenth of the run, from the files' modification times
  (the first tenth from the first letter written): a linear run has a flat row;
- the peak memory of the run's own process and of the whole process tree;
- with --rerun, the wall time of running the same command again with nothing to do;
- with --plan, only the check that comes before the first letter (every row read and
  validated, every file name checked for clashes), in a process of its own: its CPU
  time and peak memory, beside those of a process that only imports letterkit.

    .venv/bin/python benchmarks/scale.py                      # 50,000 text letters
    .venv/bin/python benchmarks/scale.py -n 5000 --rerun      # and an unchanged re-run
    .venv/bin/python benchmarks/scale.py -n 200 -f eml -j 1   # messages (PDF and text too)
    .venv/bin/python benchmarks/scale.py --tree ../other      # another checkout's letterkit
    .venv/bin/python benchmarks/scale.py -n 200000 --plan     # planning memory
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SPEC = """\
date: 2026-04-22
data: people.csv
subject: Solidarity with your congress
sender: {name: Workers' Solidarity Network, short_name: WSN, email: office@wsn.example.org}
greeting: {salutation: "Dear Comrades,"}
position:
  - Thank you for your message of solidarity to our May Day rally.
  - We stand with you, and we will be at your congress in the autumn.
sign_off: {valediction: "In solidarity,"}
"""


def write_mailing(work: Path, count: int) -> Path:
    """A mail merge spec and its CSV of ``count`` recipients."""
    with (work / "people.csv").open("w", encoding="utf-8") as rows:
        rows.write("name,short_name,address,email\n")
        for i in range(1, count + 1):
            rows.write(
                f"Federation of Workers number {i},F{i:06},"
                f'"{i} Union Street|Springfield",f{i}@example.org\n'
            )
    spec = work / "mailing.yaml"
    spec.write_text(SPEC, "utf-8")
    return spec


def _tree(root: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rss(pid: int) -> int:
    """Resident memory of one process in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Samples the resident memory of a process and of its whole tree, keeping the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.own, self.tree = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            self.own = max(self.own, _rss(self.pid))
            self.tree = max(self.tree, sum(_rss(p) for p in _tree(self.pid)))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def render(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (the tree's), peak KiB of the process and of its tree.

    CPU time is what to compare on a busy machine: wall time waits for the others.
    """
    started, cpu = time.perf_counter(), _cpu()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return seconds, _cpu() - cpu, sampler.own, sampler.tree


def written(out: Path, suffix: str) -> list[int]:
    """When each letter's last file was written (ns), in order."""
    return sorted(p.stat().st_mtime_ns for p in out.glob(f"*.{suffix}"))


def tenths(times: list[int]) -> list[float]:
    """Milliseconds per letter in each tenth of the run."""
    count = len(times)
    edges = [count * k // 10 for k in range(11)]
    out = []
    for k in range(10):
        first, last = edges[k], edges[k + 1] - 1
        start = times[0] if k == 0 else times[first - 1]
        letters = last - first + (0 if k == 0 else 1)
        out.append((times[last] - start) / 1e6 / max(letters, 1))
    return out


SURVEY = """
import resource, sys, time
from pathlib import Path
from letterkit.run.options import Options
from letterkit.run.plan import survey
if sys.argv[1] != "-":
    options = Options(formats=("txt",), output=Path(sys.argv[2]))
    started = time.process_time()
    run = survey([Path(sys.argv[1])], options, options.compose_options())
    assert not run.failures, run.failures
    print(time.process_time() - started, run.count)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def plan_only(spec: Path, out: Path, env: dict[str, str], count: int) -> None:
    """CPU and peak memory of the check before the first letter, against importing only."""
    found = []
    for args in (["-"], [str(spec), str(out)]):
        cmd = [sys.executable, "-c", SURVEY, *args]
        found.append(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True))
    base = int(found[0].stdout.split()[-1])
    seconds, planned, peak = found[1].stdout.split()
    assert int(planned) == count, planned
    extra = int(peak) - base
    print(
        f"{count} rows checked: CPU {float(seconds):.1f} s, peak {int(peak) / 1024:.0f} MiB, "
        f"{extra / 1024:.0f} MiB over importing letterkit, {extra * 1024 / count:.0f} B a row"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", "--letters", type=int, default=50_000)
    parser.add_argument("-f", "--format", default="txt", help="txt (default), eml, pdf...")
    parser.add_argument("-j", "--jobs", help="worker processes (default: letterkit's choice)")
    parser.add_argument("--rerun", action="store_true", help="time an unchanged re-run too")
    parser.add_argument("--tree", type=Path, help="run the letterkit of this source folder")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--plan", action="store_true", help="only the check before the first")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="letterkit-scale-"))
    env = {**os.environ, "XDG_STATE_HOME": str(work / "state")}
    if args.tree is not None:
        env["PYTHONPATH"] = str(args.tree.resolve())
    spec = write_mailing(work, args.letters)
    out = work / "out"
    cmd = [sys.executable, "-m", "letterkit", "render", str(spec), "-o", str(out), "-q"]
    cmd += ["-f", args.format] + (["-j", args.jobs] if args.jobs else [])
    try:
        if args.plan:
            plan_only(spec, out, env, args.letters)
            return
        started = time.time_ns()
        seconds, cpu, own, tree = render(cmd, env, work)
        times = written(out, args.format)
        if len(times) != args.letters:
            raise SystemExit(f"{len(times)} letters written, not {args.letters}")
        per = tenths(times)
        print(f"{args.letters} letters, -f {args.format}, -j {args.jobs or 'default'}")
        print(
            f"wall {seconds:.1f} s, CPU {cpu:.1f} s; "
            f"first letter after {(times[0] - started) / 1e9:.1f} s"
        )
        print("ms per letter by tenth: " + " ".join(f"{t:.2f}" for t in per))
        print(f"last tenth / first tenth: {per[-1] / per[0]:.2f}")
        print(f"peak memory: {own / 1024:.0f} MiB (letterkit), {tree / 1024:.0f} MiB (all)")
        if args.rerun:
            seconds, cpu, own, _ = render(cmd, env, work)
            print(f"unchanged re-run: {seconds:.2f} s, CPU {cpu:.2f} s, peak {own / 1024:.0f} MiB")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
