"""One template set serves many letters: each letter finds the templates there are now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from letterkit.compose import ComposeOptions
from letterkit.run.worker import Job, Maker
from letterkit.spec import load_spec


def test_a_template_added_between_two_letters_words_the_second(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    path = spec_file()
    folder = tmp_path / "templates"
    (folder / "en").mkdir(parents=True)
    job = Job(0, load_spec(path), path, str(path), ("txt",), templates=(folder,), project=tmp_path)
    maker = Maker(ComposeOptions(dt.date(2026, 5, 4)))  # one template set for every letter

    def text() -> str:
        made = maker.make(job)
        assert made.error is None, made.error
        return made.outputs["txt"].decode("utf-8")

    before = text()
    (folder / "en" / "greeting.j2").write_text("Warm greetings from our members.\n", "utf-8")
    after = text()
    assert "Warm greetings from our members." in after
    assert "Warm greetings" not in before
    (folder / "en" / "greeting.j2").unlink()
    assert text() == before
