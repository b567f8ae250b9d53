"""Direction: right-to-left languages mirror the layout; mixed-direction values are isolated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from letterkit.compose.bidi import FSI, PDI, isolate
from letterkit.compose.environment import _isolated
from tests.conftest import EXAMPLE

ENGLISH_NAME = "All Pakistan Trade Union Federation (APTUF)"


@pytest.mark.parametrize(
    ("language", "direction"),
    [("fa", "rtl"), ("ar", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ps", "rtl"), ("hi", "ltr")],
)
def test_html_carries_language_and_direction(
    language: str,
    direction: str,
    spec_file: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    # Arabic and Urdu verbs agree with the event's gender, so the spec gives it.
    path = spec_file({"language": language, "apology": None, "event": {"gender": "masculine"}})
    result = run("render", "-f", "html", "-o", "-", path)
    assert result.exit_code == 0, result.output
    assert f'<html lang="{language}" dir="{direction}">' in result.stdout


def test_values_against_the_letters_direction_are_isolated() -> None:
    assert isolate(ENGLISH_NAME, "rtl") == f"{FSI}{ENGLISH_NAME}{PDI}"
    assert isolate("اتحاد", "ltr") == f"{FSI}اتحاد{PDI}"
    assert isolate("اتحاد ۱۲", "rtl") == "اتحاد ۱۲"
    assert isolate(ENGLISH_NAME, "ltr") == ENGLISH_NAME, "English letters carry no marks"


@given(st.text(max_size=20), st.sampled_from(["ltr", "rtl"]))
def test_template_values_are_isolated_as_isolate_does(text: str, direction: str) -> None:
    assert _isolated(text, direction) == isolate(text, direction)
    ascii_text = text.encode("ascii", "replace").decode()
    assert _isolated(ascii_text, direction) == isolate(ascii_text, direction)


def test_a_persian_template_isolates_an_english_name(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    templates = tmp_path / "templates" / "fa"
    templates.mkdir(parents=True)
    (templates / "greeting.j2").write_text(
        "درود گرم ما را به {{ recipient | named }} و ۱۲ عضو آن بپذیرید.\n", "utf-8"
    )
    path = spec_file(
        {
            "language": "fa",
            "recipient": {"name": "All Pakistan Trade Union Federation", "short_name": "APTUF"},
        }
    )
    result = run(
        "render", "-f", "txt", "-o", "-", "-w", "1000", "--templates", tmp_path / "templates", path
    )
    assert result.exit_code == 0, result.output
    assert f"درود گرم ما را به {FSI}{ENGLISH_NAME}{PDI} و ۱۲ عضو آن بپذیرید." in result.stdout


def test_english_letters_carry_no_isolates(run: Callable[..., Result]) -> None:
    result = run("render", "-f", "txt", "-o", "-", EXAMPLE)
    assert FSI not in result.stdout and PDI not in result.stdout
