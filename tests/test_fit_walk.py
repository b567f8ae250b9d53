"""The fit check's one walk of a typeset page: every box once, each before those inside it."""

from __future__ import annotations

from typing import Any

import weasyprint

from letterkit.render.fit import _kind, _Page

HTML = """<body><header class="letterhead"><div class="name">IASWI</div></header>
<div style="position: absolute; top: 40mm"><p class="recipient">A <em>b</em> c</p></div>
<main>{}</main></body>"""


def _preorder(box: Any) -> list[Any]:
    """The boxes as a recursive walk meets them."""
    return [box, *(b for child in getattr(box, "children", ()) or () for b in _preorder(child))]


def _root(body: str) -> Any:
    document = weasyprint.HTML(string=HTML.format(body)).render()
    return document.pages[0]._page_box


def test_the_walk_meets_every_box_in_order_and_knows_what_each_holds() -> None:
    root = _root("<p>One <strong>two</strong> three</p>" * 3)
    page = _Page(root)
    assert page.boxes == _preorder(root)
    assert "AbsolutePlaceholder" not in page.kinds, "a placeholder counts as the box it places"
    for at, box in enumerate(page.boxes):
        assert page.boxes[at : page.ends[at]] == _preorder(box)
    lines = page.inside(0, "LineBox")
    assert [page.kinds[i] for i in lines] == ["LineBox"] * len(lines)
    assert lines == [i for i, b in enumerate(_preorder(root)) if _kind(b) == "LineBox"]


def test_the_first_box_of_each_class_is_found() -> None:
    page = _Page(_root(""))
    recipient = page.find("recipient")
    assert recipient is not None
    assert page.boxes[recipient].element.get("class") == "recipient"
    assert page.find("return") is None
