"""Plain-text wrapping: by display width, never losing or splitting a word."""

from __future__ import annotations

from pathlib import Path

import wcwidth
from hypothesis import given
from hypothesis import strategies as st

from letterkit.render.text import NARROW, wrap

GOLDEN = Path(__file__).parent / "golden"

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


def by_grapheme(text: str, width: int) -> list[str]:
    """What wrap() gives by measuring every chunk with wcwidth, as it does outside NARROW."""
    lines = wcwidth.wrap(
        text, width, break_long_words=False, break_on_hyphens=False, control_codes="ignore"
    )
    return [line.rstrip() for line in lines] or [""]


def narrow_characters() -> list[str]:
    return [chr(c) for c in range(0x2100) if NARROW.fullmatch(chr(c))]


def test_every_narrow_character_is_one_cell_and_no_white_space_but_the_space() -> None:
    chars = narrow_characters()
    assert {"a", "é", "ß", "ł", "–", "—", "’", "„", "…", "€"} <= set(chars)
    for char in chars:
        assert wcwidth.wcwidth(char) == 1, f"U+{ord(char):04X}"
        assert char == " " or (char.isprintable() and not char.isspace()), f"U+{ord(char):04X}"
    for outside in ("\t", "\u00a0", "\u00ad", "\u0301", "\u2009", "\u2066", "労", "ا"):
        assert not NARROW.fullmatch(outside)


narrow_text = st.text(
    alphabet=st.sampled_from([*narrow_characters(), " ", " ", " ", "-", "—"]), max_size=300
)


@given(narrow_text, st.integers(min_value=1, max_value=120))
def test_narrow_text_wraps_as_by_grapheme(text: str, width: int) -> None:
    assert NARROW.fullmatch(text)
    assert wrap(text, width) == by_grapheme(text, width)


@given(st.text(alphabet=st.sampled_from(["a", "é", " ", "-", "…"]), max_size=40))
def test_a_narrow_line_that_fits_is_kept_as_by_grapheme(text: str) -> None:
    for width in (max(len(text), 1), len(text) + 1, 72):
        assert wrap(text, width) == by_grapheme(text, width)


def test_the_golden_letters_wrap_as_by_grapheme_at_every_width() -> None:
    lines = {
        line
        for path in sorted(GOLDEN.rglob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    narrow = [line for line in lines if NARROW.fullmatch(line)]
    assert len(narrow) > 100 and len(lines) > len(narrow) + 100  # both paths taken
    for line in sorted(lines):
        # Joined with its neighbours' words too, so lines are longer than any width.
        text = f"{line} {line} {line}"
        for width in (20, 33, 47, 60, 72, 80, 100):
            assert wrap(text, width) == by_grapheme(text, width), (line, width)
