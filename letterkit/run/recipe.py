"""What a spec's letters are made from, told again without loading the spec.

A re-run that finds nothing to do (run/unchanged.py) and a check of an
unchanged spec (run/check.py) need a spec's fingerprint: its bytes, its data
file's, and what its letters share (run/fingerprint.py). Loading the spec to
learn that costs more than the rest. But the shared fingerprint asks the spec
only its language and how it names files (images, attachments) and where its
data file is: its *recipe*, kept beside what was remembered. While the
spec's bytes and its project's config are the same, so is its recipe, and
the fingerprint is made again from it and from the files as they are now;
a changed spec changes its own digest, which is part of every key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from letterkit.errors import LetterkitError
from letterkit.run.plan import Planner
from letterkit.run.settings import Resolved


def recipe(planner: Planner, spec: Path) -> dict[str, Any]:
    """The recipe of a spec the planner has prepared."""
    prepared = planner.prepare(spec)
    return {
        "language": prepared.spec.language,
        "names": planner.fingerprints.names(prepared.spec, spec, prepared.resolved.roots),
        "data": None if prepared.data is None else str(prepared.data),
    }


def prepared(planner: Planner, spec: Path) -> tuple[dict[str, Any], list[str]]:
    """The recipe and the fingerprint of a spec the planner has prepared."""
    kept = recipe(planner, spec)
    found = fingerprint(planner, spec, kept, planner.prepare(spec).resolved)
    assert found is not None, "a recipe made now is whole"
    return kept, found


def fingerprint(
    planner: Planner, spec: Path, kept: Any, resolved: Resolved | None = None
) -> list[str] | None:
    """A spec's path, bytes, data file and shared fingerprint, from its ``kept`` recipe.

    None when the recipe is not one (a cache entry is not trusted to be whole)
    or the spec's project cannot be resolved. ``resolved``: its project, when
    the planner has resolved it already.
    """
    if not isinstance(kept, dict):
        return None
    language, names, data = kept.get("language"), kept.get("names"), kept.get("data")
    if not isinstance(language, str) or not isinstance(names, list):
        return None
    if not all(isinstance(n, str) for n in names) or not isinstance(data, str | None):
        return None
    try:
        resolved = resolved or planner.settings.for_spec(spec)
    except LetterkitError:
        return None
    prints = planner.fingerprints
    named = prints.named_again(names, spec, resolved.roots)
    config = resolved.project.config_path
    shared = prints.shared_of(language, named, templates=resolved.templates, config=config)
    data_digest = "no data" if data is None else prints.file(Path(data))
    return [str(spec.resolve()), prints.file(spec), data_digest, shared]
