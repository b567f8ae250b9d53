"""The reference letter, reproduced from examples/solidarity-2008.yaml."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result

from letterkit.cli import cli
from tests.conftest import EXAMPLE, REFERENCE, ROOT


def collapse(text: str) -> str:
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    return [collapse(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        cli, ["render", "-o", str(out), "-f", "pdf", "-f", "txt", "-f", "html", str(EXAMPLE)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_reference_copy_matches_shared_reference() -> None:
    shared = ROOT.parent / "shared" / "reference" / REFERENCE.name
    if not shared.exists():
        pytest.skip("shared/reference is not beside this checkout")
    assert shared.read_bytes() == REFERENCE.read_bytes()


def test_text_holds_every_reference_paragraph_in_order(rendered: Path) -> None:
    output = paragraphs((rendered / "solidarity-2008.txt").read_text(encoding="utf-8"))
    expected = paragraphs(REFERENCE.read_text(encoding="utf-8"))
    positions = [output.index(p) for p in expected]
    assert positions == sorted(positions)


def test_pdf_holds_the_reference_words_in_order(rendered: Path) -> None:
    reader = pypdf.PdfReader(rendered / "solidarity-2008.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    # A line may break after a hyphen the text already has ("anti-|imperialist").
    words = re.sub(r"-\n", "-", text).split()
    expected = REFERENCE.read_text(encoding="utf-8").split()
    remaining = iter(words)
    missing = [w for w in expected if not any(w == x for x in remaining)]
    assert missing == []
    assert len(reader.pages) == 2


def test_pdf_metadata_comes_from_the_spec(rendered: Path) -> None:
    reader = pypdf.PdfReader(rendered / "solidarity-2008.pdf")
    info = reader.metadata
    assert info is not None
    assert info.title is not None and info.title.startswith("Solidarity Message to: Asian")
    assert info.author == "International Alliance in Support of Workers in Iran"
    assert info.subject is not None and info.subject.startswith("Solidarity Message")
    assert info["/CreationDate"].startswith("D:20080114")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_embeds_the_serif_font_subsetted(rendered: Path) -> None:
    reader = pypdf.PdfReader(rendered / "solidarity-2008.pdf")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Serif" in f for f in fonts), fonts
    assert all(re.match(r"/[A-Z]{6}\+", f) for f in fonts), "fonts are subsetted"


def test_same_spec_gives_the_same_bytes(
    rendered: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    result = run("render", "-o", tmp_path, "-q", EXAMPLE)
    assert result.exit_code == 0
    for name in ("solidarity-2008.pdf", "solidarity-2008.txt"):
        assert (tmp_path / name).read_bytes() == (rendered / name).read_bytes()


def test_text_output_matches_golden(rendered: Path, golden: Callable[[str, str], None]) -> None:
    golden("solidarity-2008.txt", (rendered / "solidarity-2008.txt").read_text("utf-8"))


STYLESHEET = ROOT / "templates" / "letter.css"
EMBEDDED = "<style>\n{}\n</style>"


def test_html_output_matches_golden(rendered: Path, golden: Callable[[str, str], None]) -> None:
    # The golden file holds the markup; the stylesheet is compared with its own file,
    # so a change to the CSS alone does not rewrite the golden HTML.
    html = (rendered / "solidarity-2008.html").read_text("utf-8")
    # The stylesheet is followed by the rule writing the page label in the letter's words.
    label = 'content: "Page " counter(page, decimal) " of " counter(pages, decimal);'
    rule = f"html:root .running-head .page::after {{ {label} }}\n"
    embedded = EMBEDDED.format(STYLESHEET.read_text("utf-8") + "\n" + rule)
    assert html.count(embedded) == 1
    golden("solidarity-2008.html", html.replace(embedded, EMBEDDED.format("/* letter.css */")))


def test_renders_next_to_the_spec_by_default(tmp_path: Path, run: Callable[..., Result]) -> None:
    spec = tmp_path / "letters" / "2008-01-asian-conference.yaml"
    spec.parent.mkdir()
    shutil.copy(EXAMPLE, spec)
    result = run("render", spec)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in spec.parent.iterdir()) == [
        ".letterkit.json",
        "2008-01-asian-conference.pdf",
        "2008-01-asian-conference.txt",
        "2008-01-asian-conference.yaml",
    ]
    assert "wrote" in result.stderr and result.stdout == ""
