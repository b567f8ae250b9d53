"""Hostile YAML is refused quickly, with one line naming where, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from letterkit.errors import EXIT_INVALID
from letterkit.spec.yamlfile import MAX_BYTES
from tests.adversarial.conftest import listing, one_line

LAUGHS = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
)

HOSTILE = {
    "billion laughs": (LAUGHS, "1:17: the document is too large (over 100000 values"),
    "deep flow": ("sender: " + "[" * 5000 + "]" * 5000, "1:41: values are nested more than 32"),
    "deep block": (
        "".join("  " * i + f"k{i}:\n" for i in range(200)),
        "33:65: values are nested more than 32 levels deep",
    ),
    "python object": (
        "sender: !!python/object/apply:os.system ['touch {tmp}/pwned']\n",
        '1:9: unsupported YAML tag "!!python/object/apply:os.system"; remove it',
    ),
    "python name": (
        "sender:\n  name: !!python/name:os.system\n",
        '2:9: unsupported YAML tag "!!python/name:os.system"',
    ),
    "python new": (
        "recipient: !!python/object/new:subprocess.Popen [[touch, '{tmp}/pwned']]\n",
        '1:12: unsupported YAML tag "!!python/object/new:subprocess.Popen"',
    ),
    "local tag": ("sender: !include /etc/passwd\n", '1:9: unsupported YAML tag "!include"'),
    "binary": ("sender: !!binary aGk=\n", '1:9: unsupported YAML tag "!!binary"'),
    "merge key": (
        "base: &b {name: A}\nsender:\n  <<: *b\n",
        '3:3: merge keys ("<<") are not supported',
    ),
}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_yaml_is_refused(
    case: tuple[str, str],
    tmp_path: Path,
    spec_file: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    text, message = case
    spec = spec_file(text=text.replace("{tmp}", str(tmp_path)), name="hostile.yaml")
    result = run("render", spec)
    assert result.exit_code == EXIT_INVALID
    assert one_line(result.stderr).startswith(f"{spec}:{message}")
    assert listing(tmp_path) == ["hostile.yaml"]


def test_huge_file_is_refused_unread(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file(text="sender: {name: A}\n# " + "x" * MAX_BYTES, name="huge.yaml")
    result = run("render", spec)
    assert result.exit_code == EXIT_INVALID
    assert one_line(result.stderr) == (
        f"{spec}: the file is larger than {MAX_BYTES} bytes, the most a spec may be; is it a spec?"
    )
    assert listing(tmp_path) == ["huge.yaml"]


def test_redefined_anchor_is_plain_yaml(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    text = "sender: {name: &n A}\nrecipient: {name: &n B, short_name: *n}\n"
    result = run("render", "-f", "txt", spec_file(text=text))
    assert result.exit_code == 0, result.stderr
    assert "B (B)" in (tmp_path / "letter.txt").read_text("utf-8")
