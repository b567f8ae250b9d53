"""Loading a spec: its YAML read with positions, validated, checked, and its data file joined.

The loader's half of the spec package: letterkit/spec/__init__.py names these
without loading them, so a worker that composes letters from spec models
loads the models alone (spec/model.py), never ruamel.yaml and the loader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from letterkit.errors import Problem, SpecError
from letterkit.spec.base import Refusal
from letterkit.spec.dates import warn_near_dates
from letterkit.spec.fast import validated
from letterkit.spec.files import FOLDER, ROOTS
from letterkit.spec.fit import address_fit
from letterkit.spec.model import Spec
from letterkit.spec.modeline import warn_if_lost
from letterkit.spec.problems import problems_from, reported
from letterkit.spec.versions import languages_of, split
from letterkit.spec.yamlfile import Loaded, Position, load, parse

ADDRESSED = ("recipient", "recipients", "data")

Checks = Callable[[Spec], list[tuple[tuple[str | int, ...], str]]]
"""Further rules on a valid spec (a language's grammar needs), each problem at a field."""


def _addressing(loaded: Loaded, data_file: Path | None) -> list[Problem]:
    """Who the letter goes to: recipient or recipients in the spec, or a data file, exactly once."""
    given = [key for key in ADDRESSED if loaded.data.get(key) is not None]
    if data_file is None and not given:
        # An empty "recipient:" is pointed at; a missing one at the top of the file.
        pos = loaded.position(("recipient",) if "recipient" in loaded.data else ())
        message = 'field "recipient" is required (or recipients:, or data: FILE)'
        return [Problem(loaded.path, message, pos.line, pos.column)]
    if data_file is not None and given:
        pos = loaded.position((given[0],))
        message = f"{given[0]}: the recipients come from {data_file}; remove this key or --data"
        return [Problem(loaded.path, message, pos.line, pos.column)]
    if len(given) > 1:
        pos = loaded.position((given[1],))
        message = f"{given[1]}: give one of recipient, recipients or data, not {given[0]} too"
        return [Problem(loaded.path, message, pos.line, pos.column)]
    return []


def _checked(spec: Spec, loaded: Loaded, checks: Checks | None) -> Spec:
    found = [] if checks is None else checks(spec)
    problems = []
    for loc, message in found:
        pos = loaded.position(loc)
        problems.append(Problem(loaded.path, message, pos.line, pos.column))
    if problems:
        raise SpecError(reported(problems))
    return spec


def _validate(
    loaded: Loaded,
    data_file: Path | None = None,
    roots: Sequence[Path] = (),
    checks: Checks | None = None,
) -> Spec:
    if not isinstance(loaded.data, dict):
        raise SpecError.at(
            loaded.path,
            "a spec is a mapping of keys (sender:, recipient:, ...), not a single value or a list",
            1,
            1,
        )
    languages = languages_of(loaded)
    if languages is None:
        return _validate_one(loaded, data_file, roots, checks)
    # A letter in several languages: each version is validated as a spec of its own.
    versions, problems = split(loaded, languages)
    if problems:
        raise SpecError(reported([*loaded.problems, *problems]))
    first, *others = (
        _validate_one(v.loaded, data_file, roots, checks, warn=i == 0)
        for i, v in enumerate(versions)
    )
    return first.with_versions(tuple(others))


def _validate_one(
    loaded: Loaded,
    data_file: Path | None,
    roots: Sequence[Path],
    checks: Checks | None,
    warn: bool = True,
) -> Spec:
    problems = _addressing(loaded, data_file)
    try:
        # Paths in the spec (logos, signatures) are checked against its folder,
        # and against the folders the PDF may load from when the caller knows them.
        context = {FOLDER: loaded.path.parent, ROOTS: tuple(roots)}
        spec = validated(Spec, loaded.data, context)
    except Refusal as exc:
        found = problems_from(exc, loaded, Spec)
        raise SpecError(reported([*loaded.problems, *problems, *found])) from None
    problems += address_fit(spec, loaded)
    if loaded.problems or problems:
        raise SpecError(reported([*loaded.problems, *problems]))
    if warn:  # said once for a letter in several languages
        warn_near_dates(loaded, loaded.data)
        warn_if_lost(loaded.path, loaded.schema_line)
    return _checked(spec, loaded, checks)


def with_defaults(data: Any, defaults: Mapping[str, Any]) -> Any:
    """Spec data with defaults filled in where it leaves a key out; mappings merge key by key."""
    if not isinstance(data, dict):
        return data
    merged = dict(data)
    for key, value in defaults.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(value, Mapping):
            merged[key] = with_defaults(merged[key], value)
    return merged


def load_spec(
    path: Path,
    defaults: Mapping[str, Any] | None = None,
    data_file: Path | None = None,
    roots: Sequence[Path] = (),
    checks: Checks | None = None,
) -> Spec:
    """Read, parse and validate a spec file; every problem is a SpecError with positions.

    ``defaults`` (a project's config) fill what the spec leaves out, before
    validation, so every rule of the model applies to them too. ``data_file``
    names the file the recipients come from, when they are not in the spec.
    ``roots`` are the folders images may come from (none given: not checked).
    ``checks`` are further rules the caller knows (a language's grammar needs).
    """
    loaded = load(path)
    if defaults:
        if languages_of(loaded) is not None:
            # A project's default language is not this letter's: its languages are.
            defaults = {k: v for k, v in defaults.items() if k != "language"}
        loaded.data = with_defaults(loaded.data, defaults)
    return _validate(loaded, data_file, roots, checks)


def position_of(path: Path, loc: tuple[str | int, ...]) -> Position:
    """Where a key of a spec file is written (read again: for a message only)."""
    return load(path).position(loc)


def parse_spec(path: Path, text: str) -> Spec:
    """Validate spec text, naming ``path`` in errors."""
    return _validate(parse(path, text))
