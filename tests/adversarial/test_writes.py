"""Nothing existing is lost: letterkit overwrites only its own unchanged outputs, atomically."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from letterkit.errors import BIDI_CONTROLS, EXIT_OUTPUT, EXIT_REFUSED, SafetyError, printable
from letterkit.run.manifest import MANIFEST
from letterkit.run.naming import file_name as output_name
from tests.adversarial.conftest import LETTERKIT, listing, one_line, run_installed, temporaries

FORCE_HINT = (
    "refused to overwrite a file letterkit did not write (or one changed since); "
    "move it away, or pass --force to overwrite it"
)


def test_file_letterkit_did_not_write_is_left_alone(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    theirs = tmp_path / "letter.txt"
    theirs.write_text("my own notes", "utf-8")
    result = run("render", "-f", "pdf", "-f", "txt", spec)
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr) == f"{theirs}: {FORCE_HINT}"
    assert theirs.read_text("utf-8") == "my own notes"
    assert listing(tmp_path) == ["letter.txt", "letter.yaml"]  # not even the PDF

    forced = run("render", "-q", "-f", "pdf", "-f", "txt", "--force", spec)
    assert forced.exit_code == 0, forced.stderr
    assert "Dear Comrades" in theirs.read_text("utf-8")
    again = run("render", "-q", "-f", "pdf", "-f", "txt", spec)
    assert again.exit_code == 0, again.stderr
    assert listing(tmp_path) == [MANIFEST, "letter.pdf", "letter.txt", "letter.yaml"]


def test_own_output_edited_since_is_left_alone(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    assert run("render", "-q", "-f", "txt", spec).exit_code == 0
    output = tmp_path / "letter.txt"
    output.write_text(output.read_text("utf-8") + "P.S. added by hand\n", "utf-8")
    result = run("render", "-f", "txt", spec)
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr) == f"{output}: {FORCE_HINT}"
    assert output.read_text("utf-8").endswith("P.S. added by hand\n")


def test_symlink_at_target_is_replaced_not_written_through(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file()
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("secret", "utf-8")
    (tmp_path / "letter.txt").symlink_to(secret)
    refused = run("render", "-f", "txt", spec)
    assert refused.exit_code == EXIT_REFUSED
    assert one_line(refused.stderr) == f"{tmp_path / 'letter.txt'}: {FORCE_HINT}"
    forced = run("render", "-q", "-f", "txt", "--force", spec)
    assert forced.exit_code == 0, forced.stderr
    assert not (tmp_path / "letter.txt").is_symlink()
    assert secret.read_text("utf-8") == "secret"


def test_two_letters_of_one_run_never_write_the_same_file(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    first = spec_file({"recipient": {"name": "First"}}, name="a/letter.yaml")
    second = spec_file({"recipient": {"name": "Second"}}, name="b/letter.yaml")
    out = tmp_path / "out"
    result = run("render", "-q", "-f", "txt", "-o", out, first, second)
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr) == (
        f"{second}: refused: another letter of this run already wrote {out / 'letter.txt'}; "
        "give the specs different names or output folders"
    )
    assert "First" in (out / "letter.txt").read_text("utf-8")


def test_temporaries_of_killed_runs_are_removed(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    dead = tmp_path / ".letterkit-999999999-x1.part"  # above any pid_max
    unnamed = tmp_path / ".letterkit-x2.part"
    running = tmp_path / f".letterkit-{os.getppid()}-x3.part"  # a process that is running
    for stray in (dead, unnamed, running):
        stray.write_bytes(b"%PDF-1.7 truncated")
    assert run("render", "-q", "-f", "txt", spec_file()).exit_code == 0
    assert temporaries(tmp_path) == [running.name]


BAD_NAMES = {
    "bidi override": "invoice\u202etxt.exe",
    "escape sequence": "x\x1b[2Jy",
    "newline": "two\nlines",
    "only a dot": ".",
    "reserved": ".letterkit-x",
}


@pytest.mark.parametrize("stem", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_unsafe_output_name_is_refused(
    stem: str, tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file(name=f"{stem}.yaml")
    result = run("render", "-f", "txt", spec)
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr).startswith(
        f"{printable(str(spec))}: refused output name {stem + '.txt'!r}: "
    )
    assert listing(tmp_path) == [spec.name]


@given(st.text(min_size=1, max_size=80))
def test_output_names_stay_inside_their_folder(stem: str) -> None:
    folder = Path("/srv/out")
    try:
        name = output_name(stem, "pdf", "spec.yaml")
    except SafetyError:
        return
    assert Path(name).name == name
    assert (folder / name).parent == folder
    assert not any(c in BIDI_CONTROLS or ord(c) < 32 for c in name)


def test_folder_that_cannot_be_made_fails_with_exit_4(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    result = run("render", "-f", "txt", "-o", blocker / "out", spec_file())
    assert result.exit_code == EXIT_OUTPUT
    assert one_line(result.stderr) == (
        f"{blocker / 'out'}: cannot create the output folder: Not a directory"
    )
    assert listing(tmp_path) == ["a-file", "letter.yaml"]


def test_folder_that_takes_no_files_fails_with_exit_4(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # Tests may run as root, for whom a read-only mode is no obstacle; /proc takes no files.
    result = run("render", "-f", "txt", "-o", "/proc", spec_file())
    assert result.exit_code == EXIT_OUTPUT
    assert one_line(result.stderr).startswith("/proc: cannot write: ")


def test_disk_full_keeps_earlier_letters_and_leaves_no_partial_file(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    first = spec_file(name="first.yaml")
    second = spec_file({"recipient": {"name": "Unifor"}}, name="second.yaml")
    out = tmp_path / "out"
    assert run_installed("render", "-q", "-f", "pdf", "-o", out, first).returncode == 0
    before = (out / "first.pdf").read_bytes()
    # A file size limit of 8 blocks stands in for a full disk: the small
    # manifest fits, a PDF does not (writing it fails with EFBIG).
    # --force: the first letter is unchanged and would otherwise be skipped.
    command = (
        f'ulimit -f 8 && exec "{LETTERKIT}" render -q --force -f pdf -o "{out}" '
        f'"{first}" "{second}"'
    )
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert done.returncode == EXIT_OUTPUT
    lines = done.stderr.splitlines()
    assert lines == [
        f"{out / name}: cannot write: File too large; check that the folder is writable "
        "and has space, or choose another with -o"
        for name in ("first.pdf", "second.pdf")
    ]
    assert (out / "first.pdf").read_bytes() == before
    assert listing(out) == [MANIFEST, "first.pdf"]
