"""letterkit check: every letter composed in memory, and the specs that checked out remembered.

A project's pre-commit hook checks every spec on every commit, and most are
unchanged. A spec whose letters all checked out, while nothing was said, is
remembered in the user's cache folder (letterkit/usercache.py) under a key
made without loading it again: letterkit's version, the working folder, the
check's options and log level, the date, what the fonts cover, the spec's
path and bytes, its data file's, and the fingerprint its letters share
(templates, project config, the files it names, engines and fonts; see
run/fingerprint.py), made again from the spec's recipe (run/recipe.py). The next
check of a spec with the same key counts its letters as checked without
loading them; any change (a template, a font, an image, the next day) checks
the spec again, and ``check --force`` checks every spec.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from letterkit import __version__
from letterkit.defaults import STDIN, STDIN_SPEC_NAME
from letterkit.errors import RenderError
from letterkit.run import coverage, facts, recipe
from letterkit.run.batch import made_in_memory
from letterkit.run.discover import expand
from letterkit.run.options import Options
from letterkit.run.plan import Planner
from letterkit.run.report import Record, failed
from letterkit.run.result import Result
from letterkit.run.strict import logged

log = logging.getLogger("letterkit")

ENTRY = "checked"
MAX_SPECS = 1000
"""Specs remembered per working folder; the oldest are forgotten first (every check from
that folder reads them all)."""
MAX_FOLDERS = 64
"""Working folders whose checks are remembered; the least recently checked are forgotten."""


def check(specs: Sequence[Path], options: Options) -> Result:
    """Plan every letter and make its text formats in memory, writing nothing."""
    specs = expand(specs)
    planner = Planner(options, options.compose_options())
    planner.claims = {}
    kept = facts.load(_entry())
    common = _common(options)
    result = Result()
    recalled = {} if options.force else _recalled(kept, planner, specs, common)
    unknown = [spec for spec in specs if str(spec) not in recalled]
    if unknown:  # made by the worker forked as the check started (run/ahead.py)
        with logged() as said:
            _check(unknown, options, planner, result)
        if not said:  # a spec that warned is checked again, so the warning is said again
            _remember(kept, planner, unknown, result.records, common)
    for records in recalled.values():
        result.letters += len(records)
    result.records = _in_order(specs, [*result.records, *(r for v in recalled.values() for r in v)])
    result.planned = result.letters + len(result.failures)
    return result


def _check(specs: list[Path], options: Options, planner: Planner, result: Result) -> None:
    with closing(
        made_in_memory(specs, options, result.failures, text_only=True, planner=planner)
    ) as made:
        for planned, one in made:
            # What the PDF would fail on without laying it out: characters no font has.
            chars = coverage.missing(one.outputs["txt"].decode("utf-8"))
            record = Record(str(planned.job.source), planned.job.spec.addressee.name, "checked")
            if chars and "pdf" in planned.targets:
                error = RenderError([coverage.problem(planned.job.label, chars)])
                result.failures.append(error)
                result.records.append(failed(error, record.spec, record.recipient))
                continue
            result.letters += 1
            result.records.append(record)


def _recalled(
    kept: dict[str, Any], planner: Planner, specs: list[Path], common: list[str]
) -> dict[str, list[Record]]:
    """The records of the specs remembered as checked, by spec.

    A spec named twice, or two that would write the same file, are checked
    again (the check refuses them); the files the others write are claimed,
    so a spec checked now that would write one of them is refused as well.
    """
    found: dict[str, tuple[list[Record], list[bytes]]] = {}
    for spec in specs:
        entry = kept.get(_name(spec))
        records = _recall(entry, planner, spec, common)
        claims = entry.get("claims") if isinstance(entry, dict) else None
        if records is None or not isinstance(claims, list):
            continue
        with suppress(TypeError, ValueError):
            found[str(spec)] = (records, [bytes.fromhex(claim) for claim in claims])
    owners: dict[bytes, list[str]] = {}
    for name, (_records, claims) in found.items():
        for claim in claims:
            owners.setdefault(claim, []).append(name)
    shared = {name for names in owners.values() if len(names) > 1 for name in names}
    twice = {name for name, times in Counter(str(spec) for spec in specs).items() if times > 1}
    recalled = {n: r for n, (r, _c) in found.items() if n not in shared | twice}
    for name, (_records, claims) in found.items():
        if name in recalled:
            planner.claimed.update(claims)
    return recalled


def _name(spec: Path) -> str:
    """Where a spec is remembered: its path as given, from this folder."""
    return hashlib.sha256(f"{Path.cwd()}\0{spec}".encode("utf-8", "surrogatepass")).hexdigest()


def _common(options: Options) -> list[str]:
    """The key's parts every spec of the run shares."""
    ranges = coverage.covered()
    shown = repr(replace(options, progress=False, jobs=None, force=False))
    return [
        f"letterkit {__version__}",
        str(Path.cwd()),
        shown,
        f"level {log.getEffectiveLevel()}",
        hashlib.sha256(repr(ranges).encode()).hexdigest(),
    ]


