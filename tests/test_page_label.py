"""The running header's page label in the letter's language and digits, read from the PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.pdfs import reader

LONG = ["A paragraph of the position statement that goes on for a while. " * 12] * 6
WORDED = {"sender": {"gender": "masculine"}, "recipient": {"gender": "masculine"}}


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("de", "Seite 2 von 2"),
        ("fr", "Page 2 sur 2"),
        ("es", "Página 2 de 2"),
        ("it", "Pagina 2 di 2"),
        ("mr", "२ / २"),
    ],
)
def test_page_label_in_the_language_and_its_digits(
    spec_file: Callable[..., Path], run: Callable[..., Result], language: str, label: str
) -> None:
    changes = {**WORDED, "language": language, "position": LONG, "event": None, "apology": None}
    path = spec_file(changes)
    result = run("render", "-q", "-f", "pdf", path)
    assert result.exit_code == 0, result.output
    pages = reader(path.with_suffix(".pdf")).pages
    assert len(pages) == 2
    assert pages[1].extract_text().splitlines()[-1].endswith(label)


def test_a_project_rewords_the_english_page_label(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    folder = tmp_path / "mine" / "en"
    folder.mkdir(parents=True)
    (folder / "page.j2").write_text("p. {page}/{pages}\n", "utf-8")
    path = spec_file({"position": LONG})
    result = run("render", "-q", "-f", "pdf", "--templates", tmp_path / "mine", path)
    assert result.exit_code == 0, result.output
    assert reader(path.with_suffix(".pdf")).pages[1].extract_text().endswith("p. 2/2")
