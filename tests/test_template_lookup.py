"""One template set serves many letters: each letter finds the templates there are now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.spec import load_spec


def _greeting(templates: TemplateSet, path: Path) -> str:
    letter = compose(load_spec(path), path, templates, ComposeOptions(dt.date(2026, 5, 4)), ())
    first = letter.blocks[0]
    return "".join(span.text for line in first.lines for span in line)


def test_a_template_added_between_two_letters_words_the_second(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    path = spec_file()
    folder = tmp_path / "templates"
    (folder / "en").mkdir(parents=True)
    templates = TemplateSet((folder,), tmp_path)
    before = _greeting(templates, path)
    (folder / "en" / "greeting.j2").write_text("Warm greetings from our members.\n", "utf-8")
    after = _greeting(templates, path)
    # The apology follows in the same paragraph.
    assert after.startswith("Warm greetings from our members. ")
    assert not before.startswith("Warm greetings")
    (folder / "en" / "greeting.j2").unlink()
    assert _greeting(templates, path) == before
