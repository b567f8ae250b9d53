"""Image paths in a spec are checked when it loads, with the position of the path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

HEAD = """\
sender:
  name: WSN
  logo: {logo}
recipient:
  name: COSATU
"""


def _fails(tmp_path: Path, run: Callable[..., Result], text: str) -> str:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("render", spec)
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing written"
    return result.stderr.removeprefix(f"{spec}:")


def test_missing_logo_is_reported_at_its_path(tmp_path: Path, run: Callable[..., Result]) -> None:
    assert _fails(tmp_path, run, HEAD.format(logo="logo.png")) == (
        '3:9: sender.logo: no image file "logo.png"; paths are relative to the spec\'s folder\n'
    )


def test_logo_that_is_no_image_kind_we_take(tmp_path: Path, run: Callable[..., Result]) -> None:
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    assert _fails(tmp_path, run, HEAD.format(logo="logo.gif")) == (
        '3:9: sender.logo: "logo.gif" is not a PNG, JPEG or SVG file (.png, .jpg, .jpeg, .svg)\n'
    )


def test_signature_given_with_alt_is_checked_too(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    text = HEAD.format(logo="null") + "sign_off:\n  signature:\n    path: sig.svg\n    alt: A\n"
    assert _fails(tmp_path, run, text) == (
        '8:11: sign_off.signature.path: no image file "sig.svg"; '
        "paths are relative to the spec's folder\n"
    )


def test_signatory_and_signatories_do_not_mix(tmp_path: Path, run: Callable[..., Result]) -> None:
    text = HEAD.format(logo="null") + "sign_off:\n  signatory: A\n  signatories:\n    - name: B\n"
    assert _fails(tmp_path, run, text) == (
        "7:3: sign_off: give either signatory (and signature) or signatories, not both\n"
    )


def test_images_in_a_subfolder_render(
    tmp_path: Path, run: Callable[..., Result], spec_file: Callable[..., Path]
) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>',
        "utf-8",
    )
    path = spec_file({"sender": {"logo": {"path": "img/logo.svg", "alt": "WSN"}}})
    result = run("render", "-q", "-f", "pdf", "-f", "html", path)
    assert result.exit_code == 0, result.output
    html = path.with_suffix(".html").read_text("utf-8")
    assert f'<img class="logo" src="{(tmp_path / "img" / "logo.svg").as_uri()}" alt="WSN">' in html


def test_image_outside_the_project_is_refused_before_rendering(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    letters, elsewhere = tmp_path / "letters", tmp_path / "elsewhere"
    letters.mkdir()
    elsewhere.mkdir()
    (elsewhere / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    spec = letters / "spec.yaml"
    spec.write_text(HEAD.format(logo="../elsewhere/logo.svg"), "utf-8")
    result = run("render", spec)
    assert result.exit_code == 2
    assert result.stderr == (
        f'{spec}:3:9: sender.logo: "../elsewhere/logo.svg" is outside the spec\'s folder and '
        "project, where the PDF may load files from; move it into the project\n"
    )
    assert sorted(p.name for p in letters.iterdir()) == ["spec.yaml"]
