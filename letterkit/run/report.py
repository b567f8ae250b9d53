"""Machine-readable reports of a run (--report json, --report github).

json: one object per letter (its spec, recipient, status, outputs with their
SHA-256 and problems with file, line and column) and the totals; the run's
problems that belong to no letter of the plan (a spec that could not be
read) are letters of status "failed" too. github: one workflow command per
problem, which GitHub Actions shows as an annotation on the line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from letterkit.errors import LetterkitError, Problem


class Record(msgspec.Struct, frozen=True):
    """What happened to one letter."""

    spec: str
    recipient: str | None
    status: str
    """written, current (skipped), checked, differs or failed."""
    outputs: tuple[tuple[str, str | None], ...] = ()
    """(path, SHA-256 of its bytes)."""
    problems: tuple[Problem, ...] = msgspec.field(default=())


def failed(
    error: LetterkitError, spec: Path | str | None = None, recipient: str | None = None
) -> Record:
    """The record of a letter (or a spec) that failed."""
    where = spec if spec is not None else (error.problems[0].path if error.problems else "")
    return Record(str(where), recipient, "failed", problems=tuple(error.problems))


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "file": str(problem.path),
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "text": str(problem),
    }


def as_json(records: list[Record], totals: dict[str, Any]) -> str:
    """The report as a JSON document (one line per letter would not nest problems)."""
    letters = [
        {
            "spec": r.spec,
            "recipient": r.recipient,
            "status": r.status,
            "outputs": [{"path": path, "sha256": sha} for path, sha in r.outputs],
            "problems": [_problem(p) for p in r.problems],
        }
        for r in records
    ]
    return json.dumps({"letters": letters, **totals}, ensure_ascii=False, indent=2) + "\n"


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def as_github(records: list[Record]) -> str:
    """One GitHub Actions ::error command per problem."""
    lines = []
    for record in records:
        for p in record.problems:
            where = [f"file={_escape(str(p.path), property_value=True)}"]
            where += [f"line={p.line}"] if p.line is not None else []
            where += [f"col={p.column}"] if p.column is not None else []
            lines.append(f"::error {','.join(where)}::{_escape(p.message)}")
    return "".join(f"{line}\n" for line in lines)
