"""The process that plans a run loads no template engine: its worker composes the letter.

A cold text render spent some 40 ms importing Jinja, Babel's dates and the
composition modules in the process that only reads the spec and plans; they
now load in the worker, forked as the command starts (run/ahead.py), on the
other core, and in no other process of the run. The worker in turn loads the
spec models but not the YAML loader. These tests run the command in a process of their own
and look at what it imported.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

from letterkit.run import pool
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "solidarity-2008.yaml"
ENGINES = ("jinja2", "babel.dates", "letterkit.compose.letter", "letterkit.compose.environment")


def _loaded_by_the_command(*args: str) -> dict[str, object]:
    """Run the letterkit command line in a fresh process; what it loaded, and its exit code."""
    code = f"""
import json, os, sys
sys.argv = ["letterkit", *{list(args)!r}]
from letterkit.cli import main
try:
    main()
except SystemExit as exc:
    status = exc.code
engines = [name for name in {list(ENGINES)!r} if name in sys.modules]
print(json.dumps({{"status": status, "engines": engines}}))
"""
    env = {**os.environ, "LETTERKIT_DAEMON": "off"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_a_text_render_is_planned_and_written_without_jinja_or_babel_dates(
    tmp_path: Path,
) -> None:
    found = _loaded_by_the_command(
        "render", "-q", "--force", "-f", "txt", "-o", str(tmp_path), str(EXAMPLE)
    )
    assert found == {"status": 0, "engines": []}
    text = (tmp_path / "solidarity-2008.txt").read_text("utf-8")
    assert "14 January 2008" in text or "January 14, 2008" in text  # dated by the worker


def test_a_check_composes_its_letter_in_the_worker_alone() -> None:
    assert _loaded_by_the_command("check", "-q", "--force", str(EXAMPLE)) == {
        "status": 0,
        "engines": [],
    }


def test_a_broken_template_still_fails_the_render_with_its_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "en"
    templates.mkdir(parents=True)
    (templates / "greeting.j2").write_text("Dear {{ recipient.nmae }},\n", "utf-8")
    env = {**os.environ, "LETTERKIT_DAEMON": "off"}
    folders = ["--templates", str(tmp_path / "templates"), "-o", str(tmp_path / "out")]
    command = [sys.executable, "-m", "letterkit", "render", "-f", "txt", *folders, str(EXAMPLE)]
    done = subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode != 0
    greeting = templates / "greeting.j2"
    assert done.stderr == (
        f'{greeting}:1: the template uses "nmae", which this letter does not provide '
        f"(while writing {EXAMPLE})\n"
    )
    assert not (tmp_path / "out" / "solidarity-2008.txt").exists()


def test_composing_a_letter_loads_the_spec_models_but_not_the_yaml_loader() -> None:
    # A worker forked before the spec was read loads what composing needs, no more.
    code = (
        "import sys, letterkit.compose.letter, letterkit.render.text\n"
        "print(sorted(m for m in ('ruamel.yaml', 'letterkit.spec.load', 'letterkit.spec.model')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "['letterkit.spec.model']"


def test_workers_that_start_warm_load_the_composition_by_a_name_that_exists() -> None:
    # A fork server ignores a preload that fails to import: a stale name would start cold.
    assert callable(importlib.import_module(pool.COMPOSITION).compose)
