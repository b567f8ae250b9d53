"""Print a pip constraints file that pins every dependency to the lowest version allowed.

`make test-min` installs letterkit with these constraints in a venv of its own
and runs the tests, so a floor in pyproject.toml that no longer works fails CI
instead of a user's first render.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def lowest(requirements: list[str]) -> list[str]:
    """`name==floor` for each requirement with a `>=` floor."""
    pins = []
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if match:
            pins.append(f"{match[1]}=={match[3]}")
    return pins


def main(pyproject: Path) -> None:
    """Print the runtime dependencies' floors as pins, one a line."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    sys.stdout.write("".join(f"{pin}\n" for pin in lowest(project["dependencies"])))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pyproject.toml"))
