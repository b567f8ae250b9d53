"""A letter worker forked before its command: it takes over the command's state and its run.

The background worker forks its next command's letter worker early
(daemon/spare.py); these tests run that worker in a process of their own
(a test runner's threads forbid forking), with real files and real letters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"


def _alone(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


TAKE_OVER = """
import json, multiprocessing, os, resource, sys
from letterkit.run import inherit

def worker(connection):
    inherit.take_over(connection)
    mask = os.umask(0)
    print(json.dumps({
        "folder": os.getcwd(), "seen": os.environ.get("LETTERKIT_SEEN"),
        "umask": mask, "files": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
    }), flush=True)
    connection.send(True)

context = multiprocessing.get_context("fork")
ours, theirs = context.Pipe()
process = context.Process(target=worker, args=(theirs,))
process.start()
theirs.close()
# What a command changes once its worker was forked: folder, environment, umask, limits, output.
os.chdir(sys.argv[1])
os.environ["LETTERKIT_SEEN"] = "yes"
os.umask(0o027)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (soft - 1, hard))
os.dup2(os.open("out.json", os.O_WRONLY | os.O_CREAT, 0o600), 1)
inherit.hand_over(ours, process.pid)
assert ours.recv() is True
process.join()
sys.stdout.flush()
os.write(2, str(soft - 1).encode())
"""


def test_a_worker_forked_before_takes_over_the_state_it_is_handed(tmp_path: Path) -> None:
    folder = tmp_path / "command's folder"
    folder.mkdir()
    command = [sys.executable, "-c", TAKE_OVER, str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    # It wrote to the standard output it was handed, in the folder it was handed.
    seen = json.loads((folder / "out.json").read_text("utf-8"))
    assert seen == {
        "folder": str(folder),
        "seen": "yes",
        "umask": 0o027,
        "files": int(done.stderr),
    }


SPARE_RUN = """
import os, sys
from pathlib import Path
from letterkit import api
from letterkit.run import pool
from letterkit.run.options import Options

warmed = Path("warmed")
pool.spare_worker(lambda: warmed.write_text(str(os.getpid())))
spare = pool._SPARE[0].process.pid
result = api.render([Path(sys.argv[1])], Options(formats=("txt", "pdf"), output=Path("out")))
print(result.letters, len(result.failures), spare == int(warmed.read_text()), pool._SPARE)
"""


def test_a_render_takes_the_spare_worker_and_makes_the_same_letter(tmp_path: Path) -> None:
    spare, alone = tmp_path / "spare", tmp_path / "alone"
    spare.mkdir()
    alone.mkdir()
    # The spare warmed up in its own process, was taken by the render, and made its letter.
    assert _alone(SPARE_RUN.replace("sys.argv[1]", repr(str(EXAMPLE))), spare) == "1 0 True []"
    letterkit = Path(sys.executable).parent / "letterkit"
    subprocess.run(
        [letterkit, "render", "-q", "-f", "txt", "-f", "pdf", "-o", alone, EXAMPLE],
        check=True,
        timeout=120,
        env={**os.environ, "LETTERKIT_DAEMON": "off"},
    )
    for name in ("solidarity-2008.txt", "solidarity-2008.pdf"):
        assert (spare / "out" / name).read_bytes() == (alone / name).read_bytes(), name


SPARE_GONE = """
import datetime as dt
from letterkit.compose import ComposeOptions
from letterkit.run import pool
from letterkit.run.budget import Limits
pool.spare_worker(lambda: None)
(slot,) = pool._SPARE
slot.process.kill()
slot.process.join()
with pool.forked_ahead(ComposeOptions(dt.date(2026, 5, 4)), Limits(), ("txt",)):
    ((_key, ahead),) = pool._AHEAD
    print(ahead.process.pid != slot.process.pid, ahead.process.is_alive(), pool._SPARE)
"""


def test_a_spare_that_died_is_not_taken_a_worker_is_forked_instead(tmp_path: Path) -> None:
    assert _alone(SPARE_GONE, tmp_path) == "True True []"
