"""Machine-readable reports of a run (--report json, --report github).

json: one object per letter (its spec, recipient, status, outputs with their
SHA-256 and problems with file, line and column) and the totals; the run's
problems that belong to no letter of the plan (a spec that could not be
read) are letters of status "failed" too. github: one workflow command per
problem, which GitHub Actions shows as an annotation on the line.
"""

from __future__ import annotations

import json
import marshal
import tempfile
import weakref
from collections.abc import Iterator
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


SPILL_BYTES = 64 * 1024
"""Records held in memory up to this size (some 400 letters); more go to an unnamed temporary
file, so a mailing of 5,000 holds no more of them than one of 500."""


class Spilled:
    """A run's records in order, spilled to a private temporary file as they come.

    Kept whole, a mailing's records grew the run by some 500 bytes a letter,
    only for a --report that is rarely asked for. A record with problems
    stays in memory, the very one: its problems are the run's failures
    (Result.report tells them apart by identity), which are held anyway.
    """

    def __init__(self, held: int = SPILL_BYTES) -> None:
        """``held``: the bytes of records kept in memory before they go to the file."""
        self._file = tempfile.SpooledTemporaryFile(max_size=held)  # noqa: SIM115 -- below
        # Closed when the result is let go of, however long its caller keeps it.
        weakref.finalize(self, self._file.close)
        self._held: list[Record] = []
        self._specs: dict[str, int] = {}
        """Each spec once, by number: a mailing's letters share one."""
        self._count = 0

    def append(self, record: Record) -> None:
        """Add the record of the next letter."""
        if record.problems:
            item: tuple[Any, ...] = (len(self._held),)
            self._held.append(record)
        else:
            spec = self._specs.setdefault(record.spec, len(self._specs))
            item = (spec, record.recipient, record.status, record.outputs)
        # marshal: only str, None, int and tuples, lone surrogates (undecodable names) kept.
        self._file.write(marshal.dumps(item))
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Record]:
        specs = list(self._specs)
        self._file.seek(0)
        try:
            for _ in range(self._count):
                item = marshal.load(self._file)
                if len(item) == 1:
                    yield self._held[item[0]]
                else:
                    spec, recipient, status, outputs = item
                    yield Record(specs[spec], recipient, status, outputs)
        finally:
            self._file.seek(0, 2)  # appends go on at the end


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
