"""Which specs a run is given: files as named, every spec under a folder, or the project's.

A folder holds specs and data files side by side (a recipients.yaml next to
the letter that merges it), so a YAML file under a folder counts as a spec
only when it is a mapping with a ``sender:``; a list, or a mapping without
one, is data. A file that is not valid YAML counts as a spec, so its error
is reported rather than the file silently left out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from letterkit import boundary
from letterkit.defaults import STDIN
from letterkit.errors import LetterkitError, UsageError
from letterkit.project import Project
from letterkit.run import facts
from letterkit.spec.yamlfile import load

log = logging.getLogger("letterkit")

SPEC_SUFFIXES = frozenset({".yaml", ".yml"})


def is_spec(path: Path) -> bool:
    """Whether a YAML file found under a folder is a letter spec (not a data file).

    Remembered while the file is unchanged (run/facts.py): a project's specs are
    not all parsed again to find the one that changed.
    """
    return (
        facts.FILES.about(path, (), "kind", lambda: "spec" if _is_spec(path) else "data") != "data"
    )


def _is_spec(path: Path) -> bool:
    try:
        data = load(path).data
    except LetterkitError:
        return True
    return isinstance(data, dict) and "sender" in data


def _under(folder: Path, skip: Sequence[Path] = ()) -> list[Path]:
    skipped = [boundary.lexical(s) for s in skip]
    found = []
    for path in boundary.walk(folder, [folder], SPEC_SUFFIXES):
        if any(boundary.lexical(path).is_relative_to(s) for s in skipped):
            continue
        if is_spec(path):
            found.append(path)
        else:
            log.debug("%s is not a spec (no sender:), so data or another file; left out", path)
    facts.FILES.save()
    return found


def _project_specs() -> list[Path]:
    project = Project.of(Path.cwd() / "letterkit.toml")
    if project.config_path is None:
        raise UsageError(
            "no spec given, and no letterkit.toml here or above; name specs or folders of specs"
        )
    output = project.output()
    skip = [*project.template_folders(), *([output] if isinstance(output, Path) else [])]
    found = _under(project.root, skip)
    if not found:
        raise UsageError(f"no spec given, and none in the project at {project.root}")
    return found


def expand(specs: Sequence[Path]) -> list[Path]:
    """The spec files of a run: each folder replaced by the specs under it."""
    if not specs:
        return _project_specs()
    out: list[Path] = []
    for spec in specs:
        if str(spec) != STDIN and spec.is_dir():
            found = _under(spec)
            if not found:
                raise UsageError(f"{spec}: no letter spec (YAML with a sender:) in this folder")
            out += found
        else:
            out.append(spec)
    return out
