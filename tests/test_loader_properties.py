"""Whatever bytes or YAML a spec file holds, loading raises only letterkit's own errors."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.errors import LetterkitError
from letterkit.page import laid_out
from letterkit.render import renderer
from letterkit.spec import parse_spec
from letterkit.spec.yamlfile import decode

PATH = Path("random.yaml")
TEMPLATES = TemplateSet()
FIELDS = [
    "language",
    "date",
    "subject",
    "sender",
    "recipient",
    "event",
    "greeting",
    "apology",
    "position",
    "sign_off",
    "layout",
    "name",
    "short_name",
    "article",
    "address",
    "city",
    "start",
    "end",
    "reasons",
    "slogans",
    "text",
    "closing",
    "kind",
    "aim",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["2008-01-14", "NO", "01234", "en", "fa", "top"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5)
    ),
    max_leaves=25,
)
party = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=10)},
    optional={"short_name": values, "article": values, "address": values},
)
spec_like = st.fixed_dictionaries(
    {"sender": party, "recipient": st.one_of(party, values)},
    optional={name: values for name in FIELDS[:11] if name not in ("sender", "recipient")},
)
yaml_text = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`\t\n ,?~0123456789")), max_size=80
)


def load_and_render(text: str) -> None:
    with contextlib.suppress(LetterkitError):
        spec = parse_spec(PATH, text)
        options = ComposeOptions(today=dt.date(2026, 1, 1))
        letter = compose(spec, PATH, TEMPLATES, options, (PATH.parent,))
        renderer("txt").render(letter)
        renderer("html").render(laid_out(letter))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes(raw: bytes) -> None:
    with contextlib.suppress(LetterkitError):
        load_and_render(decode(PATH, raw))


@settings(max_examples=300, deadline=None)
@given(yaml_text)
def test_random_yaml_text(text: str) -> None:
    load_and_render(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_like)
def test_random_spec_shaped_documents(document: dict[str, Any]) -> None:
    load_and_render(json.dumps(document))
