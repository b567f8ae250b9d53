"""Recipients from the spec or a data file, validated with file and line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import MINIMAL

BODY = {k: v for k, v in MINIMAL.items() if k != "recipient"}
PEOPLE = [
    {"name": "Congress of South African Trade Unions", "short_name": "COSATU"},
    {"name": "Unifor", "address": ["115 Gordon Baker Rd", "Toronto"]},
    {"name": "Korean Confederation of Trade Unions", "short_name": "KCTU"},
]


def spec_without_recipient(tmp_path: Path) -> Path:
    path = tmp_path / "letter.yaml"
    path.write_text(json.dumps(BODY), "utf-8")
    return path


def texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


def test_recipients_in_the_spec_with_their_own_greeting(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    people = [PEOPLE[0], {**PEOPLE[1], "greeting": {"salutation": "Dear Sisters and Brothers,"}}]
    spec = spec_file({"recipient": None, "recipients": people})
    result = run("render", "-f", "txt", "-o", tmp_path / "out", spec)
    assert result.exit_code == 0, result.stderr
    out = texts(tmp_path / "out")
    assert list(out) == ["letter-COSATU.txt", "letter-Unifor.txt"]
    assert "Dear Comrades," in out["letter-COSATU.txt"]
    assert "Dear Sisters and Brothers," in out["letter-Unifor.txt"]
    assert "Unifor\n115 Gordon Baker Rd\nToronto\n" in out["letter-Unifor.txt"]
    summary = result.stderr.splitlines()[-1]
    assert re.fullmatch(r"2 written, 0 skipped, 0 failed in \d+\.\d s", summary), summary


def test_csv_yaml_and_json_data_give_the_same_letters(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = spec_without_recipient(tmp_path)
    (tmp_path / "people.csv").write_text(
        "name,short_name,address\n"
        "Congress of South African Trade Unions,COSATU,\n"
        'Unifor,,"115 Gordon Baker Rd | Toronto"\n'
        "Korean Confederation of Trade Unions,KCTU,\n",
        "utf-8",
    )
    (tmp_path / "people.json").write_text(json.dumps(PEOPLE), "utf-8")
    yaml = "".join(
        f"- name: {p['name']}\n" + "".join(f"  {k}: {v}\n" for k, v in p.items() if k != "name")
        for p in PEOPLE
    )
    (tmp_path / "people.yaml").write_text(yaml, "utf-8")
    outputs = []
    for data in ("people.csv", "people.json", "people.yaml"):
        out = tmp_path / data.replace(".", "-")
        result = run("render", "-f", "txt", "-o", out, "--data", tmp_path / data, spec)
        assert result.exit_code == 0, result.stderr
        outputs.append(texts(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert list(outputs[0]) == ["letter-COSATU.txt", "letter-KCTU.txt", "letter-Unifor.txt"]


def test_csv_columns_map_onto_nested_fields_and_vars(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps({**BODY, "output_name": "{n}-{vars.region}"}), "utf-8")
    (tmp_path / "p.csv").write_text(
        "name;greeting.salutation;vars.region\nUnifor;Dear friends in Canada,;Americas\n", "utf-8"
    )
    result = run("render", "-f", "txt", "-o", tmp_path / "out", "--data", tmp_path / "p.csv", spec)
    assert result.exit_code == 0, result.stderr
    assert "Dear friends in Canada," in (tmp_path / "out" / "1-Americas.txt").read_text("utf-8")


def test_a_recipients_vars_name_its_file_over_the_specs(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    body = {**BODY, "vars": {"region": "World"}, "output_name": "{vars.region}-{recipient.name}"}
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps(body), "utf-8")
    (tmp_path / "p.csv").write_text("name,vars.region\nUnifor,Americas\nKCTU,\n", "utf-8")
    result = run("render", "-f", "txt", "-o", tmp_path / "out", "--data", tmp_path / "p.csv", spec)
    assert result.exit_code == 0, result.stderr
    out = texts(tmp_path / "out")
    assert list(out) == ["Americas-Unifor.txt", "KCTU.txt"]  # an empty cell is a value
    assert "\nUnifor\n" in out["Americas-Unifor.txt"]


def test_bad_rows_are_reported_with_file_and_line_and_nothing_is_written(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = spec_without_recipient(tmp_path)
    data = tmp_path / "p.csv"
    data.write_text("name,short_nme\nA,x\n,y\nB,\n", "utf-8")
    result = run("render", "-f", "txt", "-o", tmp_path / "out", "--data", data, spec)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'{data}:1: short_nme: unknown column (did you mean "short_name"?)',
        f'{data}:3: field "name" is required',
    ]
    assert not (tmp_path / "out").exists()
    yaml = tmp_path / "p.yaml"
    yaml.write_text("- name: A\n- name: B\n  email: [a, b]\n- just text\n", "utf-8")
    result = run("check", "--data", yaml, spec)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{yaml}:3:10: email: expected text, got a list",
        f"{yaml}:4:3: each entry must be a mapping of recipient fields",
    ]


def test_spec_must_name_its_recipients_one_way(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    both = spec_file({"recipients": PEOPLE[:1]})
    result = run("check", both)
    assert result.exit_code == 2
    assert (
        "recipients: give one of recipient, recipients or data, not recipient too" in result.stderr
    )
    (tmp_path / "p.json").write_text(json.dumps(PEOPLE), "utf-8")
    result = run("check", "--data", tmp_path / "p.json", spec_file())
    assert result.exit_code == 2
    assert "recipient: the recipients come from" in result.stderr


def test_unknown_data_file_kind(tmp_path: Path, run: Callable[..., Result]) -> None:
    spec = spec_without_recipient(tmp_path)
    (tmp_path / "p.xlsx").write_bytes(b"PK")
    result = run("check", "--data", tmp_path / "p.xlsx", spec)
    assert result.exit_code == 2
    assert "unknown kind of data file; name it .csv, .tsv, .yaml, .yml or .json" in result.stderr


def test_spec_names_its_own_data_file_so_check_needs_no_option(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "members.csv").write_text(
        "name,short_name\nCongress of South African Trade Unions,COSATU\nUnifor,UNIFOR\n", "utf-8"
    )
    spec = tmp_path / "letter.yaml"
    spec.write_text(json.dumps({**BODY, "data": "members.csv"}), "utf-8")
    assert run("check", spec).stderr == "2 letters OK\n"
    result = run("render", "-f", "txt", spec)
    assert result.exit_code == 0, result.stderr
    assert sorted(texts(tmp_path)) == ["letter-COSATU.txt", "letter-UNIFOR.txt"]
    (tmp_path / "members.csv").write_text("short_name\nX\n", "utf-8")
    result = run("check", spec)
    assert (result.exit_code, result.stderr) == (
        2,
        f'{tmp_path / "members.csv"}:2: field "name" is required\n',
    )


def test_data_key_and_recipient_together_are_refused(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    result = run("check", spec_file({"data": "members.csv"}))
    assert result.exit_code == 2
    assert "data: give one of recipient, recipients or data, not recipient too" in result.stderr


def test_a_mailing_read_in_chunks_names_every_bad_row_and_clash_before_any_letter(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # Rows are planned a chunk at a time: a problem in the last chunk still stops the first.
    from letterkit.run.plan import CHUNK  # noqa: PLC0415 -- the size the rows are read in

    spec = spec_without_recipient(tmp_path)
    rows = [f"Union {i},U{i}" for i in range(2 * CHUNK + 10)]
    last = len(rows) - 1
    bad = rows.copy()
    bad[1], bad[last] = ",nameless", ",nameless too"
    data = tmp_path / "bad.csv"
    data.write_text("name,short_name\n" + "\n".join(bad) + "\n", "utf-8")
    out = tmp_path / "out"
    result = run("render", "-f", "txt", "-o", out, "--data", data, spec)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'{data}:3: field "name" is required',
        f'{data}:{last + 2}: field "name" is required',
    ]
    assert not out.exists()
    clash = rows.copy()
    clash[last] = f"Union 3 again,{rows[3].split(',')[1].lower()}"
    data.write_text("name,short_name\n" + "\n".join(clash) + "\n", "utf-8")
    named = tmp_path / "named.yaml"
    named.write_text(json.dumps({**BODY, "output_name": "{recipient.short_name}"}), "utf-8")
    result = run("render", "-f", "txt", "-o", out, "--data", data, named)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{named}: {data}:5 (U3) and {data}:{last + 2} (u3) would both be written to u3.txt; "
        'make output_name tell them apart, e.g. output_name: "{stem}-{n}"'
    ]
    assert not out.exists()
    data.write_text("name,short_name\n" + "\n".join(rows) + "\n", "utf-8")
    result = run("render", "-f", "txt", "-o", out, "--data", data, spec)
    assert result.exit_code == 0, result.stderr
    assert len(list(out.glob("*.txt"))) == len(rows)
