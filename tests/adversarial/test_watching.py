"""watch renders again on its inputs only, never on the files a render writes itself."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.adversarial.conftest import LETTERKIT

QUIET_SECONDS = 3.0
"""How long the watch must stay quiet after a render: a self-made change shows well within."""
STEP_SECONDS = 30.0


def _wait_for(log: Path, words: str, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STEP_SECONDS
    while log.read_text("utf-8").count(words) < count:
        assert process.poll() is None, log.read_text("utf-8")
        assert time.monotonic() < deadline, log.read_text("utf-8")
        time.sleep(0.1)


def test_writing_its_manifest_does_not_render_again(
    tmp_path: Path, spec_file: Callable[..., Path]
) -> None:
    spec = spec_file()
    log = tmp_path / "watch.log"
    with log.open("w", encoding="utf-8") as stderr:
        # A render that writes letters writes the manifest (.json, an input suffix) too.
        command = [LETTERKIT, "watch", "--max-renders", "3", "-f", "txt", str(spec)]
        process = subprocess.Popen(command, stderr=stderr, text=True)
        try:
            _wait_for(log, "watching", 1, process)
            body = spec.read_text("utf-8")
            changed = body.replace("We stand with you.", "We stand with you all.")
            spec.write_text(changed, "utf-8")
            _wait_for(log, "rendered in", 2, process)
            time.sleep(QUIET_SECONDS)
            assert process.poll() is None, log.read_text("utf-8")
            assert log.read_text("utf-8").count("rendered in") == 2
        finally:
            process.kill()
            process.wait()
    assert "We stand with you all." in (tmp_path / "letter.txt").read_text("utf-8")
