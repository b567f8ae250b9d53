"""Plain-text wrapping: by display width, never losing or splitting a word."""

from __future__ import annotations

import wcwidth
from hypothesis import given
from hypothesis import strategies as st

from letterkit.render.text import wrap

words = st.text(
    alphabet=st.characters(
        whitelist_categories=["Lu", "Ll", "Lo", "Nd", "Po", "Mn"], max_codepoint=0x2FFFF
    ),
    min_size=1,
    max_size=30,
).filter(lambda w: wcwidth.wcswidth(w) > 0)


@given(st.lists(words, min_size=1, max_size=60), st.integers(min_value=20, max_value=100))
def test_wrapped_lines_fit_and_keep_every_word(items: list[str], width: int) -> None:
    lines = wrap(" ".join(items), width)
    for line in lines:
        assert wcwidth.wcswidth(line) <= width or " " not in line, line
    assert " ".join(lines).split() == " ".join(items).split()


def test_wide_characters_count_twice() -> None:
    text = "労働者 " * 20
    for line in wrap(text, 20):
        assert wcwidth.wcswidth(line) <= 20
    assert len(wrap(text, 20)) == 7  # three 6-cell words and two spaces fill 20 cells


def test_long_address_stands_alone() -> None:
    url = "https://example.org/" + "x" * 80
    assert wrap(f"see {url} now", 40) == ["see", url, "now"]
