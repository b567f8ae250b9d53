"""The background worker's warm-up: its letters cover every built-in language and layout,
and the array types it makes are those cffi parses."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from letterkit import api
from letterkit.compose import BUILTIN
from letterkit.daemon import samples
from letterkit.layouts import LAYOUTS
from letterkit.render import arrays
from letterkit.spec import load_spec
from tests import pdfs


def test_the_samples_cover_every_built_in_language_and_layout(tmp_path: Path) -> None:
    sources = samples.write(tmp_path)
    written = [json.loads(s.read_text(encoding="utf-8").split("\n")[0]) for s in sources]
    built_in = {"en", *(p.name for p in BUILTIN.iterdir() if p.is_dir())}
    assert {w["language"] for w in written} == built_in
    assert {w["layout"]["envelope"] for w in written} == set(LAYOUTS)
    assert all(w["layout"]["align"] == "justify" for w in written)


def test_every_sample_letter_is_made(tmp_path: Path) -> None:
    sources = samples.write(tmp_path)
    for source in sources:
        made = api.make_here(load_spec(source), source, ("pdf", "txt"), dt.date(2026, 5, 1))
        assert made.error is None, source.name
        assert made.outputs["pdf"].startswith(b"%PDF-")
    (tmp_path / "first.pdf").write_bytes(
        api.make_here(load_spec(sources[0]), sources[0], ("pdf",), dt.date(2026, 5, 1)).outputs[
            "pdf"
        ]
    )
    # The first runs onto a second page, with its running header.
    assert len(pdfs.reader(tmp_path / "first.pdf").pages) >= 2


def test_array_types_made_by_length_are_the_ones_cffi_parses() -> None:
    from weasyprint.text.ffi import ffi  # noqa: PLC0415 -- the PDF engine's own

    parsed = ffi.typeof("hb_codepoint_t[4321]")  # parsed, or made, before the next line
    assert arrays.install()
    assert arrays.install()  # twice is once
    assert ffi.typeof("hb_codepoint_t[4321]") is parsed
    made = ffi.typeof("hb_codepoint_t[98765]")
    assert (ffi.sizeof(made), made.length, made.item) == (4 * 98765, 98765, ffi.typeof("uint32_t"))
    assert list(ffi.new("hb_codepoint_t[3]", [7, 8, 9])) == [7, 8, 9]
    assert ffi.typeof("int[5]").length == 5  # other types are parsed as always


def test_the_warm_up_leaves_nothing_behind(tmp_path: Path) -> None:
    # Neither the worker's warm-up nor its spares' (a dry run, a letter made in memory).
    folders = {name: tmp_path / name for name in ("state", "tmp", "here")}
    for folder in folders.values():
        folder.mkdir()
    env = {**os.environ, "XDG_STATE_HOME": str(folders["state"]), "TMPDIR": str(folders["tmp"])}
    samples = tmp_path / "samples"
    samples.mkdir()
    code = (
        "from pathlib import Path; from letterkit.daemon.warm import warm; "
        f"ahead = warm(Path({str(samples)!r})); ahead.command(); ahead.letter()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=folders["here"], capture_output=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, b"")
    for name, folder in folders.items():
        assert not list(folder.rglob("*")), name
