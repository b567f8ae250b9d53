"""--report json and --report github: what happened to each letter, for programs and CI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

BAD = "sender: {name: WSN}\nrecipient: {nme: COSATU}\n"


def test_render_reports_each_letter_with_its_outputs_and_problems(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    good = spec_file(name="good.yaml")
    bad = spec_file(text=BAD, name="bad.yaml")
    out = tmp_path / "out"
    result = run("render", "-f", "txt", "-o", out, "--report", "json", good, bad)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    written, failed = report["letters"]
    assert written["spec"] == str(good)
    assert written["recipient"] == "Congress of South African Trade Unions"
    assert written["status"] == "written"
    text = out / "good.txt"
    assert written["outputs"] == [
        {"path": str(text), "sha256": hashlib.sha256(text.read_bytes()).hexdigest()}
    ]
    assert failed["status"] == "failed"
    assert failed["problems"][1] == {
        "file": str(bad),
        "line": 2,
        "column": 13,
        "message": 'recipient.nme: unknown key (did you mean "name"?)',
        "text": f'{bad}:2:13: recipient.nme: unknown key (did you mean "name"?)',
    }
    assert (report["made"], report["failed"], report["ok"]) == (1, 1, False)
    again = json.loads(run("render", "-f", "txt", "-o", out, "--report", "json", good).stdout)
    assert again["letters"][0]["status"] == "current"
    assert again["letters"][0]["outputs"] == written["outputs"]


def test_check_reports_github_annotations_on_the_lines(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    bad = spec_file(text=BAD, name="bad.yaml")
    result = run("check", "--report", "github", bad)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f'::error file={bad},line=2,col=1::recipient: field "name" is required',
        f'::error file={bad},line=2,col=13::recipient.nme: unknown key (did you mean "name"?)',
    ]


def test_doctor_reports_json(run: Callable[..., Result]) -> None:
    result = run("doctor", "--report", "json")
    report = json.loads(result.stdout)
    assert report["versions"]["WeasyPrint"]
    assert {"script": "Latin", "language": "en", "needed": True}.items() <= report["scripts"][
        0
    ].items()
    assert result.exit_code == (0 if report["ok"] else 1)
