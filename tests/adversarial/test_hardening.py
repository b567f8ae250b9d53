"""Hardening: hostile inputs and odd file systems give one clear line and the right exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from letterkit.errors import EXIT_INVALID
from tests.adversarial.conftest import one_line, run_installed
from tests.conftest import MINIMAL

STRING_BYTES = 1_000_000


def _string_bomb(aliases: int) -> str:
    """A spec just under the size cap: one long string, repeated by aliases."""
    head = json.dumps({k: MINIMAL[k] for k in ("date", "sender", "recipient")})[1:-1]
    lines = ["{" + head + ",", '"vars": {"big": &b "' + "x" * STRING_BYTES + '",']
    lines += [f'"a{i}": *b,' for i in range(aliases)]
    return "\n".join(lines) + '\n"end": "x"}}\n'


@pytest.mark.parametrize("aliases", [20, 2000])
def test_string_alias_bomb_is_refused_in_one_line(
    aliases: int, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file(text=_string_bomb(aliases))
    result = run_installed("check", spec, timeout=60)
    assert result.returncode == EXIT_INVALID, result.stderr
    assert one_line(result.stderr) == (
        f"{spec}:4:1: vars.a1: the values add up to too much text once aliases are "
        "expanded; is an alias (*name) repeating a long value?"
    )
