"""Warming the worker: everything a command loads, and one letter made, before the first request.

Done once, in the worker itself: the processes it forks per request (and
the letter workers they fork in turn) inherit the imported modules, the
regular expressions compiled on first use, WeasyPrint's font configuration
and the fonts fontconfig and Pango have opened, so none of them starts cold.
"""

from __future__ import annotations

import datetime as dt
import importlib
import tempfile
from pathlib import Path

from letterkit import api, doctor
from letterkit.compose import BUILTIN, LAYOUT_FILES, TemplateSet
from letterkit.render import FORMATS, REGISTRY
from letterkit.scaffold import SPEC
from letterkit.spec import load_spec

MODULES = ("letterkit.cli", "letterkit.run.batch", "letterkit.run.pool")
"""What a render or check loads besides the renderers (the command line, the run)."""
SAMPLE_FORMATS = ("pdf", "txt", "html")


def _compile_builtin() -> None:
    """Every built-in part template, compiled into the memory all part environments share.

    The page layout's files are another environment's (letterkit/page keeps its own,
    and the letter made below compiles the built-in layout in it).
    """
    environment = TemplateSet().environment
    for path in sorted(BUILTIN.rglob("*.j2")):
        if not path.name.endswith(LAYOUT_FILES):
            environment.get_template(f"builtin/{path.relative_to(BUILTIN).as_posix()}")


def _ask_engines() -> None:
    """Engine versions and each language's fonts, asked once (identity.py notices a change)."""
    doctor.keep_facts()
    doctor.engines()
    for language in sorted({"en", *(p.name for p in BUILTIN.iterdir() if p.is_dir())}):
        doctor.font_files(language)


def warm() -> None:
    """Import the command line and every renderer, check the example letter, make it in memory."""
    for name in (*MODULES, *(REGISTRY[fmt] for fmt in FORMATS)):
        importlib.import_module(name)
    _ask_engines()
    _compile_builtin()
    with tempfile.TemporaryDirectory(prefix="letterkit-warm-") as folder:
        source = Path(folder) / "example.yaml"
        # Letters are not ASCII: the YAML reader compiles its check for other text on first use.
        source.write_text(f"{SPEC}# – ’ é\n", encoding="utf-8")
        api.check([source], api.Options())  # the run's own steps, writing nothing
        # Here, not in a worker: this process keeps what making it loads.
        made = api.make_here(load_spec(source), source, SAMPLE_FORMATS, dt.date.today())
        if made.error is not None:
            raise made.error
