"""The report of ``letterkit templates``: which template is in effect, and from where."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from letterkit.compose.templates import Source, TemplateSet


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