def _key(planner: Planner, spec: Path, hints: Any, common: list[str]) -> str | None:
    """A spec's key, from its recipe (``hints``); None when it cannot be made."""
    found = recipe.fingerprint(planner, spec, hints)
    return None if found is None else _hashed([*common, str(spec), *found])


def _hashed(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _recall(kept: Any, planner: Planner, spec: Path, common: list[str]) -> list[Record] | None:
    """The records of a spec remembered under its key now; None if it is to be checked."""
    if str(spec) == STDIN or not isinstance(kept, dict):
        return None
    key = _key(planner, spec, kept.get("hints"), common)
    letters = kept.get("letters")
    if key is None or kept.get("key") != key or not isinstance(letters, list) or not letters:
        return None
    if not all(isinstance(r, str | None) for r in letters):
        return None
    return [Record(str(spec), recipient, "checked") for recipient in letters]


def _remember(
    kept: dict[str, Any],
    planner: Planner,
    specs: list[Path],
    records: list[Record],
    common: list[str],
) -> None:
    """Remember each spec whose every planned letter checked out."""
    planned: dict[str, int] = {}
    for one in planner.planned:
        planned[str(one.job.source)] = planned.get(str(one.job.source), 0) + 1
    checked: dict[str, list[str | None]] = {}
    for record in records:
        if record.status == "checked":
            checked.setdefault(record.spec, []).append(record.recipient)
    for spec in specs:
        letters = checked.get(str(spec), [])
        if str(spec) == STDIN or not letters or len(letters) != planned.get(str(spec)):
            continue
        hints, found = recipe.prepared(planner, spec)  # prepared already: kept by the planner
        key = _hashed([*common, str(spec), *found])
        claims = [claim.hex() for claim in (planner.claims or {}).get(spec, ())]
        kept.pop(_name(spec), None)
        kept[_name(spec)] = {"key": key, "hints": hints, "letters": letters, "claims": claims}
    facts.save(_entry(), dict(list(kept.items())[-MAX_SPECS:]))
    facts.forget_oldest(f"{ENTRY}-", MAX_FOLDERS)


def _entry() -> str:
    """Where the specs checked from this folder are remembered.

    One entry per working folder: a check reads and rewrites only its own
    folder's specs, not those of every project and scratch folder checked
    before (a thousand specs were a third of a megabyte of JSON, read and
    written by every check).
    """
    digest = hashlib.sha256(str(Path.cwd()).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{ENTRY}-{digest[:16]}"


def _in_order(specs: list[Path], records: list[Record]) -> list[Record]:
    """The records in the order of their specs, as a check of them all lists them."""
    place = {STDIN_SPEC_NAME if str(s) == STDIN else str(s): n for n, s in enumerate(specs)}
    return sorted(records, key=lambda r: place.get(r.spec, len(place)))
