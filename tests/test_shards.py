"""A shard builds only the letters of its own slice: rows outside it are counted, not read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import MINIMAL


def _mailing(tmp_path: Path, rows: list[str]) -> Path:
    body = {k: v for k, v in MINIMAL.items() if k != "recipient"}
    spec = tmp_path / "mailing.yaml"
    spec.write_text(json.dumps({**body, "data": "people.csv", "output_name": "{n}-{stem}"}))
    (tmp_path / "people.csv").write_text("name,short_name\n" + "".join(rows), "utf-8")
    return spec


def test_a_shard_does_not_build_the_rows_of_other_shards(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    rows = [f"Union {i},U{i}\n" for i in range(9)] + [",no name\n"]  # row 10 is bad
    spec = _mailing(tmp_path, rows)
    first = run("render", "-q", "-f", "txt", "--shard", "1/2", "-o", tmp_path / "one", spec)
    assert first.exit_code == 0, first.stderr
    assert sorted(p.name for p in (tmp_path / "one").glob("*.txt")) == [
        f"{n:02d}-mailing.txt" for n in range(1, 6)
    ]
    second = run("render", "-q", "-f", "txt", "--shard", "2/2", "-o", tmp_path / "two", spec)
    assert second.exit_code == 2
    assert second.stderr == f'{tmp_path / "people.csv"}:11: field "name" is required\n'


def test_shards_number_their_letters_as_the_whole_run_does(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = _mailing(tmp_path, [f"Union {i},U{i}\n" for i in range(12)])
    assert run("render", "-q", "-f", "txt", "-o", tmp_path / "all", spec).exit_code == 0
    for k in (1, 2, 3):
        shard = run(
            "render", "-q", "-f", "txt", "--shard", f"{k}/3", "-o", tmp_path / "parts", spec
        )
        assert shard.exit_code == 0, shard.stderr
    whole = {p.name: p.read_text("utf-8") for p in (tmp_path / "all").glob("*.txt")}
    parts = {p.name: p.read_text("utf-8") for p in (tmp_path / "parts").glob("*.txt")}
    assert whole == parts
    assert len(whole) == 12
