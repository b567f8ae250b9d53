"""Accessible and archival PDFs, reproducible bytes, and missing glyphs as errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.pdfs import reader

PUA = "\ue000"
"""A private-use character: no font installed by the set-up command has it."""


def _xmp(path: Path) -> str:
    root = reader(path).trailer["/Root"]
    return str(root["/Metadata"].get_object().get_data().decode("utf-8"))


def test_default_pdf_is_pdf_ua_tagged_with_title_and_language(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file({"subject": "Solidarity"})
    assert run("render", "-q", "-f", "pdf", path).exit_code == 0
    pdf = reader(path.with_suffix(".pdf"))
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert root["/Lang"] == "en"
    assert pdf.metadata is not None and pdf.metadata.title == "Solidarity"
    assert 'pdfuaid:part="1"' in _xmp(path.with_suffix(".pdf"))


# WeasyPrint 70 opens its sRGB profile for PDF/A without closing it; the
# file is closed when collected, which pytest reports as a warning.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("where", ["option", "spec"])
def test_pdf_a_3b_for_archives(
    where: str, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = {"layout": {"pdf_variant": "pdf/a-3b"}} if where == "spec" else {}
    path = spec_file(spec)
    option = ["--pdf-variant", "pdf/a-3b"] if where == "option" else []
    assert run("render", "-q", "-f", "pdf", *option, path).exit_code == 0
    pdf = reader(path.with_suffix(".pdf"))
    root = pdf.trailer["/Root"]
    xmp = _xmp(path.with_suffix(".pdf"))
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in root, "PDF/A names its colour space"
    assert "/StructTreeRoot" in root and root["/Lang"] == "en", "still tagged"
    assert "/ID" in pdf.trailer


def test_unknown_variant_is_a_usage_error(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    result = run("render", "--pdf-variant", "pdf/x-4", spec_file())
    assert result.exit_code == 2
    assert "pdf/a-3b" in result.stderr


def test_text_date_takes_source_date_epoch_and_bytes_repeat(
    tmp_path: Path,
    spec_file: Callable[..., Path],
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = spec_file({"date": "May Day 2026"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")  # 2026-05-01 00:00 UTC
    outputs = []
    for name in ("one", "two"):
        assert run("render", "-q", "-f", "pdf", "-o", tmp_path / name, path).exit_code == 0
        outputs.append((tmp_path / name / "letter.pdf").read_bytes())
    assert outputs[0] == outputs[1]
    info = reader(tmp_path / "one" / "letter.pdf").metadata
    assert info is not None and info["/CreationDate"].startswith("D:20260501")


def test_undated_letter_is_dated_source_date_epoch(
    spec_file: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")
    result = run("render", "-f", "txt", "-o", "-", spec_file({"date": None}))
    assert "\nMay 1, 2026\n" in result.stdout


def test_bad_source_date_epoch_is_a_usage_error(
    spec_file: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("render", "-f", "txt", spec_file())
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds" in result.stderr


def test_a_character_no_font_has_fails_naming_its_field(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    fc_list = shutil.which("fc-list")
    assert fc_list is not None
    path = spec_file({"recipient": {"address": ["Box 7", f"Durban {PUA}"]}})
    result = run("render", "-f", "pdf", "-f", "txt", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f'{path}: recipient.address[1]: no installed font has "{PUA}" (U+E000 unnamed '
        "character), so the PDF would show an empty box; install a font that covers it "
        "(`letterkit doctor` lists the scripts covered) or name one in letter.css\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.yaml"], "nothing written"


def test_characters_no_font_has_are_one_line_per_field(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    many = "".join(chr(0xE000 + i) for i in range(5))
    path = spec_file({"recipient": {"name": f"Union {many}"}, "subject": "On \ue010"})
    result = run("render", "-f", "pdf", path)
    assert result.exit_code == 1
    lines = sorted(result.stderr.splitlines())
    assert len(lines) == 2, lines
    assert lines[0].startswith(f'{path}: recipient.name: no installed font has "{PUA}" (U+E000')
    assert (
        "(U+E002 unnamed character) and 2 more, so the PDF would show empty boxes; install "
        "a font that covers them" in lines[0]
    )
    assert lines[1].startswith(f'{path}: subject: no installed font has "\ue010" (U+E010')
    assert "an empty box; install a font that covers it " in lines[1]
