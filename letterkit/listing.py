"""``letterkit templates``: which template is in effect for a spec, and from where."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from babel import UnknownLocaleError

from letterkit.compose.coverage import coverage, file_to_add
from letterkit.compose.formatting import locale_of
from letterkit.compose.grammar import grammar_of
from letterkit.compose.letter import part_names
from letterkit.compose.templates import BUILTIN_PREFIX, Source, TemplateSet
from letterkit.errors import UsageError
from letterkit.project import Project
from letterkit.spec import load_spec


def shown(path: Path) -> str:
    """A path as the user best reads it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _origin(source: Source) -> str:
    return "built-in" if source.origin == "built-in" else shown(source.path)


def _overrides(origins: Sequence[str]) -> str:
    named = [o if o == "built-in" else shown(Path(o)) for o in origins]
    return f"overrides {', '.join(named)}" if named else ""


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  " + "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


def report(
    templates: TemplateSet,
    letter: Path | None = None,
    parts: Sequence[tuple[str, Source]] = (),
) -> str:
    """The search path, every template in effect with what it overrides, and a letter's parts."""
    lines = ["search path (the first folder holding a name wins):"]
    lines += [f"  {i}. {shown(f)}" for i, f in enumerate(templates.folders[:-1], start=1)]
    lines += [f"  {len(templates.folders)}. built-in"]
    lines += ["", "templates in effect:"]
    rows = [
        (entry.name, _origin(entry.source), _overrides(entry.overrides))
        for entry in templates.listing()
    ]
    lines += [line.rstrip() for line in _table(rows)]
    if letter is not None:
        lines += ["", f"parts of {shown(letter)}, in order:"]
        rows = [(n, s.name.split("/", 1)[1], _origin(s)) for n, s in parts]
        lines += [line.rstrip() for line in _table(rows)]
    return "\n".join(lines) + "\n"


def _in_effect(spec: Path | None, given: tuple[Path, ...]) -> tuple[TemplateSet, Project]:
    # Without a spec: the project of the current folder, as for a spec kept here.
    project = Project.of(spec if spec is not None else Path.cwd() / "letter.yaml")
    return TemplateSet(project.search_path(given), project.root), project


def _show(found: TemplateSet, name: str) -> str:
    # "builtin/<name>" shows the built-in template even where a project overrides it.
    builtin = TemplateSet()
    entries = {e.name: (found, e.source) for e in found.listing()}
    entries |= {f"{BUILTIN_PREFIX}/{e.name}": (builtin, e.source) for e in builtin.listing()}
    if name not in entries:
        raise UsageError(f'no template named "{name}"; letterkit templates lists them')
    templates, source = entries[name]
    return templates.read(source)


def language_report(found: TemplateSet, language: str) -> str:
    """What the template folders word in a language, part by part, and what they lack."""
    try:
        locale_of(language)
    except (ValueError, UnknownLocaleError):
        message = f'--language: unknown language tag "{language}" (try fr, es, fa...)'
        raise UsageError(message) from None
    parts = coverage(found, language)
    worded = [(p.part, p.source) for p in parts if p.worded and p.source is not None]
    lines = [f"language {language}: parts with wording ({len(worded)} of {len(parts)}):"]
    rows: list[tuple[str, ...]] = [
        (part, source.name.split("/", 1)[1], _origin(source)) for part, source in worded
    ]
    lines += [line.rstrip() for line in _table(rows)] if rows else ["  none"]
    missing = [p.part for p in parts if not p.worded]
    lines += ["", "missing (the part holds only what the spec writes out):"]
    rows = [(part, f"add {shown(Path(file_to_add(found, language, part)))}") for part in missing]
    lines += [line.rstrip() for line in _table(rows)] if rows else ["  none"]
    helpers = sorted(grammar_of(language).filters)
    lines += ["", f"grammar helpers (filters): {', '.join(helpers) if helpers else 'none'}"]
    return "\n".join(lines) + "\n"


def templates(
    spec: Path | None,
    given: tuple[Path, ...],
    show: str | None = None,
    language: str | None = None,
) -> str:
    """The templates in effect for a spec (or the current folder), or one template's text.

    With ``language``: what that language's folders provide, and what they lack.
    """
    found, project = _in_effect(spec, given)
    if show is not None:
        return _show(found, show)
    if language is not None:
        return language_report(found, language)
    if spec is None:
        return report(found)
    letter = load_spec(spec, project.config.spec_defaults())
    parts = [(n, found.require_part(n, letter.language, str(spec))) for n in part_names(letter)]
    return report(found, spec, parts)


def template_names(spec: Path | None, given: tuple[Path, ...]) -> list[str]:
    """The names of every template in effect, for shell completion."""
    return [entry.name for entry in _in_effect(spec, given)[0].listing()]
