"""check finds what render would fail on without laying a page out: bad images, missing fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import ROOT

IMAGES = ROOT / "tests" / "data" / "images"
NOTO = Path("/usr/share/fonts")
SPEC = """\
sender:
  name: WSN
  logo: {logo}
recipient:
  name: {recipient}
"""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda: (IMAGES / "logo.png").read_bytes()[:200], "cut short"),
        (lambda: b"<html>not a picture</html>", "not an image"),
        (lambda: (IMAGES / "logo.png").read_bytes()[:60] + bytes(400), "broken PNG"),
    ],
    ids=["truncated", "html", "zeroed"],
)
def test_check_refuses_a_logo_the_pdf_could_not_load_at_its_line(
    content: Callable[[], bytes], reason: str, tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "logo.png").write_bytes(content())
    spec = tmp_path / "letter.yaml"
    spec.write_text(SPEC.format(logo="logo.png", recipient="COSATU"), "utf-8")
    result = run("check", spec)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f'{spec}:3:9: sender.logo: "logo.png" is not a readable image (')
    assert line.endswith("); export it again as PNG, JPEG or SVG")
    if reason == "not an image":
        assert reason in line


def test_check_takes_the_real_images(tmp_path: Path, run: Callable[..., Result]) -> None:
    for image in IMAGES.iterdir():
        (tmp_path / image.name).write_bytes(image.read_bytes())
    spec = tmp_path / "letter.yaml"
    for name in ("logo.png", "signature.jpg", "signature.svg"):
        spec.write_text(SPEC.format(logo=name, recipient="COSATU"), "utf-8")
        assert run("check", spec).exit_code == 0


def test_check_finds_characters_no_installed_font_has_without_weasyprint(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "letter.yaml"
    # U+E000 is private use: no installed font draws it, and render fails on it too.
    spec.write_text(SPEC.format(logo="null", recipient="Union \ue000"), "utf-8")
    probe = (
        "import sys\n"
        "from letterkit.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    assert 'weasyprint' not in sys.modules, 'check imported WeasyPrint'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "check", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "check imported WeasyPrint" not in done.stderr
    assert f'{spec}: no installed font has "\ue000" (U+E000' in done.stderr
    rendered = subprocess.run(
        [sys.executable, "-m", "letterkit", "render", "-o", str(tmp_path / "out"), str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rendered.returncode == done.returncode


def test_check_sees_a_font_installed_since_the_last_check(tmp_path: Path) -> None:
    # fontconfig sees only this folder: one Latin font, then a font for Chinese too.
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(NOTO / "truetype" / "noto" / "NotoSans-Regular.ttf", fonts)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{fonts}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    spec = tmp_path / "letter.yaml"
    spec.write_text(SPEC.format(logo="null", recipient="Union 漢"), "utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    command = [sys.executable, "-m", "letterkit", "check", str(spec)]
    first = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert first.returncode == 1
    assert 'no installed font has "漢" (U+6F22' in first.stderr
    shutil.copy(NOTO / "opentype" / "noto" / "NotoSansCJK-Regular.ttc", fonts)
    later = fonts.stat().st_mtime + 5  # fontconfig trusts its cache while the time is unchanged
    os.utime(fonts, (later, later))
    second = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert second.returncode == 0, second.stderr
    assert "1 letter OK" in second.stderr
