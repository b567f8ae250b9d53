"""Hostile or odd mail-merge data files: refused with where, or read in full, never hung."""

from __future__ import annotations

import json
import os
from pathlib import Path

from letterkit.errors import EXIT_INVALID
from tests.adversarial.conftest import one_line, run_installed
from tests.conftest import MINIMAL

BODY = {k: v for k, v in MINIMAL.items() if k != "recipient"}


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps(BODY), "utf-8")
    return spec


def test_unclosed_quote_in_csv_is_refused_at_its_row(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    data.write_text('name,short_name\nUnifor,"UNIF\nKCTU,KCTU\nCOSATU,COSATU\n', "utf-8")
    result = run_installed("check", "--data", data, _spec(tmp_path))
    assert result.returncode == EXIT_INVALID
    assert one_line(result.stderr) == (
        f'{data}:2: CSV syntax error: a quote (") in this row is never closed; close it, '
        'or write "" for a quote'
    )


def test_duplicate_json_key_is_refused_with_its_line(tmp_path: Path) -> None:
    data = tmp_path / "people.json"
    data.write_text('[\n {"name": "Unifor",\n  "name": "KCTU"}\n]\n', "utf-8")
    result = run_installed("check", "--data", data, _spec(tmp_path))
    assert result.returncode == EXIT_INVALID
    assert one_line(result.stderr) == (
        f'{data}:3:3: duplicate key "name" (first given on line 2); keep one'
    )


def test_large_honest_json_list_is_accepted(tmp_path: Path) -> None:
    # Over 100,000 values, the cap of a spec, without a single alias.
    rows = [{"name": f"Union {i}", "vars": {"tags": ["a"] * 100}} for i in range(1000)]
    data = tmp_path / "people.json"
    data.write_text(json.dumps(rows), "utf-8")
    result = run_installed("check", "--data", data, _spec(tmp_path), timeout=120)
    assert (result.returncode, result.stderr) == (0, "1000 letters OK\n")


def test_fifo_as_data_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    os.mkfifo(data)
    result = run_installed("check", "--data", data, _spec(tmp_path), timeout=30)
    assert result.returncode == EXIT_INVALID
    assert one_line(result.stderr) == f"{data}: is not a regular file; a data file must be one"
