"""Batches: collisions refused early, incremental re-renders, workers, shards, isolation."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from letterkit.run.manifest import state_folder
from tests.conftest import EXAMPLE

PEOPLE = [
    {"name": "Congress of South African Trade Unions", "short_name": "COSATU"},
    {"name": "Unifor"},
    {"name": "Korean Confederation of Trade Unions", "short_name": "KCTU"},
    {"name": "اتحادیه کارگران", "short_name": "اتحادیه"},
    {"name": "Confédération générale du travail", "short_name": "CGT"},
]
LETTERKIT = str(Path(sys.executable).parent / "letterkit")


@pytest.fixture
def merge(spec_file: Callable[..., Path]) -> Path:
    """A spec with five recipients."""
    return spec_file({"recipient": None, "recipients": PEOPLE})


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name[0] != "."}


def test_name_collision_is_refused_before_anything_is_written(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    people = [{"name": "Unifor", "short_name": "UNIFOR"}, {"name": "unifor"}]
    spec = spec_file({"recipient": None, "recipients": [PEOPLE[0], *people]})
    result = run("render", "-f", "txt", "-f", "pdf", "-o", tmp_path / "out", spec)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines == [
        f"{spec}: recipients[1] (UNIFOR) and recipients[2] (unifor) would both be written to "
        'letter-unifor.txt; make output_name tell them apart, e.g. output_name: "{stem}-{n}"'
    ]  # once for the pair, not once per format
    assert not (tmp_path / "out").exists()


def test_unchanged_letters_are_skipped_and_force_renders_them_again(
    tmp_path: Path, merge: Path, run: Callable[..., Result]
) -> None:
    out = tmp_path / "out"
    assert run("render", "-f", "txt", "-o", out, merge).exit_code == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.txt")}
    again = run("render", "-f", "txt", "-o", out, merge)
    assert again.stderr.splitlines()[-1].startswith("0 written, 5 skipped, 0 failed")
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.txt")} == first
    # A changed recipient is made again; a hand-edited output is left alone.
    (out / "letter-KCTU.txt").write_text("edited", "utf-8")
    changed = json.loads(merge.read_text("utf-8"))
    changed["recipients"][0]["address"] = ["Johannesburg"]
    merge.write_text(json.dumps(changed), "utf-8")
    result = run("render", "-f", "txt", "-o", out, merge)
    assert result.exit_code == 3
    assert "wrote " + str(out / "letter-COSATU.txt") in result.stderr
    assert f"{out / 'letter-KCTU.txt'}: refused to overwrite a file" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("1 written, 3 skipped, 1 failed")
    assert (out / "letter-KCTU.txt").read_text("utf-8") == "edited"
    forced = run("render", "-f", "txt", "-o", out, "--force", merge)
    assert forced.stderr.splitlines()[-1].startswith("5 written, 0 skipped, 0 failed")
    assert "KCTU" in (out / "letter-KCTU.txt").read_text("utf-8")


def test_a_rerun_with_nothing_to_do_still_sees_every_change(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # The second run skips from the plan the first one kept; each later run must
    # still see what changed since: an output edited or removed, a row of the data.
    spec = spec_file({"recipient": None, "data": "people.csv"})
    data = tmp_path / "people.csv"
    data.write_text("name,short_name\nUnifor,UNIFOR\nCGT,CGT\nKCTU,KCTU\n", "utf-8")
    out = tmp_path / "out"
    args = ("render", "-f", "txt", "-o", out, spec)
    assert run(*args).stderr.splitlines()[-1].startswith("3 written, 0 skipped")
    again = run(*args)
    assert again.stderr.splitlines()[-1].startswith("0 written, 3 skipped, 0 failed")
    assert f"{data}:3 (CGT) is current; skipped" in again.stderr

    (out / "letter-CGT.txt").write_text("edited by hand\n", "utf-8")
    edited = run(*args)
    assert edited.exit_code == 3
    assert f"{out / 'letter-CGT.txt'}: refused to overwrite a file" in edited.stderr
    (out / "letter-CGT.txt").unlink()
    assert run(*args).stderr.splitlines()[-1].startswith("1 written, 2 skipped, 0 failed")

    data.write_text("name,short_name\nUnifor Canada,UNIFOR\nCGT,CGT\nKCTU,KCTU\n", "utf-8")
    changed = run(*args)
    assert changed.stderr.splitlines()[-1].startswith("1 written, 2 skipped, 0 failed")
    assert "Unifor Canada" in (out / "letter-UNIFOR.txt").read_text("utf-8")
    assert run(*args).stderr.splitlines()[-1].startswith("0 written, 3 skipped, 0 failed")


def test_a_kept_plan_cut_short_is_planned_in_full(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # A plan missing its last letter would skip a run with one letter left unchecked.
    spec = spec_file({"recipient": None, "data": "people.csv"})
    (tmp_path / "people.csv").write_text("name,short_name\nUnifor,UNIFOR\nCGT,CGT\n", "utf-8")
    args = ("render", "-f", "txt", "-o", tmp_path / "out", spec)
    assert run(*args).exit_code == 0
    plans = state_folder().parent / "plans"
    (plan,) = [p for p in plans.glob("*.json") if str(spec).encode() in p.read_bytes()]
    head, first, _second = plan.read_bytes().splitlines(keepends=True)
    assert json.loads(head)["letters"] == 2
    plan.write_bytes(head + first)
    (tmp_path / "out" / "letter-CGT.txt").unlink()
    assert run(*args).stderr.splitlines()[-1].startswith("1 written, 1 skipped, 0 failed")


def test_a_changed_template_renders_every_letter_again(
    tmp_path: Path, merge: Path, run: Callable[..., Result]
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "position.j2").write_text("{{ position | paragraphs }}\n", "utf-8")
    out = tmp_path / "out"
    assert run("render", "-f", "txt", "-o", out, "--templates", templates, merge).exit_code == 0
    (templates / "position.j2").write_text("{{ position | paragraphs }}\n\nP.S.\n", "utf-8")
    result = run("render", "-f", "txt", "-o", out, "--templates", templates, merge)
    assert result.stderr.splitlines()[-1].startswith("5 written, 0 skipped")
    assert "P.S." in (out / "letter-CGT.txt").read_text("utf-8")


def test_two_workers_write_the_same_bytes_as_one(
    tmp_path: Path, merge: Path, run: Callable[..., Result]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("render", "-f", "pdf", "-f", "txt", "-j", "1", "-o", one, merge).exit_code == 0
    result = run("render", "-f", "pdf", "-f", "txt", "-j", "2", "-o", two, merge)
    assert result.exit_code == 0, result.stderr
    assert len(listing(one)) == 10
    assert listing(one) == listing(two)
    manifests = [json.loads((d / ".letterkit.json").read_text("utf-8")) for d in (one, two)]
    assert manifests[0] == manifests[1]


def test_shards_partition_the_letters(
    tmp_path: Path, merge: Path, run: Callable[..., Result]
) -> None:
    whole = tmp_path / "whole"
    assert run("render", "-f", "txt", "-o", whole, merge).exit_code == 0
    parts = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard-{k}"
        assert run("render", "-f", "txt", "-o", out, "--shard", f"{k}/3", merge).exit_code == 0
        parts.append(listing(out))
    assert [len(p) for p in parts] == [1, 2, 2]
    assert {n: b for p in parts for n, b in p.items()} == listing(whole)
    bad = run("render", "--shard", "4/3", merge)
    assert bad.exit_code == 2
    assert "'4/3' is not K/N with 1 <= K <= N" in bad.stderr


def test_a_failing_recipient_does_not_stop_the_others(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    people = [dict(p) for p in PEOPLE]
    people[2]["address"] = ["\ue000"]  # a private-use character no font has
    spec = spec_file({"recipient": None, "recipients": people})
    out = tmp_path / "out"
    result = run("render", "-f", "pdf", "-f", "txt", "-j", "1", "-o", out, spec)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any("recipient.address[0]: no installed font has" in line for line in lines), lines
    assert lines[-1].startswith("4 written, 0 skipped, 1 failed in ")
    assert len(list(out.glob("*.pdf"))) == len(list(out.glob("*.txt"))) == 4
    assert not (out / "letter-KCTU.txt").exists(), "a failed letter writes none of its formats"


def test_a_template_failing_for_one_recipient_in_a_worker_is_reported_with_it(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "position.j2").write_text("For {{ vars.region }}.\n", "utf-8")
    people = [{**p, "vars": {"region": "Africa"}} for p in PEOPLE[:3]]
    del people[1]["vars"]
    spec = spec_file({"recipient": None, "recipients": people})
    out = tmp_path / "out"
    result = run("render", "-f", "txt", "-j", "2", "-o", out, "--templates", templates, spec)
    assert result.exit_code == 2  # a template error, as for a single letter
    assert (
        f'{templates / "position.j2"}:1: the template uses "region", which this letter does '
        f"not provide (while writing {spec} recipients[1] (Unifor))"
    ) in result.stderr.splitlines()
    assert sorted(p.name for p in out.glob("*.txt")) == ["letter-COSATU.txt", "letter-KCTU.txt"]


def test_check_composes_every_recipient_and_writes_nothing(
    tmp_path: Path, merge: Path, run: Callable[..., Result]
) -> None:
    result = run("check", merge)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "5 letters OK\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.yaml"]


def test_standard_output_takes_one_letter(merge: Path, run: Callable[..., Result]) -> None:
    result = run("render", "-f", "txt", "-o", "-", merge)
    assert result.exit_code == 2
    assert "-o - writes one letter; these specs make 5" in result.stderr


def run_in_terminal(*args: str | Path) -> str:
    """Run the installed command with stderr on a pseudo-terminal; what it showed there."""
    leader, follower = pty.openpty()
    done = subprocess.run(
        [LETTERKIT, *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        check=False,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert done.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only_and_not_with_quiet(tmp_path: Path, merge: Path) -> None:
    shown = run_in_terminal("render", "-f", "txt", "-j", "1", "-o", tmp_path / "a", merge)
    assert "letters" in shown and "5/5" in shown
    assert "wrote" not in shown, "no line per file under a bar"
    assert "5 written, 0 skipped, 0 failed" in shown
    quiet = run_in_terminal("render", "-q", "-f", "txt", "-o", tmp_path / "b", merge)
    assert quiet == ""
    single = run_in_terminal("render", "-f", "txt", "-o", tmp_path / "c", EXAMPLE)
    assert single.strip() == f"wrote {tmp_path / 'c' / 'solidarity-2008.txt'}"
