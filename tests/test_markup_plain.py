"""The layout check's reading of plain markup accepts nothing html.parser's reading refuses."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.document import Letter
from letterkit.errors import LetterkitError
from letterkit.layouts import layout_named
from letterkit.page import markup
from letterkit.page.sandbox import fill
from letterkit.spec import load_spec
from tests.conftest import EXAMPLE, ROOT

PIECES = [
    '<body class="x">', "<body>", "</body>", "<p>", "</p>", '<p class="a b">', "<span>",
    '<span class="nowrap">', "</span>", "<br>", "<em>", "</em>", "text", " ", "\n", "&amp;",
    "&", "&#60;", "&lt", "<", ">", "<!-- c -->", "<!doctype html>", "<?x?>", "<script>",
    "</script>", '<img src="x.png" alt="">', '<a href="https://example.org">', "</a>",
    '<a href="javascript:x">', "<P>", '<p  class="a">', "<p class=a>", "<p/>", "<br/>",
    '<div id="x" style="color: red">', "</div>", '<p onclick="x">', '<p class="a&amp;b">',
    "<form>", '<body lang="en">', "</ p>", "<p\n>", "\u00a0", "x<y",
]  # fmt: skip
"""Markup of every kind the checker meets: plain, refused, and what html.parser reads oddly."""


@functools.cache
def _letter() -> Letter:
    spec = load_spec(EXAMPLE)
    options = ComposeOptions(dt.date(2026, 5, 4))
    return compose(spec, EXAMPLE, TemplateSet((), None), options, (EXAMPLE.parent,))


def _parsed(body: str, letter: Letter) -> None:
    """The check as html.parser reads the body (what check() falls back to)."""
    checker = markup._parser()(letter)
    checker.feed(body)
    checker.close()
    if checker.open or not checker.bodies:
        raise markup._Refusal("left open, or no body", "")


TEXTS = ["text", " ", "\n", "&amp;", "&", "&#60;", "&#x3c;", "&lt", "&;", ">", "\u00a0", "a&b;c"]
TAGS = ["p", "span", "em", "strong", "div", "a", "b"]
ATTRIBUTES = ["", ' class="a b"', ' href="https://example.org"', ' href="x"', ' style=""']
pieces = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
plain = st.recursive(
    st.sampled_from([*TEXTS, "<br>", '<img src="x.png" alt="">']),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map("".join),
        st.builds(
            lambda tag, attribute, content: f"<{tag}{attribute}>{content}</{tag}>",
            st.sampled_from(TAGS),
            st.sampled_from(ATTRIBUTES),
            inner,
        ),
    ),
    max_leaves=12,
)
"""Balanced markup of plain tags around text of every kind."""
bodies = st.one_of(
    pieces,
    pieces.map(lambda inner: f'<body class="x"><p>{inner}</p></body>'),
    plain.map(lambda inner: f'<body class="x">{inner}</body>'),
    plain.map(lambda inner: f'<body class="x"><div>{inner}</div></body>'),
)


@given(bodies)
@example('<body class="x"><p>a &amp; b</p>\n</body>')
@example('<body class="x">text</body>')
def test_markup_read_plainly_is_accepted_only_where_html_parser_accepts_it(body: str) -> None:
    letter = _letter()
    if markup._plainly_accepted(body, letter):
        _parsed(body, letter)  # raises if html.parser's reading refuses it


def test_the_built_in_layout_writes_plain_markup() -> None:
    letter = _letter()
    body = fill(letter.layout, {"letter": letter, "geometry": layout_named("plain")}, letter.name)
    assert markup._plainly_accepted(body, letter)
    markup.check(body, letter)


@pytest.mark.parametrize(
    "body",
    ['<body class="x">loose text</body>', '<body class="x"><p>a</p><!-- c --></body>',
     '<body class="x"><p onclick="x">a</p></body>', '<body class="x"><p>a</body>'],
)  # fmt: skip
def test_what_is_refused_is_refused_in_html_parser_s_words(body: str) -> None:
    letter = _letter()
    assert not markup._plainly_accepted(body, letter)
    with pytest.raises(LetterkitError):
        markup.check(body, letter)


def test_the_built_in_layout_is_checked_without_loading_html_parser() -> None:
    # Plain markup is read by the plain reader alone: html.parser loads for anything else.
    code = """
import datetime as dt, sys
from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.page import laid_out
from letterkit.spec import load_spec
from tests.conftest import EXAMPLE
options = ComposeOptions(dt.date(2026, 5, 4))
laid_out(compose(load_spec(EXAMPLE), EXAMPLE, TemplateSet((), None), options, (EXAMPLE.parent,)))
print("html.parser" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60,
        cwd=ROOT,
    )  # fmt: skip
    assert done.stdout.strip() == "False"
