"""Letters in Persian, Urdu and Hindi, and a joint letter signed in two scripts.

Each is rendered once through the real CLI; the PDFs are then read back
with pypdf: the text, the embedded fonts, the page count, and WeasyPrint's
log, which must hold no missing glyph.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner, Result

from letterkit.cli import cli
from tests.conftest import ROOT
from tests.pdfs import figure_alts, fonts, reader, text, weasyprint_log

IMAGES = Path(__file__).parent / "data" / "images"
PERSIAN = ROOT / "examples" / "persian-solidarity.yaml"

URDU: dict[str, Any] = {
    "language": "ur",
    "date": "2026-05-01",
    "sender": {"name": "آل پاکستان ٹریڈ یونین فیڈریشن", "short_name": "APTUF"},
    "recipient": {"name": "ایران کے مزدوروں کی حمایت میں بین الاقوامی اتحاد"},
    "greeting": {
        "salutation": "محترم ساتھیو،",
        "text": "ہم آپ کو یکم مئی، مزدوروں کے عالمی دن کے موقع پر یکجہتی کا پیغام بھیجتے ہیں۔",
    },
    "position": ["ہم ایران کے مزدوروں کی جدوجہد کے ساتھ کھڑے ہیں۔"],
    "sign_off": {"valediction": "یکجہتی کے ساتھ،"},
}
HINDI: dict[str, Any] = {
    "language": "hi",
    "date": "2026-05-01",
    "sender": {"name": "भारतीय मज़दूर एकता मंच"},
    "recipient": {"name": "ईरान के मज़दूरों के समर्थन में अंतर्राष्ट्रीय गठबंधन"},
    "greeting": {
        "salutation": "प्रिय साथियो,",
        "text": "हम आपको मई दिवस पर एकजुटता का संदेश भेजते हैं।",
    },
    "position": ["हम ईरान के साथियों के साथ खड़े हैं।"],
    "sign_off": {"valediction": "एकजुटता के साथ,"},
}
JOINT: dict[str, Any] = {
    "date": "2026-05-01",
    "subject": "Joint statement for May Day",
    "sender": {"name": "International Alliance in Support of Workers in Iran"},
    "recipient": {"name": "International Labour Organization"},
    "greeting": {"salutation": "Dear friends,", "text": "We write to you together."},
    "position": ["Trade union rights are human rights."],
    "sign_off": {
        "signatories": [
            {
                "name": "Maryam Ahmadi",
                "role": "Coordinator",
                "organisation": "IASWI",
                "signature": "signature.jpg",
            },
            {
                "name": "محمد رفیق",
                "role": "جنرل سیکرٹری",
                "organisation": "APTUF",
                "signature": {"path": "signature.svg", "alt": "دستخط محمد رفیق"},
            },
        ]
    },
    "enclosures": ["Report on the strike at Haft Tappeh"],
    "cc": ["International Trade Union Confederation (ITUC)"],
}


class Rendered:
    def __init__(self, folder: Path, name: str, log: list[logging.LogRecord]) -> None:
        self.pdf = reader(folder / f"{name}.pdf")
        self.text = text(self.pdf)
        self.txt = (folder / f"{name}.txt").read_text("utf-8")
        self.log = log


def _render(folder: Path, spec: Path) -> Rendered:
    with weasyprint_log() as log:
        result: Result = CliRunner().invoke(
            cli, ["render", "-q", "-f", "pdf", "-f", "txt", "-o", str(folder), str(spec)]
        )
    assert result.exit_code == 0, result.output
    return Rendered(folder, spec.stem, log)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("scripts")
    for image in IMAGES.iterdir():
        shutil.copy(image, folder)
    specs = {"fa": PERSIAN}
    for name, data in (("ur", URDU), ("hi", HINDI), ("joint", JOINT)):
        specs[name] = folder / f"{name}.yaml"
        specs[name].write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return {name: _render(folder, spec) for name, spec in specs.items()}


def pages(pdf: pypdf.PdfReader) -> int:
    return len(pdf.pages)


@pytest.mark.parametrize("name", ["fa", "ur", "hi", "joint"])
def test_nothing_is_logged_and_one_page(letters: dict[str, Rendered], name: str) -> None:
    assert [r.getMessage() for r in letters[name].log] == []
    assert pages(letters[name].pdf) == 1


def test_persian_text_extracts_in_reading_order(letters: dict[str, Rendered]) -> None:
    extracted = letters["fa"].text
    for phrase in (
        "پیام همبستگی به مناسبت اول ماه مه، روز جهانی کارگر",
        "رفقای گرامی،",
        "زنده باد همبستگی بینالمللی کارگران",
        "با درودهای همبستگی،",
        "گزارش اعتصاب کارگران نیشکر هفتتپه",
    ):
        assert phrase in extracted, phrase
    # The brackets of an English name in a right-to-left letter come out
    # mirrored: pypdf reads the glyphs in visual order.
    assert "International Trade Union Confederation" in extracted
    assert {"Noto-Naskh-Arabic", "Noto-Serif"} <= fonts(letters["fa"].pdf)


def test_persian_pdf_is_tagged_with_language_and_alt_texts(letters: dict[str, Rendered]) -> None:
    pdf = letters["fa"].pdf
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "fa"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert pdf.metadata is not None and pdf.metadata.title == (
        "پیام همبستگی به مناسبت اول ماه مه، روز جهانی کارگر"
    )
    assert figure_alts(pdf) == [
        "نشان اتحاد بین\u200cالمللی در حمایت از کارگران در ایران",
        "اتحاد بین\u200cالمللی در حمایت از کارگران در ایران (IASWI)",
    ]


def test_urdu_text_extracts_and_naskh_is_embedded(letters: dict[str, Rendered]) -> None:
    extracted = letters["ur"].text
    for phrase in (
        "آل پاکستان ٹریڈ یونین فیڈریشن",
        "ہم آپ کو یکم مئی، مزدوروں کے عالمی دن کے موقع پر یکجہتی کا پیغام بھیجتے ہیں۔",
        "ہم ایران کے مزدوروں کی جدوجہد کے ساتھ کھڑے ہیں۔",
    ):
        assert phrase in extracted, phrase
    assert "Noto-Naskh-Arabic" in fonts(letters["ur"].pdf)
    assert letters["ur"].pdf.trailer["/Root"]["/Lang"] == "ur"


def test_hindi_words_extract_and_devanagari_is_embedded(letters: dict[str, Rendered]) -> None:
    # Words whose vowel signs are drawn as one glyph each: WeasyPrint maps a
    # glyph to one piece of text, so signs built from several glyphs
    # (ों, े after a conjunct) may extract imperfectly.
    extracted = letters["hi"].text
    for phrase in ("भारतीय मज़दूर एकता मंच", "प्रिय साथियो,", "हम आपको मई दिवस पर एकजुटता का"):
        assert phrase in extracted, phrase
    assert "Noto-Serif-Devanagari" in fonts(letters["hi"].pdf)


def test_joint_letter_puts_both_signatories_after_the_valediction(
    letters: dict[str, Rendered],
) -> None:
    joint = letters["joint"]
    assert joint.txt.endswith(
        "In solidarity,\n\nMaryam Ahmadi\nCoordinator\nIASWI\n\n"
        "محمد رفیق\nجنرل سیکرٹری\nAPTUF\n\n"
        "Enclosure:\nReport on the strike at Haft Tappeh\n\n"
        "cc:\nInternational Trade Union Confederation (ITUC)\n"
    )
    for phrase in ("Maryam Ahmadi", "Coordinator", "محمد رفیق", "جنرل سیکرٹری", "Enclosure:"):
        assert phrase in joint.text, phrase
    assert figure_alts(joint.pdf) == ["Maryam Ahmadi", "دستخط محمد رفیق"]
    assert {"Noto-Serif", "Noto-Naskh-Arabic"} <= fonts(joint.pdf)


def test_right_to_left_text_output_is_logical_order(letters: dict[str, Rendered]) -> None:
    lines = letters["fa"].txt.splitlines()
    assert lines[0] == "اتحاد بین\u200cالمللی در حمایت از کارگران در ایران"
    assert "پیوست:" in lines and "رونوشت:" in lines
    assert not any(c in letters["fa"].txt for c in "\u202a\u202b\u202e"), "no embedding marks"


def test_a_project_may_typeset_urdu_in_nastaliq(tmp_path: Path, run: Callable[..., Result]) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    css = (ROOT / "templates" / "letter.css").read_text("utf-8")
    (templates / "letter.css").write_text(
        css + '\nhtml:lang(ur) { font-family: "Noto Nastaliq Urdu", serif; line-height: 2.1; }\n',
        "utf-8",
    )
    spec = tmp_path / "ur.yaml"
    spec.write_text(json.dumps(URDU, ensure_ascii=False), "utf-8")
    result = run("render", "-q", "-f", "pdf", "--templates", templates, spec)
    assert result.exit_code == 0, result.output
    assert "Noto-Nastaliq-Urdu" in fonts(reader(tmp_path / "ur.pdf"))
