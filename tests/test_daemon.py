"""The background worker: the same letters, messages and exit codes as alone, or alone.

Every test runs the installed letterkit command and a real worker in a
runtime folder of its own; nothing is faked. A command handed to the worker
runs in a process of the worker's session, which is how these tests know it
did not run alone.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from letterkit.daemon import samples
from tests.conftest import EXAMPLE, MINIMAL, empty, house_font_project, scratch_folder

LETTERKIT = str(Path(sys.executable).parent / "letterkit")
WAIT = 60.0
"""The longest a test waits for something to happen (a guard against a hang, not a timing)."""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def letterkit(
    env: dict[str, str], *args: str | Path, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [LETTERKIT, *map(str, args)],
        env=env,
        capture_output=True,
        check=False,
        timeout=WAIT,
        **kwargs,  # type: ignore[call-overload]
    )


def alone(env: dict[str, str]) -> dict[str, str]:
    return {**env, "LETTERKIT_DAEMON": "off"}


def runtime(tmp: Path) -> dict[str, str]:
    folder = tmp / "run"
    folder.mkdir(mode=0o700)
    return {**os.environ, "XDG_RUNTIME_DIR": str(folder)}


def worker_pid(env: dict[str, str]) -> int | None:
    done = letterkit(env, "daemon", "status")
    found = re.search(rb"pid (\d+)", done.stdout)
    return int(found[1]) if done.returncode == 0 and found else None


def start(env: dict[str, str], *options: str) -> int:
    done = letterkit(env, "daemon", "start", *options)
    assert done.returncode == 0, done.stderr
    pid = worker_pid(env)
    assert pid is not None
    return pid


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "waited a minute in vain"
        time.sleep(0.05)


def _processes(field: int, value: int) -> list[int]:
    """The live processes whose stat field (after the name) is ``value``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[field]) == value and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def in_session(sid: int) -> list[int]:
    """The processes of a session (the worker's own, those it forked)."""
    return _processes(3, sid)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], int]]:
    env = runtime(tmp_path_factory.mktemp("worker"))
    pid = start(env)
    yield env, pid
    letterkit(env, "daemon", "stop")


def spec_text() -> bytes:
    return json.dumps(MINIMAL).encode()


def _reads_a_pipe(pid: int) -> bool:
    try:
        return "pipe" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False


def _reading(sid: int) -> bool:
    """Whether a process of the session waits on a pipe: a command reading its spec."""
    return any(_reads_a_pipe(pid) for pid in in_session(sid))


