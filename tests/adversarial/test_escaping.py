"""HTML is always escaped: markup in spec values or templates is printed, never obeyed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
from click.testing import Result

from tests.adversarial.conftest import pdf_text
from tests.conftest import ROOT

NAME = '<img src="file:///etc/passwd"> & "Friends"'
# canary.png lies beside the spec, where the gatekeeper would allow it: only
# escaping keeps it out of the PDF.
CANARY = '<img src="canary.png"><script>alert(1)</script></title><style>*{color:red}</style>'


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_markup_in_values_and_templates_is_literal_everywhere(
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    shutil.copy(ROOT / "docs" / "solidarity-2008.png", tmp_path / "canary.png")
    spec = spec_file({"recipient": {"name": NAME}, "subject": CANARY})
    templates = template_dir({"greeting.j2": f"Dear all,\n\n{CANARY}\n"})
    result = run(
        "render", "-q", "-f", "pdf", "-f", "txt", "-f", "html", "--templates", templates, spec
    )
    assert result.exit_code == 0, result.stderr

    text = _flat((tmp_path / "letter.txt").read_text("utf-8"))
    pdf = _flat(pdf_text(tmp_path / "letter.pdf"))
    for output in text, pdf:
        assert NAME in output
        assert output.count(CANARY) >= 2  # the subject and the greeting

    reader = pypdf.PdfReader(tmp_path / "letter.pdf")
    assert sum(len(page.images) for page in reader.pages) == 0
    assert reader.metadata is not None and reader.metadata.title == CANARY

    html = (tmp_path / "letter.html").read_text("utf-8")
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp; &#34;Friends&#34;" in html
