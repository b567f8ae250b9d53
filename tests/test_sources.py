"""The spec texts a letter keeps for messages: listed when asked, as they were listed before."""

from __future__ import annotations

import pickle
from pathlib import Path

from letterkit.compose import needs_of
from letterkit.compose.sources import SpecTexts, spec_texts
from letterkit.spec import load_spec

EXAMPLE = Path(__file__).parent.parent / "examples" / "solidarity-2008.yaml"


def test_texts_found_on_first_use_are_the_spec_texts() -> None:
    spec = load_spec(EXAMPLE, {}, None, (EXAMPLE.parent,), needs_of)
    texts = SpecTexts(spec)
    listed = spec_texts(spec)
    assert ("sender.name", spec.sender.name) in listed
    assert texts == listed
    assert list(texts) == list(listed)
    assert len(texts) == len(listed)
    assert texts[0] == listed[0]
    assert hash(texts) == hash(listed)
    assert pickle.loads(pickle.dumps(texts)) == listed