def by_itself(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    """A command reading its spec from a pipe, seen reading it itself: it runs alone."""
    process = subprocess.Popen(
        [LETTERKIT, *args], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    until(lambda: _reads_a_pipe(process.pid))
    out, err = process.communicate(spec_text(), timeout=WAIT)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def handed(env: dict[str, str], pid: int, *args: str) -> subprocess.Popen[bytes]:
    """A command reading its spec from a pipe, seen waiting for it in the worker's session."""
    process = subprocess.Popen(
        [LETTERKIT, *args], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    until(lambda: _reading(pid))
    return process


def test_a_letter_made_by_the_worker_is_the_letter_made_alone(
    worker: tuple[dict[str, str], int], tmp_path: Path
) -> None:
    env, pid = worker
    command = ("render", "-f", "pdf", "-o", "-", "-")
    process = handed(env, pid, *command)
    warm_pdf, warm_err = process.communicate(spec_text(), timeout=WAIT)
    cold = letterkit(alone(env), *command, input=spec_text())
    assert (process.returncode, warm_err) == (cold.returncode, cold.stderr) == (0, b"")
    assert warm_pdf.startswith(b"%PDF-")
    assert warm_pdf == cold.stdout

    # Twice in a row into a folder, the second time over the first: the same files.
    for _ in range(2):
        done = letterkit(
            env, "render", "--force", "-f", "pdf", "-f", "txt", "-o", tmp_path / "w", EXAMPLE
        )
        assert done.returncode == 0, done.stderr
    letterkit(alone(env), "render", "-f", "pdf", "-f", "txt", "-o", tmp_path / "a", EXAMPLE)
    for name in ("solidarity-2008.pdf", "solidarity-2008.txt"):
        assert (tmp_path / "w" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
    assert worker_pid(env) == pid, "the worker still runs"


def test_letters_in_other_languages_and_layouts_are_the_letters_made_alone(
    worker: tuple[dict[str, str], int], tmp_path: Path
) -> None:
    # Not the warm-up's own letters: other words, in a folder of their own, which reuse
    # the fonts, dictionaries and stylesheets the warm-up left and must not show it.
    env, pid = worker
    samples.write(tmp_path)  # the images the specs name
    names = []
    for language, envelope in (("de", "din-5008-b"), ("fa", "plain"), ("hi", "din-5008-a")):
        spec = samples.spec(language, envelope, paragraphs=3)
        spec["position"] = ["Wir unterstützen eure Forderungen nach Arbeitszeitverkürzung."] * 3
        (tmp_path / f"{language}.yaml").write_text(json.dumps(spec), encoding="utf-8")
        names.append(tmp_path / f"{language}.yaml")
    for where, run_env in (("w", env), ("a", alone(env))):
        done = letterkit(
            run_env, "render", "-f", "pdf", "-f", "txt", "-o", tmp_path / where, *names
        )
        assert done.returncode == 0, done.stderr
    letters = [p for p in (tmp_path / "a").iterdir() if p.suffix in {".pdf", ".txt"}]
    assert len(letters) == 6
    for made in letters:
        assert (tmp_path / "w" / made.name).read_bytes() == made.read_bytes(), made.name
    assert worker_pid(env) == pid


def test_a_bad_spec_fails_with_the_same_line_and_exit_code(
    worker: tuple[dict[str, str], int], tmp_path: Path
) -> None:
    env, pid = worker
    bad = tmp_path / "bad.yaml"
    bad.write_text("date: [\n", encoding="utf-8")
    process = handed(env, pid, "check", "-")
    _, warm_err = process.communicate(bad.read_bytes(), timeout=WAIT)
    cold = letterkit(alone(env), "check", "-", input=bad.read_bytes())
    assert (process.returncode, warm_err) == (cold.returncode, cold.stderr)
    assert cold.returncode == 2
    assert warm_err.decode().count("\n") == 1
    assert "YAML syntax error" in warm_err.decode()
    by_file = letterkit(env, "render", bad), letterkit(alone(env), "render", bad)
    assert by_file[0].returncode == by_file[1].returncode == 2
    assert by_file[0].stderr == by_file[1].stderr


@pytest.mark.parametrize(("number", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_the_command_as_alone(
    worker: tuple[dict[str, str], int], number: int, code: int
) -> None:
    env, pid = worker
    process = handed(env, pid, "render", "-f", "txt", "-o", "-", "-")
    process.send_signal(number)
    process.wait(timeout=WAIT)  # standard input stays open: the signal stops the command
    err = process.communicate()[1]
    assert process.returncode == code
    name = signal.Signals(number).name
    assert err.decode() == f"letterkit: stopped by {name}; letters written so far are complete\n"
    assert worker_pid(env) == pid


def test_a_stale_worker_refuses_exits_and_the_command_works_alone(tmp_path: Path) -> None:
    # A module the worker has loaded (sitecustomize, imported when Python starts) changes
    # on disk, as an upgrade changes letterkit's or WeasyPrint's files.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("", encoding="utf-8")
    env = {**runtime(tmp_path), "PYTHONPATH": str(site)}
    start(env)
    (site / "sitecustomize.py").write_text("# upgraded\n", encoding="utf-8")
    done = letterkit(env, "render", "-f", "txt", "-o", tmp_path / "out", EXAMPLE)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "solidarity-2008.txt").is_file()
    until(lambda: not (Path(env["XDG_RUNTIME_DIR"]) / "letterkit" / "worker.sock").exists())
    assert worker_pid(env) is None


def _refused(env: dict[str, str], tmp_path: Path) -> None:
    done = letterkit(env, "daemon", "start")
    assert done.returncode == 3
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1
    assert "the background worker's folder must be yours alone (mode 700)" in lines[0]
    works = by_itself(env, "render", "-f", "txt", "-o", str(tmp_path / "out"), "-")
    assert works.returncode == 0, works.stderr
    assert (tmp_path / "out" / "stdin.txt").is_file()


def test_a_folder_open_to_others_is_refused(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    (Path(env["XDG_RUNTIME_DIR"]) / "letterkit").mkdir(mode=0o755)
    _refused(env, tmp_path)


def test_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (Path(env["XDG_RUNTIME_DIR"]) / "letterkit").symlink_to(elsewhere)
    _refused(env, tmp_path)


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a folder to another user")
def test_a_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    folder = Path(env["XDG_RUNTIME_DIR"]) / "letterkit"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    _refused(env, tmp_path)


def test_a_worker_in_a_folder_opened_up_later_is_not_used(
    worker: tuple[dict[str, str], int],
) -> None:
    env, pid = worker
    folder = Path(env["XDG_RUNTIME_DIR"]) / "letterkit"
    folder.chmod(0o755)
    try:
        done = by_itself(env, "render", "-f", "txt", "-o", "-", "-")
    finally:
        folder.chmod(0o700)
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Workers' Solidarity Network" in done.stdout
    assert worker_pid(env) == pid


def test_the_worker_ends_when_idle(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    done = letterkit(env, "daemon", "start", "--idle-timeout", "0.5")
    assert done.returncode == 0
    found = re.search(rb"letterkit daemon: running \(pid (\d+)", done.stderr)
    assert found
    # Watched from outside: asking the worker for its status would count as using it.
    until(lambda: not alive(int(found[1])))
    assert not (Path(env["XDG_RUNTIME_DIR"]) / "letterkit" / "worker.sock").exists()


def test_asking_for_the_status_is_not_using_the_worker(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    pid = start(env, "--idle-timeout", "1")
    # A status asked every few tenths of a second (a shell prompt, a monitor) must not
    # keep an unused worker alive; it still ends about a second after it was last used.
    asked = 0
    while alive(pid):
        letterkit(env, "daemon", "status")
        asked += 1
        assert asked < WAIT / 0.2, "the status kept the worker alive"
        time.sleep(0.2)
    assert asked >= 2


def test_a_command_is_using_the_worker(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    start(env)

    def idle() -> int:
        found = re.search(rb"idle (\d+) s", letterkit(env, "daemon", "status").stdout)
        assert found
        return int(found[1])

    time.sleep(2.5)
    before = idle()
    assert before >= 2
    done = letterkit(env, "render", "-f", "txt", "-o", "-", "-", input=spec_text())
    assert done.returncode == 0
    assert idle() < before
    letterkit(env, "daemon", "stop")


def test_a_worker_killed_mid_request(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    command = ("render", "-f", "txt", "-o", "-", "-")
    # The main process killed: the command in flight still ends well, then all run alone.
    pid = start(env)
    process = handed(env, pid, *command)
    os.kill(pid, signal.SIGKILL)
    out, err = process.communicate(spec_text(), timeout=WAIT)
    assert (process.returncode, err) == (0, b"")
    assert out == letterkit(alone(env), *command, input=spec_text()).stdout
    after = letterkit(env, *command, input=spec_text())
    assert (after.returncode, after.stdout) == (0, out)

    # Every process of the worker killed: the command says so in one line, once.
    pid = start(env)
    process = handed(env, pid, *command)
    os.killpg(pid, signal.SIGKILL)
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 70
    assert out == b""
    assert err.decode().count("\n") == 1
    assert err.decode().startswith("letterkit: the background worker stopped in the middle")


def _children(pid: int) -> list[int]:
    return _processes(1, pid)


def _waits_for_a_connection(pid: int) -> bool:
    try:
        return any(w in Path(f"/proc/{pid}/wchan").read_text() for w in ("poll", "select"))
    except OSError:
        return False


def _ended(pids: tuple[int, ...]) -> Callable[[], bool]:
    return lambda: not any(map(alive, pids))


def _spare(pid: int) -> tuple[int, int, int] | None:
    """The worker's spare, once ready: the next request's process, waiting for a connection,
    the command's process under it, and that one's letter worker."""
    for request in _children(pid):
        if not _waits_for_a_connection(request):
            continue
        for command in _children(request):
            for letter in _children(command):
                return request, command, letter
    return None


def test_a_spare_made_ahead_serves_the_next_command_then_another_one(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    pid = start(env)
    spares = []
    for round in ("1", "2"):
        until(lambda: _spare(pid) is not None)
        spare = _spare(pid)
        assert spare is not None
        spares.append(spare)
        # A status request leaves the spare's processes waiting for the next connection.
        assert letterkit(env, "daemon", "status").returncode == 0
        until(lambda: _spare(pid) is not None)
        assert _spare(pid) == spare
        args = ("render", "-q", "-f", "pdf", "-f", "txt", "-o", tmp_path / round, EXAMPLE)
        done = letterkit(env, *args)
        assert (done.returncode, done.stderr) == (0, b"")
        until(_ended(spare))  # its processes served the command
    assert not set(spares[0]) & set(spares[1])
    letterkit(alone(env), "render", "-f", "pdf", "-f", "txt", "-o", tmp_path / "a", EXAMPLE)
    for name in ("solidarity-2008.pdf", "solidarity-2008.txt"):
        made = (tmp_path / "a" / name).read_bytes()
        assert (tmp_path / "1" / name).read_bytes() == made == (tmp_path / "2" / name).read_bytes()
    letterkit(env, "daemon", "stop")
    until(lambda: not in_session(pid))  # no spare outlives the worker


def test_a_spare_killed_is_not_missed_and_is_made_again(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    pid = start(env)
    until(lambda: _spare(pid) is not None)
    spare = _spare(pid)
    assert spare is not None
    os.kill(spare[0], signal.SIGKILL)
    until(_ended(spare))  # its processes end with it
    # The main process accepts again: the command runs in the worker, as before spares.
    process = handed(env, pid, "render", "-f", "txt", "-o", "-", "-")
    out, err = process.communicate(spec_text(), timeout=WAIT)
    assert (process.returncode, err) == (0, b"")
    assert (
        out
        == letterkit(alone(env), "render", "-f", "txt", "-o", "-", "-", input=spec_text()).stdout
    )
    until(lambda: _spare(pid) is not None)  # made again once that command ended
    letterkit(env, "daemon", "stop")
    until(lambda: not in_session(pid))


def _gone(pid: int) -> bool:
    """Whether a process has ended (a zombie not reaped yet has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_stop_returns_once_the_worker_has_ended(tmp_path: Path) -> None:
    env = runtime(tmp_path)
    specs = (EXAMPLE, EXAMPLE.parent / "apology-only.yaml")
    for round in range(3):  # each time, the stop comes while the next spare may be forking
        pid = start(env)
        done = letterkit(env, "render", "-q", "-j", "2", "-o", tmp_path / str(round), *specs)
        assert (done.returncode, done.stderr) == (0, b"")
        stopped = letterkit(env, "daemon", "stop")
        assert stopped.returncode == 0, stopped.stderr
        assert _gone(pid)
        assert not (Path(env["XDG_RUNTIME_DIR"]) / "letterkit" / "worker.sock").exists()


def test_a_stop_signal_that_comes_while_the_worker_forks_is_not_lost() -> None:
    # The signal is handled inside os.fork's hooks (as logging's are), where an exception
    # raised by its handler would be lost and the worker would go on serving.
    script = (
        "import os, signal\n"
        "from letterkit.daemon import server\n"
        "signal.signal(signal.SIGTERM, server._stop)\n"
        "os.register_at_fork(after_in_parent=lambda: (os.kill(os.getpid(), signal.SIGTERM), 0))\n"
        "if os.fork() == 0:\n"
        "    os._exit(0)\n"
        "os.wait()\n"
        "print(server._Asked.stop)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=False, timeout=WAIT
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, b"True\n", b"")


def test_commands_the_worker_serves_leave_nothing_in_the_temporary_folder(
    tmp_path: Path,
) -> None:
    scratch = scratch_folder()
    env = {**runtime(tmp_path), "TMPDIR": str(scratch)}
    project = tmp_path / "project"
    project.mkdir()
    house_font_project(project)
    spec = project / "letter.yaml"
    spec.write_text("date: 2026-05-01\nsender: {name: WSN}\nrecipient: {name: EWU}\n", "utf-8")
    pid = start(env)
    try:
        commands = [
            ("render", "-q", "-f", "pdf", spec),  # a copy of the house font, in its letter worker
            ("render", "-q", "-j", "2", "-o", tmp_path / "out", EXAMPLE, spec),  # a fork server
        ]
        for command in commands:
            until(lambda: _spare(pid) is not None)
            spare = _spare(pid)
            assert spare is not None
            done = letterkit(env, *command)
            assert (done.returncode, done.stderr) == (0, b""), done.stderr.decode()
            until(_ended(spare))  # the worker served it
            assert list(scratch.iterdir()) == []
    finally:
        stopped = letterkit(env, "daemon", "stop")
        assert (stopped.returncode, stopped.stdout + stopped.stderr) == (
            0,
            b"letterkit daemon: stopped\n",
        )
    assert _gone(pid)
    assert empty(scratch)
