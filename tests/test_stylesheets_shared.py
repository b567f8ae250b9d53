"""One parse of a letter stylesheet serves letters in every folder, unless it names URLs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from letterkit import api
from letterkit.compose import BUILTIN
from letterkit.render import pdf
from letterkit.render.cssurls import names_url
from letterkit.spec import load_spec
from tests.conftest import MINIMAL

LETTERKIT = str(Path(sys.executable).parent / "letterkit")
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    '<rect width="40" height="40" fill="{}"/></svg>'
)


@pytest.mark.parametrize(
    ("css", "names"),
    [
        ("body { color: red }", False),
        ("/* url(a.png) */ p::before { content: 'url(a.png)' }", False),
        ("body { background: url(a.png) }", True),
        ("body { background: URL( 'a.png' ) }", True),
        (r"body { background: \75 rl(a.png) }", True),
        ("@import 'more.css';", True),
        (r"@\69mport 'more.css';", True),
        ("@media print { p { b: [c (d { e: f(url(x)) })] } }", True),
        ("(" * 50_000, False),
    ],
)
def test_a_stylesheet_names_a_url_as_weasyprint_reads_it(css: str, names: bool) -> None:
    assert names_url(css) is names


def test_the_built_in_stylesheet_names_no_url() -> None:
    assert not names_url((BUILTIN / "letter.css").read_text(encoding="utf-8"))


def _spec_in(folder: Path) -> Path:
    folder.mkdir()
    spec = folder / f"{folder.name}.yaml"
    spec.write_text(json.dumps(MINIMAL), encoding="utf-8")
    return spec


def test_one_parse_of_a_stylesheet_serves_letters_in_every_folder(tmp_path: Path) -> None:
    pdf._STYLESHEETS.clear()
    made = []
    for name in ("a", "b"):
        spec = _spec_in(tmp_path / name)
        made.append(api.make_here(load_spec(spec), spec, ("pdf",), dt.date(2026, 5, 1)))
    assert [m.error for m in made] == [None, None]
    assert len(pdf._STYLESHEETS) == 1
    assert made[0].outputs == made[1].outputs


def _alone(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [LETTERKIT, *map(str, args)],
        env={**os.environ, "LETTERKIT_DAEMON": "off"},
        capture_output=True,
        check=False,
    )


def test_a_stylesheet_with_urls_is_parsed_for_each_folder(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "extra.css").write_text(
        ".letter { background: url(bg.svg) no-repeat; }\n", encoding="utf-8"
    )
    specs = [_spec_in(tmp_path / name) for name in ("a", "b")]
    for name, colour in (("a", "red"), ("b", "blue")):
        (tmp_path / name / "bg.svg").write_text(SVG.format(colour), encoding="utf-8")
    options = ("render", "-q", "-f", "pdf", "--templates", templates)
    together = _alone(*options, "-j", "1", "-o", tmp_path / "together", *specs)
    assert together.returncode == 0, together.stderr
    made = []
    for spec in specs:
        done = _alone(*options, "-o", tmp_path / "alone", spec)
        assert done.returncode == 0, done.stderr
        name = f"{spec.stem}.pdf"
        made.append((tmp_path / "alone" / name).read_bytes())
        assert made[-1] == (tmp_path / "together" / name).read_bytes()
    assert made[0] != made[1]  # each letter has its own folder's image
