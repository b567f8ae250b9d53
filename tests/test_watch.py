"""watch: a real file change in a real process renders again; errors do not end it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber
import pytest
import watchfiles
from click.testing import Result

from letterkit.run.manifest import state_folder
from letterkit.run.watch import InputFilter
from tests.conftest import FONTS, house_font_project

STEP_SECONDS = 30.0
"""How long one step may take before the test gives up: a bound, never an assertion."""


@pytest.fixture
def watching(tmp_path: Path, spec_file: Callable[..., Path]) -> Iterator[subprocess.Popen[str]]:
    spec = spec_file()
    log = (tmp_path / "watch.log").open("w", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "letterkit"), "watch", "-f", "txt", "-f", "pdf"]
    process = subprocess.Popen([*command, str(spec)], stderr=log, text=True)
    try:
        yield process
    finally:
        process.kill()
        process.wait()
        log.close()


def _until(
    done: Callable[[], bool], change: Callable[[], None], process: subprocess.Popen[str]
) -> None:
    """Make a change, again every second, until it shows; a change made before the
    watcher started is not seen, so it is repeated rather than waited for."""
    deadline = time.monotonic() + STEP_SECONDS
    while time.monotonic() < deadline:
        change()
        for _ in range(10):
            if done():
                return
            assert process.poll() is None, "watch ended"
            time.sleep(0.1)
    pytest.fail("the change did not show")


def test_watch_renders_on_change_and_survives_errors(
    tmp_path: Path, watching: subprocess.Popen[str]
) -> None:
    spec, text, log = tmp_path / "letter.yaml", tmp_path / "letter.txt", tmp_path / "watch.log"
    greeting = tmp_path / "templates" / "en" / "greeting.j2"

    def shows(path: Path, words: str) -> Callable[[], bool]:
        return lambda: path.exists() and words in path.read_text("utf-8")

    _until(shows(log, "watching"), lambda: None, watching)
    assert (tmp_path / "letter.pdf").exists()

    body = spec.read_text("utf-8")
    _until(
        shows(text, "We stand with you all."),
        lambda: spec.write_text(body.replace("We stand with you.", "We stand with you all.")),
        watching,
    )

    def write_greeting(template: str) -> Callable[[], None]:
        def write() -> None:
            greeting.parent.mkdir(parents=True, exist_ok=True)
            greeting.write_text(template, "utf-8")

        return write

    _until(shows(log, "not defined"), write_greeting("Hello {{ nobody }}."), watching)
    assert f"{greeting}:1: the template uses 'nobody', which is not defined" in log.read_text()
    _until(
        shows(text, "Hello from the template."),
        write_greeting("Hello from the template."),
        watching,
    )
    assert watching.poll() is None, "still watching"
    assert f"wrote {tmp_path / 'letter.pdf'}" in log.read_text("utf-8")


def test_max_renders_ends_the_watch(
    spec_file: Callable[..., Path], tmp_path: Path, run: Callable[..., Result]
) -> None:
    result = run("watch", "--max-renders", "1", "-f", "txt", spec_file())
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "letter.txt").exists()
    assert "watching" not in result.stderr


def test_watch_refuses_standard_output(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    result = run("watch", "--max-renders", "1", "-o", "-", "-f", "txt", spec_file())
    assert result.exit_code == 2
    assert "watch writes files" in result.stderr


def test_watch_renders_again_when_the_data_file_changes(tmp_path: Path) -> None:
    letters, data = tmp_path / "letters", tmp_path / "data"
    letters.mkdir()
    data.mkdir()
    spec, members = letters / "m.yaml", data / "members.csv"
    spec.write_text("date: 2026-05-01\nsender: {name: WSN}\nposition: [Hello.]\n", "utf-8")
    members.write_text("name,short_name\nUnifor,UNIFOR\n", "utf-8")
    log = (tmp_path / "watch.log").open("w", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "letterkit"), "watch", "-f", "txt"]
    process = subprocess.Popen([*command, "--data", str(members), str(spec)], stderr=log)
    output = letters / "m-UNIFOR.txt"
    try:
        _until(
            lambda: "watching" in (tmp_path / "watch.log").read_text("utf-8"), lambda: None, process
        )
        _until(
            lambda: output.exists() and "Unifor Canada" in output.read_text("utf-8"),
            lambda: members.write_text("name,short_name\nUnifor Canada,UNIFOR\n", "utf-8"),
            process,
        )
    finally:
        process.kill()
        process.wait()
        log.close()


def _advances(pdf_path: Path) -> float:
    """The width of the first page's text set in the House face, in points."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["fontname"].endswith("+House")]
        return float(sum(c["width"] for c in chars))


def test_watch_renders_again_when_a_font_the_letter_loads_changes(tmp_path: Path) -> None:
    font = house_font_project(tmp_path)
    spec = tmp_path / "letter.yaml"
    spec.write_text("date: 2026-05-01\nsender: {name: WSN}\nrecipient: {name: EWU}\n", "utf-8")
    log_path = tmp_path / "watch.log"
    log = log_path.open("w", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "letterkit"), "watch", "-f", "pdf", str(spec)]
    process = subprocess.Popen(command, stderr=log)
    try:
        _until(lambda: "watching" in log_path.read_text("utf-8"), lambda: None, process)
        before = (tmp_path / "letter.pdf").read_bytes()
        sans = _advances(tmp_path / "letter.pdf")
        _until(
            lambda: (tmp_path / "letter.pdf").read_bytes() != before,
            lambda: font.write_bytes((FONTS / "DejaVuSerif.ttf").read_bytes()),
            process,
        )
        # The serif face's glyphs are wider: the same words were set in the new font.
        assert _advances(tmp_path / "letter.pdf") > sans
    finally:
        process.kill()
        process.wait()
        log.close()


def test_the_records_a_render_writes_never_trigger_another(tmp_path: Path) -> None:
    # A project in the home folder watches the state folder too: each render writes
    # this machine's record and journal there, and must not set off the next one.
    changed = InputFilter()
    records = state_folder() / "records"
    for name in ("0123abcd.json", "0123abcd.journal", "0123abcd.lock"):
        assert not changed(watchfiles.Change.modified, str(records / name))
    assert not changed(watchfiles.Change.modified, str(tmp_path / ".letterkit.json"))
    assert changed(watchfiles.Change.modified, str(tmp_path / "letter.yaml"))
    assert changed(watchfiles.Change.modified, str(tmp_path / "people.json"))
