"""Inline Markdown: a line without Markdown syntax is taken as it is, as the parser would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from letterkit.compose.markdown import _SPACES, _tidy, blocks, inline, parsed
from letterkit.document import Span

plain = st.text(
    alphabet=st.characters(
        blacklist_characters="\\`*_[]<>&!\0", blacklist_categories=["Cs"], max_codepoint=0x2FFFF
    ),
    min_size=1,
    max_size=80,
)
marked = st.text(alphabet=st.sampled_from("ab *_`[]()<>&!\\#;:/-~é労ا\u00a0"), max_size=40)
escaped = st.lists(st.one_of(plain, st.sampled_from(["\\" + c for c in "\\`*_[]<>&!ab"]))).map(
    "".join
)
wrapped = st.builds(
    lambda mark, text, end: f"{mark}{text}{end}",
    st.sampled_from(["*", "**", "***", "_", "__", "* ", "** "]),
    st.one_of(plain, escaped, marked),
    st.sampled_from(["*", "**", "***", "_", "__", " *", " **", "*."]),
)


@given(plain)
def test_a_line_without_syntax_is_what_the_parser_makes_of_it(text: str) -> None:
    assert inline(text) == parsed(text)


@given(st.one_of(marked, escaped, wrapped))
def test_a_line_with_syntax_is_what_the_parser_makes_of_it(text: str) -> None:
    assert inline(text) == parsed(text)


def test_the_letters_lines_both_ways() -> None:
    plain_line = "Dear Comrade Jim, we send our greetings – from Zürich, 19 January."
    assert inline(plain_line) == (Span(plain_line, False, False, False, None),)
    assert inline("the *great* strike") == (
        Span("the ", False, False, False, None),
        Span("great", True, False, False, None),
        Span(" strike", False, False, False, None),
    )
    assert inline("an\\_escaped underscore") == (
        Span("an_escaped underscore", False, False, False, None),
    )
    (block,) = blocks("plain words\nand a [link](https://example.org)", "body")
    assert block.lines == (
        (Span("plain words", False, False, False, None),),
        (
            Span("and a ", False, False, False, None),
            Span("link", False, False, False, "https://example.org"),
        ),
    )


@given(st.text(alphabet=st.sampled_from(" \t\u00a0\u2009ab\n"), max_size=30))
def test_a_line_is_tidied_as_folding_every_run_of_spaces_would(line: str) -> None:
    assert _tidy(line) == _SPACES.sub(" ", line).strip(" ")
