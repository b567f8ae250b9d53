"""--report json and --report github: what happened to each letter, for programs and CI."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from letterkit.errors import SpecError
from letterkit.run.report import Record, Spilled, failed

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


def test_a_rerun_reports_every_letter_current_with_the_outputs_it_wrote(
    spec_file: Callable[..., Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    # The second run is done from the plan the first one kept, its records spilled.
    spec = spec_file({"recipient": None, "data": "people.csv"})
    (tmp_path / "people.csv").write_text("name,short_name\nUnifor,UNIFOR\nCGT,CGT\n", "utf-8")
    args = ("render", "-f", "txt", "-f", "html", "-o", tmp_path / "out", "--report", "json", spec)
    first = json.loads(run(*args).stdout)
    again = json.loads(run(*args).stdout)
    assert [x["status"] for x in first["letters"]] == ["written", "written"]
    assert [x["status"] for x in again["letters"]] == ["current", "current"]
    assert [x["outputs"] for x in again["letters"]] == [x["outputs"] for x in first["letters"]]
    assert [x["recipient"] for x in again["letters"]] == ["Unifor", "CGT"]
    assert (again["made"], again["skipped"], again["ok"]) == (0, 2, True)


def test_spilled_records_come_back_in_order_a_failed_one_itself() -> None:
    spilled = Spilled(held=0)  # every record goes to the file
    error = SpecError("x.yaml: recipient: missing")
    records = [
        Record("a.yaml", "Unifor", "written", (("out/a-\udcff.txt", "ab" * 32),)),
        failed(error, "a.yaml", "CGT"),
        Record("b.yaml", None, "current", (("out/b.txt", None),)),
    ]
    for record in records:
        spilled.append(record)
    back = list(spilled)
    assert back == records and len(spilled) == 3
    assert back[1] is records[1]  # its problems are the run's failures, by identity
    spilled.append(records[0])
    assert list(spilled) == [*records, records[0]]
