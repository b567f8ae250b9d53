"""Templates are sandboxed: Jinja's own escape payloads fail, naming the template and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from letterkit.errors import EXIT_REFUSED
from tests.adversarial.conftest import listing, one_line, pdf_text

# From Jinja's security tests and the fixes for CVE-2024-56326 (an indirect
# call to str.format) and CVE-2025-27516 (str.format reached through |attr).
PAYLOADS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ namespace.__init__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ recipient.items.__self__ }}",
    "{{ sender|attr('__class__') }}",
    '{{ "a{0.__class__}b".format(42) }}',
    '{{ "a{x.__class__}b".format_map({"x": 42}) }}',
    '{% set f = "{0.__class__}".format %}{{ f(1) }}',
    '{{ "{0.__call__.__builtins__}"|attr("format")(joiner) }}',
    "{{ recipient.address.append('x') }}",
    "{{ sender.clear() }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_payload_is_refused(
    payload: str,
    tmp_path: Path,
    spec_file: Callable[..., Path],
    template_dir: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    spec = spec_file()
    templates = template_dir({"greeting.j2": f"Dear all,\n{payload}\n"})
    out = tmp_path / "out"
    result = run("render", "--templates", templates, "-o", out, spec)
    assert result.exit_code == EXIT_REFUSED
    line = one_line(result.stderr)
    assert line.startswith(f"{templates / 'greeting.j2'}:2: refused by the template sandbox: ")
    assert line.endswith(f"(while writing {spec})")
    assert listing(out) == []


def test_check_refuses_the_same_payloads(
    spec_file: Callable[..., Path], template_dir: Callable[..., Path], run: Callable[..., Result]
) -> None:
    templates = template_dir({"sign_off.j2": "{{ lipsum.__globals__ }}\n"})
    result = run("check", "--templates", templates, spec_file())
    assert result.exit_code == EXIT_REFUSED
    assert one_line(result.stderr).startswith(f"{templates / 'sign_off.j2'}:1: refused")


def test_spec_values_are_data_in_every_format(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    name = "{{ 7*7 }} {% if true %}x{% endif %} {{ cycler.__init__ }}"
    prose = "{{ 7*7 }} {% if true %}x{% endif %}"  # prose is Markdown: no underscores
    spec = spec_file({"recipient": {"name": name}, "position": [prose]})
    result = run("render", "-q", "-f", "pdf", "-f", "txt", "-f", "html", spec)
    assert result.exit_code == 0, result.stderr
    pdf = " ".join(pdf_text(tmp_path / "letter.pdf").split())
    for output in (tmp_path / "letter.txt").read_text("utf-8"), pdf:
        assert name in output and prose in output
        assert "49" not in output
    assert name in (tmp_path / "letter.html").read_text("utf-8")
