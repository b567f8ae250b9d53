"""A hostile page layout: a project's letter.html.j2 that tries to escape, read, load or hide.

The layout runs in the sandbox with the letter's budget and sees the document
model only; what it writes is checked before it becomes a page, and letterkit
writes the document around it. Each attempt is refused with one line naming
the layout's file and line, or neutralised: the PDF is still tagged PDF/UA-1
with the letter's language and title.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import Result

from letterkit.errors import EXIT_INVALID, EXIT_REFUSED
from tests.adversarial.conftest import listing, one_line, pdf_text

LAYOUT = (
    '{{% import "letter.macros.html.j2" as part %}}\n'
    '<body class="{{{{ part.body_classes(letter.layout, geometry) }}}}">\n'
    "{payload}\n"
    '<main class="letter">{{{{ part.ending(letter) }}}}</main>\n'
    "</body>\n"
)
"""A layout of the built-in pieces with the payload on line 3."""

REFUSED = {
    # Jinja's escape payloads, and a path's methods, which read files.
    "mro": ("{{ ''.__class__.__mro__ }}", "refused by the layout's sandbox: "),
    "globals": ("{{ cycler.__init__.__globals__ }}", "refused by the layout's sandbox: "),
    "path read": ("{{ letter.layout.base.read_text() }}", "refused by the layout's sandbox: "),
    "path join": (
        "{{ (letter.layout.base / '/etc/passwd').read_text() }}",
        "refused by the layout's sandbox: ",
    ),
    # Markup that runs, loads, frames or hides.
    "file image": (
        '<p><img src="file:///etc/passwd" alt="x"></p>',
        'refused: the layout shows the image "file:///etc/passwd", not one of the letter\'s',
    ),
    "stylesheet link": (
        '<link rel="stylesheet" href="http://example.org/x.css">',
        "refused: the layout writes a <link> element, which a letter may not hold",
    ),
    "script": (
        "<script>alert(1)</script>",
        "refused: the layout writes a <script> element, which a letter may not hold",
    ),
    "iframe": (
        '<iframe src="file:///etc/passwd"></iframe>',
        "refused: the layout writes a <iframe> element, which a letter may not hold",
    ),
    "object": (
        '<object data="file:///etc/passwd"></object>',
        "refused: the layout writes a <object> element, which a letter may not hold",
    ),
    "svg image": (
        '<svg><image href="file:///etc/passwd"/></svg>',
        "refused: the layout writes a <svg> element, which a letter may not hold",
    ),
    "event handler": (
        '<p onclick="steal()">Hi</p>',
        'refused: the layout gives <p> the attribute "onclick", which a letter may not use',
    ),
    "script link": (
        '<p><a href="javascript:alert(1)">Hi</a></p>',
        'refused: the layout links to "javascript:alert(1)", not a web, mail or phone address',
    ),
    "style element": (
        "<style>body { display: none }</style>",
        "refused: the layout writes a <style> element, which a letter may not hold",
    ),
    "html element": (
        '<html lang="">',
        "refused: the layout writes a <html> element, which a letter may not hold",
    ),
    "second title": (
        "<title>Another title</title>",
        "refused: the layout writes a <title> element, which a letter may not hold",
    ),
    "comment": (
        "<!-- <script>alert(1)</script> -->",
        "refused: the layout writes an HTML comment; use a template comment {# ... #}",
    ),
    # Budgets: a loop without end, a value too large to build.
    "endless loop": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "refused: the templates ran longer than the time limit (1 s); is a loop endless?",
    ),
    "huge value": (
        "{{ 'x' * 10 ** 9 }}",
        "refused: the template builds a value of 1000000000 items, over the output limit",
    ),
}

INVALID = {
    # Files outside the layout's own: absolute, relative, through a prefix, a part template.
    "absolute include": ('{% include "/etc/passwd" %}', '"/etc/passwd"'),
    "relative include": ('{% include "../../../etc/passwd" %}', '"../../../etc/passwd"'),
    "prefixed import": (
        '{% import "builtin/../../../../etc/passwd" as x %}',
        '"builtin/../../../../etc/passwd"',
    ),
    "part template": ('{% include "greeting.j2" %}', '"greeting.j2"'),
    # Text the tagged PDF would not mark, and markup the parser would have to guess at.
    "loose text": ("Unmarked words", 'the layout writes the text "Unmarked words" outside any'),
    "unclosed": ("<div><p>Hi</p>", "the layout closes </body> where <div> is open"),
    "bare angle": ("<p>a < b</p>", 'the layout writes a bare "<"'),
    "syntax": ("{% if %}", "template syntax error: "),
}
NOT_ONE_OF_ITS_FILES = "which is not one of its files (the .html.j2 files of the template folders)"


def _render(
    payload: str, template_dir: Callable[..., Path], spec: Path, run: Callable[..., Result]
) -> tuple[Result, Path, Path]:
    templates = template_dir({"letter.html.j2": LAYOUT.format(payload=payload)})
    out = spec.parent / "out"
    result = run(
        "render", "-f", "html", "--time-limit", "1", "--templates", templates, "-o", out, spec
    )
    return result, templates / "letter.html.j2", out


CASES = {
    **{name: (*case, EXIT_REFUSED) for name, case in REFUSED.items()},
    **{name: (*case, EXIT_INVALID) for name, case in INVALID.items()},
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_hostile_layout_fails_at_its_line(
    case: tuple[str, str, int],
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    payload, said, code = case
    spec = spec_file()
    result, layout, out = _render(payload, template_dir, spec, run)
    assert result.exit_code == code, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"{layout}:3"), line
    assert said in line, line
    assert line.endswith(f"(while laying out {spec})"), line
    if "include" in payload or "import" in payload:
        assert NOT_ONE_OF_ITS_FILES in line, line
    assert listing(out) == []


def test_check_refuses_a_hostile_layout_too(
    spec_file: Callable[..., Path], template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    templates = template_dir({"letter.html.j2": LAYOUT.format(payload="<script>1</script>")})
    result = run("check", "--templates", templates, spec_file())
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr).startswith(f"{templates / 'letter.html.j2'}:3:1: refused")


def test_the_gatekeeper_refuses_what_the_layout_styles_in(
    spec_file: Callable[..., Path], template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # An inline style is letter markup; the file it points at is the gatekeeper's to refuse.
    spec = spec_file()
    payload = '<p style="background: url(file:///etc/passwd)">Hi</p>'
    templates = template_dir({"letter.html.j2": LAYOUT.format(payload=payload)})
    out = spec.parent / "out"
    result = run("render", "-f", "pdf", "--templates", templates, "-o", out, spec)
    assert result.exit_code == EXIT_REFUSED, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"{spec}: refused"), line
    assert "/etc/passwd" in line, line
    assert listing(out) == []


BARE = (
    "<body>\n"
    '<div aria-hidden="true"><span lang="xx" dir="rtl">{{ letter.recipient.name }}</span></div>\n'
    "<div><div><span>{{ letter.sender.name }} writes.</span></div></div>\n"
    "</body>\n"
)
"""A layout that leaves out the letterhead, the headings and every attribute letterkit sets."""


def test_a_layout_that_leaves_out_what_letterkit_sets_still_makes_a_pdf_ua_letter(
    spec_file: Callable[..., Path], template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file({"subject": "Solidarity"})
    templates = template_dir({"letter.html.j2": BARE})
    result = run("render", "-f", "pdf", "-f", "html", "--templates", templates, spec)
    assert result.exit_code == 0, result.stderr
    html = spec.with_suffix(".html").read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n')
    assert "<title>Solidarity</title>" in html
    pdf = pypdf.PdfReader(spec.with_suffix(".pdf"))
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert pdf.metadata is not None and pdf.metadata.title == "Solidarity"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp
    assert "Workers' Solidarity Network writes." in pdf_text(spec.with_suffix(".pdf"))
