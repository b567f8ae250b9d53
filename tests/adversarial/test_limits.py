"""A template that runs forever, writes without end or eats memory is stopped; the others render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from letterkit.errors import EXIT_REFUSED
from tests.adversarial.conftest import listing, one_line

ENDLESS = {
    "nested ranges": "{% for i in range(99999) %}{% for j in range(99999) %}"
    "{% for k in range(99999) %}{% endfor %}{% endfor %}{% endfor %}",
    # No call, lookup or output inside: only the check at the top of each loop body stops it.
    "loops over a list": "{% set xs = range(99999)|list %}{% for i in xs %}{% for j in xs %}"
    "{% for k in xs %}{% endfor %}{% endfor %}{% endfor %}",
}

TOO_BIG = {
    "output": (
        "{% for i in range(99999) %}{{ 'words ' * 100 }}{% endfor %}",
        "the templates wrote more than the output limit (256000 characters)",
    ),
    "repeated string": (
        "{% set s = 'x' * 10**9 %}",
        "the template builds a value of 1000000000 items, over the output limit (256000)",
    ),
    "repeated list": (
        "{% set s = (range(99999)|list) * 99999 %}",
        "the template builds a value of 9999800001 items",
    ),
    "huge power": ("{{ 10 ** 100000000 }}", "the number 10 ** 100000000 is too large"),
    "padded string": ("{% set s = 'x'|center(10**9) %}", "needs more memory than the limit"),
    "doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "needs more memory than the limit (256 MB)",
    ),
    "recursion": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
        "the template calls itself without end",
    ),
}


def _render_bad_and_good(
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
    template: str,
    *options: str,
) -> tuple[Result, Path, Path]:
    """Render a letter whose greeting template is hostile, then a good letter, in one run."""
    bad = spec_file(name="bad.yaml")
    good = spec_file(name="good.yaml")
    hostile = template_dir({"greeting.j2": f"Dear all,\n{template}\n"}, name="hostile")
    out = tmp_path / "out"
    first = run("render", "-f", "txt", "--templates", hostile, *options, "-o", out, bad)
    second = run("render", "-f", "txt", "-o", out, good)
    assert second.exit_code == 0, second.stderr
    return first, hostile / "greeting.j2", out


@pytest.mark.parametrize("template", ENDLESS.values(), ids=ENDLESS.keys())
def test_endless_loop_is_stopped_at_the_time_limit(
    template: str,
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    result, source, out = _render_bad_and_good(
        tmp_path, spec_file, template_dir, run, template, "--time-limit", "0.2"
    )
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr).startswith(
        f"{source}:2: the templates ran longer than the time limit (0.2 s); is a loop endless?"
    )
    assert listing(out) == [".letterkit.json", "good.txt"]


@pytest.mark.parametrize("case", TOO_BIG.values(), ids=TOO_BIG.keys())
def test_template_too_big_is_stopped(
    case: tuple[str, str],
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    template, message = case
    result, source, out = _render_bad_and_good(tmp_path, spec_file, template_dir, run, template)
    assert result.exit_code == EXIT_REFUSED
    line = one_line(result.stderr)
    assert line.startswith(f"{source}:2: ")
    assert message in line
    assert listing(out) == [".letterkit.json", "good.txt"]


def test_one_run_renders_the_letters_beside_a_stopped_one(
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    hostile = template_dir(
        {
            "position.j2": "{% if recipient.name == 'Evil' %}{% for i in range(99999) %}"
            "{{ 'x' * 99 }}{% endfor %}{% endif %}Fine.\n"
        }
    )
    evil = {"recipient": {"name": "Evil"}}
    specs = [
        spec_file(evil, name="a.yaml"),
        spec_file(name="b.yaml"),
        spec_file(evil, name="c.yaml"),
    ]
    result = run("render", "-f", "txt", "--templates", hostile, *specs)
    assert result.exit_code == EXIT_REFUSED
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines if "output limit" in line] == [
        f"{hostile / 'position.j2'}:1"
    ] * 2
    assert listing(tmp_path) == [".letterkit.json", "a.yaml", "b.txt", "b.yaml", "c.yaml"]
    assert "Fine." in (tmp_path / "b.txt").read_text("utf-8")
