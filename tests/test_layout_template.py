"""The page layout is a template like the others: a project's letter.html.j2 overrides it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

OWN_LAYOUT = """\
{% import "builtin/letter.macros.html.j2" as part %}
<body class="{{ part.body_classes(letter.layout, geometry) }}">
{{ part.letterhead(letter.sender, letter.co_senders, letter.layout.direction) }}
{{ part.address_field(letter, geometry) }}
<p class="reference">Our reference: {{ letter.recipient.short_name }}</p>
<main class="letter">
{% for block, keep in kept(letter.blocks) %}
{{ part.block(block, keep) }}
{% endfor %}
{{ part.ending(letter) }}
</main>
</body>
"""


def test_a_project_layout_replaces_the_built_in_one_and_keeps_its_pieces(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "letter.html.j2").write_text(OWN_LAYOUT, "utf-8")
    spec = spec_file()
    result = run("render", "-f", "html", "-f", "pdf", "--templates", templates, spec)
    assert result.exit_code == 0, result.stderr
    html = spec.with_suffix(".html").read_text("utf-8")
    assert '<p class="reference">Our reference: COSATU</p>' in html
    assert '<header class="letterhead"><div class="identity"><div class="name">' in html
    assert '<div class="running-head"' not in html, "this layout has no running header"
    assert '<p class="paragraph part-position">We stand with you.</p>' in html

    listed = run("templates", "--templates", templates, spec)
    assert listed.exit_code == 0, listed.stderr
    [line] = [line for line in listed.stdout.splitlines() if "letter.html.j2" in line]
    assert str(templates) in line and "built-in" in line, "it names what it overrides"
    assert any("letter.macros.html.j2" in line for line in listed.stdout.splitlines())
