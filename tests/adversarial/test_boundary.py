"""One boundary for every byte: a shared repository reads nothing and writes nothing outside it.

Each test is one attack of the kind a template folder, a letterkit.toml or
a spec from someone else's repository can make, run through the installed
command on real files: symlinks, hidden files, FIFOs and /dev/zero.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from letterkit.errors import EXIT_INVALID, EXIT_REFUSED
from letterkit.run.manifest import MANIFEST, digest
from tests.adversarial.conftest import listing, one_line, run_installed
from tests.conftest import MINIMAL

SECRET = "TOKEN-7f3a9c-do-not-print"
FORCE_HINT = (
    "refused to overwrite a file letterkit did not write (or one changed since); "
    "move it away, or pass --force to overwrite it"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository someone shared: .git, a spec in letters/, and a private file beside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text(f"url = https://x:{SECRET}@example.org\n", "utf-8")
    (root / "letters").mkdir()
    (root / "letters" / "letter.yaml").write_text(json.dumps(MINIMAL), "utf-8")
    (tmp_path / "private.txt").write_text(SECRET, "utf-8")
    return root


def spec(repo: Path) -> Path:
    return repo / "letters" / "letter.yaml"


def run_text(repo: Path, *args: str | Path, timeout: float = 60) -> tuple[int, str, str]:
    """Render the letter as text into out/: exit code, stderr, and every byte letterkit wrote."""
    done = run_installed(
        "render", "-f", "txt", *args, "-o", repo / "out", spec(repo), timeout=timeout
    )
    out = repo / "out"
    texts = [p for p in out.glob("*.txt") if p.is_file() and not p.is_symlink()]
    written = "".join(p.read_text("utf-8", "replace") for p in texts)
    return done.returncode, done.stderr, written + done.stdout


# 1. A symlinked template, include or stylesheet reads a private file.


@pytest.mark.parametrize("name", ["en/greeting.j2", "parts/note.j2"])
def test_a_symlinked_template_reads_nothing_outside(repo: Path, name: str) -> None:
    templates = repo / "templates"
    (templates / "en").mkdir(parents=True)
    (templates / "parts").mkdir()
    (templates / name).symlink_to(repo.parent / "private.txt")
    if name.startswith("parts/"):  # reached by an include from an ordinary template
        (templates / "en" / "greeting.j2").write_text('{% include "parts/note.j2" %}', "utf-8")
    code, stderr, written = run_text(repo)
    assert code == EXIT_REFUSED, stderr
    assert SECRET not in written + stderr
    assert "refused: it leads outside the project" in one_line(stderr)


def test_the_environment_of_the_process_is_not_a_template(repo: Path) -> None:
    (repo / "templates" / "en").mkdir(parents=True)
    (repo / "templates" / "en" / "greeting.j2").symlink_to("/proc/self/environ")
    code, stderr, written = run_text(repo)
    assert code == EXIT_REFUSED
    assert "PATH=" not in written + stderr


@pytest.mark.parametrize("css", ["letter.css", "extra.css"])
def test_a_symlinked_stylesheet_reads_nothing_outside(repo: Path, css: str) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / css).symlink_to(repo.parent / "private.txt")
    done = run_installed("render", "-f", "html", "-o", repo / "out", spec(repo))
    assert done.returncode == EXIT_REFUSED, done.stderr
    assert not (repo / "out").exists() or SECRET not in "".join(
        p.read_text("utf-8") for p in (repo / "out").glob("*.html")
    )
    assert css in one_line(done.stderr)


def test_a_symlink_inside_the_project_is_followed(repo: Path) -> None:
    (repo / "shared").mkdir()
    (repo / "shared" / "greeting.j2").write_text("Greetings from the shared folder.", "utf-8")
    (repo / "templates" / "en").mkdir(parents=True)
    (repo / "templates" / "en" / "greeting.j2").symlink_to(repo / "shared" / "greeting.j2")
    code, stderr, written = run_text(repo)
    assert code == 0, stderr
    assert "Greetings from the shared folder." in written


# 2. Hidden files through {% include %}.


def test_an_include_of_a_hidden_file_is_refused(repo: Path) -> None:
    (repo / "letterkit.toml").write_text('templates = ["."]\n', "utf-8")
    (repo / "en").mkdir()
    (repo / "en" / "greeting.j2").write_text('{% include ".git/config" %}', "utf-8")
    code, stderr, written = run_text(repo)
    assert code == EXIT_REFUSED, stderr
    assert SECRET not in written + stderr
    assert "hidden files and folders are not read" in one_line(stderr)


# 3. letterkit.toml may not widen the boundary.


@pytest.mark.parametrize("folder", ["/etc", "../../secret", "/"])
def test_the_config_cannot_name_template_folders_outside(repo: Path, folder: str) -> None:
    (repo / "templates").mkdir()
    (repo / "letterkit.toml").write_text(f'templates = ["templates", "{folder}"]\n', "utf-8")
    code, stderr, _ = run_text(repo, timeout=20)
    assert code == EXIT_INVALID, stderr
    assert one_line(stderr).startswith(
        f'{repo / "letterkit.toml"}:1:1: templates: "{folder}" is not'
    )


def test_the_config_cannot_name_a_symlinked_folder_leading_out(repo: Path) -> None:
    (repo / "tpl").symlink_to("/etc")
    (repo / "letterkit.toml").write_text('templates = ["tpl"]\n', "utf-8")
    code, stderr, _ = run_text(repo)
    assert code == EXIT_INVALID
    assert 'templates: "tpl" is not a folder of this project' in one_line(stderr)


def test_a_templates_folder_symlinked_out_is_refused(repo: Path) -> None:
    (repo / "templates").symlink_to("/etc")
    code, stderr, _ = run_text(repo)
    assert code == EXIT_REFUSED
    assert "templates: refused: it leads outside the project" in one_line(stderr)


def test_a_config_above_the_repository_is_not_the_projects(repo: Path) -> None:
    (repo.parent / "letterkit.toml").write_text('output = "elsewhere"\n', "utf-8")
    done = run_installed("render", "-q", "-f", "txt", spec(repo))
    assert done.returncode == 0, done.stderr
    assert (repo / "letters" / "letter.txt").exists()
    assert not (repo.parent / "elsewhere").exists()


# 4. data: reads nothing outside the project.


@pytest.mark.parametrize("how", ["absolute", "relative", "symlink"])
def test_a_data_file_outside_the_project_is_refused(repo: Path, how: str) -> None:
    contacts = repo.parent / "contacts.csv"
    contacts.write_text(f"name,short_name\n{SECRET},X\n", "utf-8")
    name = {"absolute": str(contacts), "relative": "../../contacts.csv", "symlink": "members.csv"}
    if how == "symlink":
        (repo / "letters" / "members.csv").symlink_to(contacts)
    body = {k: v for k, v in MINIMAL.items() if k != "recipient"}
    spec(repo).write_text(json.dumps({**body, "data": name[how]}), "utf-8")
    code, stderr, written = run_text(repo)
    assert code == EXIT_REFUSED, stderr
    assert SECRET not in written + stderr
    assert "refused: it leads outside the project" in one_line(stderr)
    assert listing(repo / "out") == []


# 5. Writes go nowhere outside the project.


def test_the_config_cannot_send_outputs_outside(repo: Path) -> None:
    victim = repo.parent / "victim"
    victim.mkdir()
    (repo / "letterkit.toml").write_text('output = "../victim/.config"\n', "utf-8")
    done = run_installed("render", "-f", "txt", spec(repo))
    assert done.returncode == EXIT_INVALID
    assert 'output: "../victim/.config" is not a folder of this project' in one_line(done.stderr)
    assert listing(victim) == []


@pytest.mark.parametrize("given", ["config", "command line"])
def test_a_committed_output_symlink_is_not_written_through(repo: Path, given: str) -> None:
    desktop = repo.parent / "Desktop"
    desktop.mkdir()
    (repo / "out").symlink_to(desktop)
    if given == "config":
        (repo / "letterkit.toml").write_text('output = "out"\n', "utf-8")
        done = run_installed("render", "-f", "txt", spec(repo))
        assert done.returncode == EXIT_INVALID
    else:
        done = run_installed("render", "-f", "txt", "-o", repo / "out", spec(repo))
        assert done.returncode == EXIT_REFUSED
    assert "out" in one_line(done.stderr)
    assert listing(desktop) == []


# 6. The committed manifest is a cache, not an authority.


def test_a_swapped_letter_with_a_forged_digest_is_not_skipped(repo: Path) -> None:
    assert run_text(repo)[0] == 0
    letter = repo / "out" / "letter.txt"
    forged = "We withdraw our support for the congress.\n"
    letter.write_text(forged, "utf-8")
    record = json.loads((repo / "out" / MANIFEST).read_text("utf-8"))
    record["files"]["letter.txt"]["sha256"] = digest(forged.encode())
    (repo / "out" / MANIFEST).write_text(json.dumps(record), "utf-8")

    code, stderr, _ = run_text(repo)
    assert "current; skipped" not in stderr
    assert code == EXIT_REFUSED
    assert one_line(stderr) == f"{letter}: {FORCE_HINT}"
    assert run_text(repo, "--force")[0] == 0
    assert "We stand with you." in letter.read_text("utf-8")


def test_a_forged_pending_digest_does_not_permit_an_overwrite(repo: Path) -> None:
    out = repo / "out"
    out.mkdir()
    mine = out / "letter.txt"
    mine.write_text("my own draft, not a letterkit output\n", "utf-8")
    claimed = digest(mine.read_bytes())
    entry = {"sha256": claimed, "pending": claimed, "inputs": "x"}
    (out / MANIFEST).write_text(json.dumps({"version": 1, "files": {"letter.txt": entry}}))
    code, stderr, _ = run_text(repo)
    assert code == EXIT_REFUSED
    assert one_line(stderr) == f"{mine}: {FORCE_HINT}"
    assert mine.read_text("utf-8") == "my own draft, not a letterkit output\n"


def test_a_letter_from_another_machine_is_taken_over_when_it_is_the_same(
    repo: Path, tmp_path: Path
) -> None:
    assert run_text(repo)[0] == 0
    clone = tmp_path / "clone"
    shutil.copytree(repo, clone, symlinks=True)
    # Another machine: none of this machine's records.
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "other-machine")}
    done = run_installed("render", "-f", "txt", "-o", clone / "out", spec(clone), env=env)
    assert done.returncode == 0, done.stderr
    again = run_installed("render", "-f", "txt", "-o", clone / "out", spec(clone), env=env)
    assert "current; skipped" in again.stderr


# 7. Two specs with one stem into one folder.


def test_two_specs_with_one_name_keep_refusing_the_second(repo: Path) -> None:
    (repo / "other").mkdir()
    second = repo / "other" / "letter.yaml"
    second.write_text(json.dumps({**MINIMAL, "recipient": {"name": "Second Union"}}), "utf-8")
    for _ in range(3):
        done = run_installed("render", "-f", "txt", "-o", repo / "out", spec(repo), second)
        assert done.returncode == EXIT_REFUSED
        assert str(second) in done.stderr
        assert "Second Union" not in (repo / "out" / "letter.txt").read_text("utf-8")


# 8. Unbounded reads: /dev/zero and FIFOs.


def test_a_template_folder_resource_that_is_dev_zero_is_not_read(repo: Path) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "background.png").symlink_to("/dev/zero")
    code, stderr, _ = run_text(repo, timeout=30)
    assert code == 0, stderr


def test_a_stylesheet_that_is_dev_zero_is_refused(repo: Path, tmp_path: Path) -> None:
    templates = tmp_path / "given"
    templates.mkdir()
    (templates / "letter.css").symlink_to("/dev/zero")
    done = run_installed(
        "render",
        "-f",
        "html",
        "--templates",
        templates,
        "-o",
        repo / "out",
        spec(repo),
        timeout=30,
    )
    assert done.returncode == EXIT_REFUSED
    assert "letter.css: refused: it leads outside" in one_line(done.stderr)


def test_a_fifo_in_a_template_folder_does_not_hang(repo: Path) -> None:
    (repo / "templates").mkdir()
    os.mkfifo(repo / "templates" / "notes.css")
    rendered = run_installed("render", "-f", "txt", "-o", repo / "out", spec(repo), timeout=30)
    assert rendered.returncode == 0, rendered.stderr
    checked = run_installed("check", spec(repo), timeout=30)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("what", ["manifest", "output"])
def test_an_output_folder_entry_that_is_dev_zero_is_not_read(repo: Path, what: str) -> None:
    out = repo / "out"
    out.mkdir()
    (out / (MANIFEST if what == "manifest" else "letter.txt")).symlink_to("/dev/zero")
    code, stderr, _ = run_text(repo, timeout=30)
    if what == "manifest":
        assert code == 0, stderr
        assert not (out / MANIFEST).is_symlink()
    else:
        assert code == EXIT_REFUSED
        assert one_line(stderr) == f"{out / 'letter.txt'}: {FORCE_HINT}"


def test_a_spec_that_is_a_fifo_is_refused(repo: Path) -> None:
    fifo = repo / "letters" / "fifo.yaml"
    os.mkfifo(fifo)
    done = run_installed("check", fifo, timeout=30)
    assert done.returncode == EXIT_INVALID
    assert one_line(done.stderr) == f"{fifo}: is not a regular file; a spec file must be one"
