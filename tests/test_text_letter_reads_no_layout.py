"""A text letter is never laid out as a page, so its layout template and stylesheet go unread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from msgspec.structs import replace

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.document import Letter
from letterkit.run.worker import Job, Made, Maker
from letterkit.spec import load_spec
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
TODAY = dt.date(2026, 5, 4)


def _composed(lay_out: bool) -> Letter:
    options = replace(ComposeOptions(TODAY), lay_out=lay_out)
    return compose(load_spec(EXAMPLE), EXAMPLE, TemplateSet(), options, (EXAMPLE.parent,))


def test_a_letter_to_lay_out_carries_its_layout_and_stylesheet() -> None:
    layout = _composed(True).layout
    assert layout.page_template[0].name == "letter.html.j2"
    assert "@page" in layout.stylesheet


def test_a_text_letter_carries_neither_and_says_the_same() -> None:
    paged, text = _composed(True), _composed(False)
    assert text.layout.page_template == () and text.layout.stylesheet == ""
    assert replace(text, layout=paged.layout) == paged


def test_a_broken_layout_template_does_not_fail_a_text_letter(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "letter.html.j2").write_text("{% if %}", "utf-8")
    maker = Maker(ComposeOptions(TODAY))
    spec = load_spec(EXAMPLE)

    def made(formats: tuple[str, ...]) -> Made:
        roots = (EXAMPLE.parent,)
        job = Job(0, spec, EXAMPLE, str(EXAMPLE), formats, templates=(folder,), roots=roots)
        return maker.make(job)

    text = made(("txt",))
    assert text.error is None
    assert text.outputs["txt"].startswith(b"International Alliance")
    assert made(("html",)).error is not None
