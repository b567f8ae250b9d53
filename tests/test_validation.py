"""Every kind of spec mistake: one line per problem, exact position, exit 2, nothing written."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

VALID = """\
date: 2026-05-01
sender:
  name: Workers' Solidarity Network
recipient:
  name: COSATU
  article: no
"""


@pytest.fixture
def fails(tmp_path: Path, run: Callable[..., Result]) -> Callable[..., list[str]]:
    """Render a spec that must be rejected; return its stderr lines without the file name."""

    def render(text: str | bytes, *args: str) -> list[str]:
        spec = tmp_path / "spec.yaml"
        spec.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        before = sorted(p.name for p in tmp_path.iterdir())
        result = run("render", *args, spec)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing is written"
        lines = result.stderr.splitlines()
        assert all(line.startswith(f"{spec}:") for line in lines), lines
        return [line.removeprefix(f"{spec}:") for line in lines]

    return render


def test_unknown_key_with_suggestion(fails: Callable[..., list[str]]) -> None:
    assert fails(VALID + "sign_of:\n  valediction: x\n") == [
        '7:1: sign_of: unknown key (did you mean "sign_off"?)'
    ]


def test_unknown_nested_key_without_close_match(fails: Callable[..., list[str]]) -> None:
    assert fails(VALID + "  colour: red\n") == ["7:3: recipient.colour: unknown key"]


def test_missing_required_field_names_its_mapping(fails: Callable[..., list[str]]) -> None:
    text = "sender:\n  name: A\nrecipient:\n  short_name: B\n"
    assert fails(text) == ['3:1: recipient: field "name" is required']


def test_missing_top_level_field(fails: Callable[..., list[str]]) -> None:
    assert fails("sender:\n  name: A\n") == [
        '1:1: field "recipient" is required (or recipients:, or data: FILE)'
    ]


def test_wrong_types_say_what_was_expected(fails: Callable[..., list[str]]) -> None:
    text = VALID + "position:\n  first: paragraph\nsign_off:\n  slogans: {a: b}\n"
    assert fails(text) == [
        "8:3: position: expected text or a list of paragraphs, got a mapping",
        "10:12: sign_off.slogans: expected a list, got a mapping",
    ]


def test_yes_no_and_choices(fails: Callable[..., list[str]]) -> None:
    text = VALID.replace("article: no", "article: maybe") + "layout:\n  date: botom\n"
    assert fails(text) == [
        '6:12: recipient.article: expected yes or no (true or false), got "maybe"',
        '8:9: layout.date: expected one of "top" or "bottom", got "botom"',
    ]


def test_duplicate_keys_name_both_lines(fails: Callable[..., list[str]]) -> None:
    text = VALID + "subject: One\nsubject: Two\n"
    assert fails(text) == ['8:1: duplicate key "subject" (first given on line 7); keep one']


def test_every_problem_is_reported_at_once(fails: Callable[..., list[str]]) -> None:
    text = "sender:\n  nam: A\nrecipient: B\nlayout:\n  text_width: wide\nsubject: [a]\n"
    assert fails(text) == [
        '1:1: sender: field "name" is required',
        '2:3: sender.nam: unknown key (did you mean "name"?)',
        '3:12: recipient: expected a mapping of fields, got "B"',
        '5:15: layout.text_width: expected a whole number, got "wide"',
        "6:10: subject: expected text, got a list",
    ]


def test_problems_are_capped(fails: Callable[..., list[str]]) -> None:
    text = VALID + "".join(f"unknown_{i}: x\n" for i in range(60))
    lines = fails(text)
    assert len(lines) == 51
    assert lines[-1] == " ... and 10 more problems"


def test_impossible_date(fails: Callable[..., list[str]]) -> None:
    assert fails(VALID.replace("2026-05-01", "2026-02-30")) == [
        '1:7: date: "2026-02-30" looks like a date but is not a real one (YYYY-MM-DD)'
    ]


MALFORMED = [
    (
        "sender:\n  name: A\n   recipient: B\n",
        "3:13: YAML syntax error: a colon and a space "
        '(": ") inside a value; put the whole value in quotes',
    ),
    (
        "subject: Message to: Conference\n",
        "1:20: YAML syntax error: a colon and a space "
        '(": ") inside a value; put the whole value in quotes',
    ),
    ("sender: [A, B\n", "1:9: YAML syntax error: this [ is not closed with ] before line 2"),
    (
        "sender: {name: A\nrecipient: {name: B}\n",
        "1:9: YAML syntax error: this { is not closed with } before line 2",
    ),
    (
        'sender:\n  name: "A\nrecipient:\n  name: B\n',
        "2:9: YAML syntax error: this quote is never closed",
    ),
    (
        "sender:\n  name: A\n recipient: x\n",
        "3:2: YAML syntax error: this line is not "
        "indented like the lines above it; line up keys of the same block with the same number "
        "of spaces",
    ),
    (
        "sender:\n\tname: A\n",
        "2:1: YAML syntax error: a tab character; indent with spaces, not tabs",
    ),
    (b"sender:\n  name: \xff\n", "2:9: the file is not valid UTF-8; save it as UTF-8"),
    ("", " the file is empty; a spec needs at least sender and recipient"),
    (
        "- a\n- b\n",
        "1:1: a spec is a mapping of keys (sender:, recipient:, ...), not a single value or a list",
    ),
    (VALID + "---\nsender: x\n", "8:1: the file holds several YAML documents (---); keep one"),
    (
        'sender: {name: "\\ud800"}\n',
        "1:16: sender.name: contains a lone surrogate escape "
        "(\\uD800-\\uDFFF), which is not a character; remove it",
    ),
    (
        VALID + "x: !!python/object:os.system y\n",
        '7:4: unsupported YAML tag "!!python/object:os.system"; remove it',
    ),
]


@pytest.mark.parametrize(("text", "expected"), MALFORMED)
def test_malformed_yaml_is_one_line(
    fails: Callable[..., list[str]], text: str | bytes, expected: str
) -> None:
    assert fails(text) == [expected]


def test_yaml_11_traps_keep_the_text(run: Callable[..., Result], tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        VALID.replace("name: COSATU", "name: NO\n  short_name: 01234")
        + "event:\n  name: Norway meeting\n  country: NO\n  city: 2008-01-14\n"
        "  dates: 1e3\n",
        "utf-8",
    )
    result = run("render", "-f", "txt", "-o", "-", spec)
    assert result.exit_code == 0, result.stderr
    assert (
        "to NO (01234) and the Norway meeting that is taking place on 1e3, "
        "in 2008-01-14, NO." in " ".join(result.stdout.split())
    )


def test_template_syntax_error_names_file_and_line(
    run: Callable[..., Result], tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    (tmp_path / "tpl" / "en").mkdir(parents=True)
    (tmp_path / "tpl" / "en" / "greeting.j2").write_text("Hello\n{% if %}\n", "utf-8")
    result = run("render", "--templates", tmp_path / "tpl", spec_file())
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path / 'tpl' / 'en' / 'greeting.j2'}:2: template syntax "
        "error: Expected an expression, got 'end of statement block'\n"
    )


def test_undefined_variable_names_it_the_template_and_the_letter(
    run: Callable[..., Result], tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    (tmp_path / "tpl" / "en").mkdir(parents=True)
    template = tmp_path / "tpl" / "en" / "sign_off.j2"
    template.write_text("Yours,\n{{ sender.name }}\n{{ sender.fax }}\n", "utf-8")
    spec = spec_file()
    result = run("check", "--templates", tmp_path / "tpl", spec)
    assert result.exit_code == 2
    assert result.stderr == (
        f'{template}:3: the template uses "fax", which this letter does '
        f"not provide (while writing {spec})\n"
    )


def test_empty_field_is_never_printed_blank(
    run: Callable[..., Result], tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    (tmp_path / "tpl" / "en").mkdir(parents=True)
    template = tmp_path / "tpl" / "en" / "greeting.j2"
    template.write_text("Dear {{ recipient.email }},\n", "utf-8")
    result = run("render", "--templates", tmp_path / "tpl", spec_file())
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{template}:1: the template prints a field this letter leaves empty"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.yaml", "tpl"]


def test_invalid_spec_leaves_earlier_outputs_untouched(
    run: Callable[..., Result], tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file()
    assert run("render", "-f", "txt", spec).exit_code == 0
    output = tmp_path / "letter.txt"
    before = (output.read_bytes(), output.stat().st_mtime_ns)
    spec.write_text(spec.read_text("utf-8").replace('"sender"', '"sendr"'), "utf-8")
    assert run("render", "-f", "txt", spec).exit_code == 2
    assert (output.read_bytes(), output.stat().st_mtime_ns) == before


def test_check_reports_ok_and_problems(
    run: Callable[..., Result], spec_file: Callable[..., Path]
) -> None:
    good = spec_file(name="good.yaml")
    result = run("check", good)
    assert (result.exit_code, result.stderr) == (0, "1 letter OK\n")
    bad = spec_file(text="sender: {name: A}\nrecipient: {name: B, fax: 1}\n", name="bad.yaml")
    result = run("check", good, bad)
    assert result.exit_code == 2
    assert result.stderr == f"{bad}:2:22: recipient.fax: unknown key\n"
    assert sorted(p.name for p in good.parent.iterdir()) == ["bad.yaml", "good.yaml"]


def test_debug_shows_a_traceback_for_bug_reports(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("sender: {name: A}\n", "utf-8")
    command = [str(Path(sys.executable).parent / "letterkit")]
    plain = subprocess.run(
        [*command, "check", str(spec)], capture_output=True, text=True, check=False
    )
    debug = subprocess.run(
        [*command, "--debug", "check", str(spec)], capture_output=True, text=True, check=False
    )
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    assert "SpecError" in debug.stderr


@pytest.mark.parametrize("name", ["en/greeting.j2", "extra.css", "letter.css"])
def test_template_or_stylesheet_not_in_utf8_is_named(
    run: Callable[..., Result], tmp_path: Path, spec_file: Callable[..., Path], name: str
) -> None:
    bad = tmp_path / "tpl" / name
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"Caf\xe9\n")
    result = run("render", "--templates", tmp_path / "tpl", spec_file())
    assert result.exit_code == 2
    assert result.stderr == f"{bad}: the file is not valid UTF-8; save it as UTF-8\n"


def test_one_item_lists_and_choices_in_any_case(run: Callable[..., Result], tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        VALID + "layout: {page_size: A4, date: Bottom}\nsign_off:\n  slogans: "
        "Amandla!\napology:\n  reasons: illness\n",
        "utf-8",
    )
    result = run("render", "-f", "txt", "-o", "-", spec)
    assert result.exit_code == 0, result.stderr
    assert "due to illness," in result.stdout
    assert result.stdout.endswith(
        "Amandla!\n\nIn solidarity,\nWorkers' Solidarity Network\nMay 1, 2026\n"
    )


def test_empty_value_is_reported_at_its_key(fails: Callable[..., list[str]]) -> None:
    assert fails(VALID + "position:\n") == [
        "7:1: position: expected text or a list of paragraphs, got nothing"
    ]


def test_a_value_of_no_break_spaces_alone_is_empty(fails: Callable[..., list[str]]) -> None:
    spec = VALID.replace("name: COSATU", 'name: "\\u00a0\\u2009"')
    assert fails(spec) == ["5:9: recipient.name: is empty; write a value or remove the key"]
