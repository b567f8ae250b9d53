"""Render one letter per built-in language into docs/languages/ (run by `make languages`).

The letters are the "event" variants of tests/data/languages/*.yaml, the
ones the golden text files were read from, so the gallery shows the PDFs of
the reviewed wording.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "languages"
GALLERY = ROOT / "docs" / "languages"


def main() -> int:
    """Write docs/languages/<lang>.pdf for every language; the exit code is letterkit's."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        specs = []
        for path in sorted(DATA.glob("*.yaml")):
            data = YAML(typ="safe").load(path.read_text("utf-8"))
            spec = Path(folder) / f"{path.stem}.yaml"
            spec.write_text(json.dumps(data["base"], ensure_ascii=False, default=str), "utf-8")
            specs.append(str(spec))
        command = ["letterkit", "render", "-q", "--force", "-f", "pdf", "-o", str(GALLERY)]
        code = subprocess.run([*command, *specs], check=False).returncode
    # The run's record of what it wrote belongs to a working folder, not to the docs.
    (GALLERY / ".letterkit.json").unlink(missing_ok=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
