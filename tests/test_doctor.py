"""letterkit doctor: versions of the PDF engine and the scripts the fonts cover."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable

from click.testing import Result

from letterkit.doctor import NEEDED


def test_doctor_names_versions_and_fonts_per_script(run: Callable[..., Result]) -> None:
    result = run("doctor")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"^WeasyPrint \d+\.\d+", out, re.M)
    assert re.search(r"^Pango 1\.\d+\.\d+$", out, re.M)
    assert re.search(r"^HarfBuzz \d+\.\d+\.\d+$", out, re.M)
    for script, language in NEEDED:
        assert f"  {script} ({language})" in out
    assert re.search(r"Arabic: Persian \(fa\) +.*Noto Naskh Arabic", out)
    assert re.search(r"Devanagari \(hi\) +.*Noto Serif Devanagari", out)
    assert "NONE" not in out, "the set-up command installs a font for every script it needs"


def test_doctor_does_not_load_weasyprint() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from letterkit.cli import cli; "
        "r = CliRunner().invoke(cli, ['doctor']); assert r.exit_code == 0, r.output; "
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
