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

A kept plan is a line of JSON with the key, then one line per letter. The
letters are spooled as they are planned and copied after that line at the
end, so a mailing's plan is never held whole, nor read back whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from letterkit import __version__, boundary
from letterkit.defaults import STDIN, STDOUT
from letterkit.errors import LetterkitError, OutputError
from letterkit.output import flush_staged, put_in_place, stage, sync_folder
from letterkit.run import recipe
from letterkit.run.manifest import MAX_MANIFEST_BYTES, state_folder
from letterkit.run.plan import Planned, Planner
from letterkit.run.report import Record
from letterkit.run.result import Result
from letterkit.run.writer import Writer

log = logging.getLogger("letterkit")

PLANS = "plans"
SPOOL_BYTES = 64 * 1024
"""A plan's letters held in memory up to this size (some 250 letters); more go to an unnamed
temporary file, so a large mailing holds no more of its plan than a small one."""


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
        kept = io.BytesIO(boundary.read_bytes(_where(specs), (), MAX_MANIFEST_BYTES))
        head: Any = json.loads(kept.readline())
    except (OSError, LetterkitError, ValueError, RecursionError):
        head = None
    recipes = head.get("recipes") if isinstance(head, dict) else None
    if isinstance(recipes, dict) and isinstance(head, dict):
        key = _key(planner, specs, recipes)
        if key is not None and head.get("key") == key:
            done = _all_current(kept, head.get("letters"), each_file)
            if done is not None:
                return key, done
    # Planned in full: the key of what the run is made from now, its specs loaded.
    return _key(planner, specs), None


def _all_current(lines: Iterable[bytes], count: Any, each_file: bool) -> Result | None:
    """Every letter skipped, or None as soon as one is not current (or the plan is not ours)."""
    if not isinstance(count, int) or count < 1:
        return None
    writer, result = Writer(), Result(planned=count)
    for seen, line in enumerate(lines, start=1):
        try:
            letter = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if seen > count or not _a_letter(letter):
            return None
        source, recipient, label, inputs, targets = letter
        found = [(t, writer.current(Path(t), inputs)) for t in targets]
        if not targets or any(sha is None for _, sha in found):
            return None
        result.spilled.append(Record(source, recipient, "current", tuple(found)))
        if each_file:
            log.info("%s is current; skipped", label)
    if len(result.spilled) != count:
        return None  # cut short: not a plan letterkit wrote
    result.skipped = count
    return result


def _a_letter(letter: Any) -> bool:
    """Whether a line of a kept plan is a letter as Kept.add writes one."""
    if not isinstance(letter, list) or len(letter) != 5:
        return False
    source, recipient, label, inputs, targets = letter
    texts = all(isinstance(x, str) for x in (source, label, inputs))
    files = isinstance(targets, list) and all(isinstance(t, str) for t in targets)
    return texts and files and isinstance(recipient, str | None)


class Kept:
    """A run's plan for the next run, its letters spooled as they are planned."""

    def __init__(self) -> None:
        self._letters = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 -- below
        weakref.finalize(self, self._letters.close)  # a run that fails never keeps its plan
        self.count = 0

    def add(self, planned: Planned) -> None:
        """Keep a letter of the plan: its spec, recipient, label, inputs and files."""
        job = planned.job
        targets = [str(t) for t in planned.targets.values()]
        letter = [str(job.source), job.spec.addressee.name, job.label, planned.inputs, targets]
        self._letters.write(json.dumps(letter).encode() + b"\n")
        self.count += 1

    def write(self, path: Path, head: dict[str, Any]) -> None:
        """Write the plan to ``path`` all at once or not at all: ``head``'s line, its letters."""
        temp = stage(path, json.dumps(head).encode() + b"\n")
        try:
            with temp.open("ab") as stream:
                self._letters.seek(0)
                shutil.copyfileobj(self._letters, stream)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise OutputError.at(path, f"cannot write: {exc.strerror}") from None
        flush_staged([temp])
        put_in_place(temp, path)
        sync_folder(path.parent)


def keep(
    key: str | None,
    specs: Sequence[Path],
    letters: Kept | None,
    result: Result,
    planner: Planner,
) -> None:
    """Keep a run's plan for the next run, when it planned and made every letter."""
    if key is None or letters is None or result.failures or not letters.count:
        return
    with suppress(LetterkitError):  # a cache: the next run plans in full
        recipes = {str(spec): recipe.recipe(planner, spec) for spec in specs}
        head = {"key": key, "recipes": recipes, "letters": letters.count}
        letters.write(_where(specs), head)
