"""Fonts for every script the stylesheet promises, and doctor when one is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import Result

from tests.pdfs import fonts, reader, text

LETTERS: dict[str, tuple[dict[str, Any], str, str]] = {
    "zh": (
        {"salutation": "亲爱的同志们", "text": "我们向你们致以团结的问候。"},
        "Noto-Serif-CJK-SC",
        "团结的问候",
    ),
    "ja": (
        {"salutation": "同志の皆様", "text": "連帯のご挨拶を申し上げます。"},
        "Noto-Serif-CJK-JP",
        "連帯のご挨拶",
    ),
    "ko": (
        {"salutation": "동지 여러분께", "text": "연대의 인사를 드립니다."},
        "Noto-Serif-CJK-KR",
        "연대의 인사를",
    ),
    "th": (
        {"salutation": "เรียน สหาย", "text": "เราขอส่งความสมานฉันท์มายังท่าน"},
        "Noto-Serif-Thai",
        "ความสมานฉันท์",
    ),
}


@pytest.fixture
def pdf(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Callable[..., Path]:
    def render(changes: dict[str, Any]) -> Path:
        path = spec_file(changes)
        result = run("render", "-q", "-f", "pdf", path)
        assert result.exit_code == 0, result.output
        return path.with_suffix(".pdf")

    return render


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_each_promised_script_is_set_in_its_named_serif_font(
    language: str, pdf: Callable[..., Path]
) -> None:
    greeting, font, phrase = LETTERS[language]
    path = pdf({"language": language, "apology": None, "event": None, "greeting": greeting})
    assert font in fonts(reader(path))
    assert phrase in text(reader(path))


@pytest.mark.parametrize("language", ["ar", "fa", "he"])
def test_emphasis_in_arabic_and_hebrew_is_bold_not_slanted(
    language: str, pdf: Callable[..., Path]
) -> None:
    word = "التضامن" if language != "he" else "סולידריות"
    path = pdf(
        {
            "language": language,
            "apology": None,
            "event": None,
            "greeting": {"salutation": "—", "text": f"نحن مع *{word}* هنا"},
        }
    )
    with pdfplumber.open(path) as document:
        emphasised = [
            c for c in document.pages[0].chars if c["text"] in word and "Bold" in c["fontname"]
        ]
        assert emphasised, "the emphasised word is set in a bold face"
        assert all(abs(c["matrix"][2]) < 1e-6 for c in document.pages[0].chars), "no slant"


def test_doctor_names_the_package_and_fails_when_a_promised_script_has_no_font(
    tmp_path: Path,
) -> None:
    # A fontconfig that knows one Latin font only: the real fc-list, fewer fonts.
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    (fonts_dir / "NotoSerif-Regular.ttf").symlink_to(
        "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
    )
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts_dir}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    done = subprocess.run(
        [sys.executable, "-m", "letterkit", "doctor"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    chinese = next(line for line in lines if "Chinese (zh-cn)" in line)
    assert chinese.endswith(
        "NONE: letters in this script would show empty boxes; apt-get install fonts-noto-cjk"
    )
    arabic = next(line for line in lines if line.startswith("  Arabic (ar)"))
    assert arabic.endswith("apt-get install fonts-noto-core")
    latin = next(line for line in lines if line.startswith("  Latin (en)"))
    assert "Noto Serif" in latin


def test_arabic_names_in_an_english_letter_match_the_latin_size(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file(
        {
            "recipient": {"name": "اتحاد نقابات العمال", "short_name": None},
            "greeting": {"salutation": "Dear Comrades,"},
        }
    )
    assert run("render", "-q", "-f", "pdf", path).exit_code == 0
    with pdfplumber.open(path.with_suffix(".pdf")) as document:
        page = document.pages[0].chars
        arabic = [c["size"] for c in page if "Arabic" in c["fontname"]]
        latin = [c["size"] for c in page if c["text"] == "D"]
    assert arabic and latin
    assert min(arabic) / max(latin) == pytest.approx(1.15, abs=0.01)
