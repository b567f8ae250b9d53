"""A run with nothing to do, known without planning its letters again.

Planning a letter (validating its recipient's row, personalising the spec,
naming its files, fingerprinting it) costs more than checking that its files
are current, and a re-run of an unchanged mailing plans every letter only to
skip it. So once a run has planned all its letters, what it planned (each
letter's files and inputs fingerprint) is kept in this machine's state
folder under a key made of everything the plan was made from: letterkit's
version, the working folder, the command line's options, and for each spec
its own bytes, its data file's bytes and the fingerprint its letters share
(templates, project config, the files it names, engines and fonts). The next
run with the same key checks the kept plan's files; only when every one is
current (the record decides, as always) is the run done. Anything else —
an edited output, a changed template, a new date — plans the run in full.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from letterkit import __version__, boundary
from letterkit.defaults import STDIN, STDOUT
from letterkit.errors import LetterkitError
from letterkit.output import write_atomic
from letterkit.run import recipe
from letterkit.run.manifest import MAX_MANIFEST_BYTES, state_folder
from letterkit.run.plan import Planned, Planner
from letterkit.run.report import Record
from letterkit.run.result import Result
from letterkit.run.writer import Writer

log = logging.getLogger("letterkit")

PLANS = "plans"


def _key(
    planner: Planner, specs: Sequence[Path], recipes: dict[str, Any] | None = None
) -> str | None:
    """What a run's plan is made from, hashed; None when it cannot be known up front.

    With ``recipes`` (kept with a plan) no spec is loaded (run/recipe.py); a
    spec without one is.
    """
    options = planner.options
    if STDIN in map(str, specs) or options.output == STDOUT or options.force or options.prune:
        return None
    # How the run is shown and how many workers make it change no letter.
    shown = repr(replace(options, progress=False, jobs=None))
    parts = [f"letterkit {__version__}", str(Path.cwd()), shown]
    for spec in specs:
        try:
            found = (
                recipe.fingerprint(planner, spec, recipes[str(spec)])
                if recipes and str(spec) in recipes
                else recipe.prepared(planner, spec)[1]
            )
        except LetterkitError:
            return None  # said by the full run
        if found is None:
            return None
        parts += found
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _where(specs: Sequence[Path]) -> Path:
    """Where a run of these specs from this folder keeps its plan: one plan per run, replaced."""
    run = "\n".join([str(Path.cwd()), *(str(s.resolve()) for s in specs)])
    return state_folder().parent / PLANS / f"{hashlib.sha256(run.encode()).hexdigest()[:32]}.json"


def skipped(
    planner: Planner, specs: Sequence[Path], each_file: bool
) -> tuple[str | None, Result | None]:
    """The run's key, and its result if every letter of its kept plan is current.

    ``each_file``: say that each letter was skipped (no progress bar shows).
    """
    try:
        kept: Any = json.loads(boundary.read_bytes(_where(specs), (), MAX_MANIFEST_BYTES))
    except (OSError, LetterkitError, ValueError, RecursionError):
        kept = None
    recipes = kept.get("recipes") if isinstance(kept, dict) else None
    if isinstance(recipes, dict) and isinstance(kept, dict):
        key = _key(planner, specs, recipes)
        if key is not None and kept.get("key") == key:
            done = _all_current(kept.get("letters"), each_file)
            if done is not None:
                return key, done
    # Planned in full: the key of what the run is made from now, its specs loaded.
    return _key(planner, specs), None


def _all_current(letters: Any, each_file: bool) -> Result | None:
    """Every letter skipped, or None as soon as one is not current (or the plan is not ours)."""
    if not isinstance(letters, list):
        return None
    writer, result = Writer(), Result(planned=len(letters))
    for letter in letters:
        try:
            source, recipient, label, inputs, targets = letter
            found = [(t, writer.current(Path(t), inputs)) for t in targets]
        except (TypeError, ValueError):
            return None
        if not targets or any(sha is None for _, sha in found):
            return None
        result.records.append(Record(source, recipient, "current", tuple(found)))
        if each_file:
            log.info("%s is current; skipped", label)
    result.skipped = len(letters)
    return result


def kept(planned: Planned) -> list[Any]:
    """What is kept of a letter of a plan: its spec, recipient, label, inputs and files."""
    job = planned.job
    targets = [str(t) for t in planned.targets.values()]
    return [str(job.source), job.spec.addressee.name, job.label, planned.inputs, targets]


def keep(
    key: str | None,
    specs: Sequence[Path],
    letters: list[list[Any]],
    result: Result,
    planner: Planner,
) -> None:
    """Keep a run's plan for the next run, when it planned and made every letter."""
    if key is None or result.failures or not letters:
        return
    with suppress(LetterkitError):  # a cache: the next run plans in full
        recipes = {str(spec): recipe.recipe(planner, spec) for spec in specs}
        kept = {"key": key, "letters": letters, "recipes": recipes}
        write_atomic(_where(specs), json.dumps(kept).encode())
