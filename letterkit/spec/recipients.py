"""Recipients of a mail merge: from the spec's ``recipients:`` list or a data file.

A data file is a CSV (or tab-separated) table with a header row, or a YAML
or JSON list of mappings. CSV columns map onto recipient fields by name:
``name``, ``short_name``, ``address`` (lines split at ``|`` or a line break
inside the cell), ``greeting.salutation``, ``vars.NAME``... An empty cell
leaves its field out, except under ``vars.``, where it is the empty text.
Every row is validated like a spec; all problems are reported at once, each
with the file and line, before any letter is made.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec

from letterkit.errors import Problem, SpecError
from letterkit.spec.base import Refusal
from letterkit.spec.fast import validated
from letterkit.spec.model import Recipient, Spec
from letterkit.spec.problems import MAX_PROBLEMS, problems_from
from letterkit.spec.yamlfile import MAX_NODES, Loaded, Loc, Position, decode, parse, read

MAX_DATA_BYTES = 64 * 1024 * 1024
"""A mailing list of some hundred thousand rows; anything larger is a mistake."""
CSV_SUFFIXES = (".csv", ".tsv")
YAML_SUFFIXES = (".yaml", ".yml", ".json")
ADDRESS_SEPARATOR = re.compile(r"\s*(?:\||\r?\n)\s*")
KEEP_EMPTY = "vars"
"""Columns under this prefix keep empty cells: an empty value is still a value."""


class Entry(msgspec.Struct, frozen=True):
    """One recipient and where it was written, for messages."""

    recipient: Recipient
    where: str
    """"people.csv:5" (a row), "people.json:1:40" (an entry), "letter.yaml recipients[2]"."""
    index: int = 0
    """Its place among the file's recipients, from 0: {n} in an output name counts from it."""


class Recipients(msgspec.Struct, frozen=True):
    """The recipients read from a data file: those asked for, and how many it holds in all."""

    entries: list[Entry]
    total: int


class _Rows(msgspec.Struct):
    """Rows of plain data from a data file, each with where its values stood."""

    path: Path
    rows: list[tuple[Any, Loaded]] = msgspec.field(default_factory=list)
    lines: list[Position] = msgspec.field(default_factory=list)
    """Where each row starts."""
    indexes: list[int] = msgspec.field(default_factory=list)
    """Each row's place among all rows of the file."""
    total: int = 0
    """Rows in the file, those not built included."""
    columns: bool = True
    """Whether positions have real columns (a CSV cell's column is not worth counting)."""


def from_spec(spec: Spec, spec_path: Path) -> list[Entry]:
    """The recipients listed in a spec."""
    listed = enumerate(spec.recipients or ())
    return [Entry(r, f"{spec_path} recipients[{i}]", i) for i, r in listed]


def personalise(spec: Spec, recipient: Recipient) -> Spec:
    """The spec of one recipient's letter: its fields and overrides put over the spec."""
    greeting = spec.greeting
    if recipient.greeting is not None:
        # Only what the recipient's greeting says replaces the spec's (an explicit null too).
        own = recipient.greeting
        greeting = greeting.changed(**{k: getattr(own, k) for k in own.given})
    return spec.changed(
        recipient=recipient.party(),
        recipients=None,
        greeting=greeting,
        vars={**spec.vars, **recipient.vars},
        mail=spec.mail.changed(attach=(*spec.mail.attach, *recipient.attach)),
    )


def load_data(path: Path, roots: Sequence[Path] = ()) -> list[Entry]:
    """Read and validate the recipients in a data file; raise SpecError naming every bad row.

    ``roots`` are the folders the file must lie in: the project's, for a file
    a spec names; none for one the user names with --data.
    """
    return read_data(path, roots).entries


def read_data(path: Path, roots: Sequence[Path] = (), keep: range | None = None) -> Recipients:
    """The recipients of a data file whose places are in ``keep`` (all when None).

    Rows outside ``keep`` are counted but neither built nor validated: a
    shard of a mailing of a million rows pays only for its own. Every bad
    row that is kept is named, all at once.
    """
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + YAML_SUFFIXES:
        *rest, last = CSV_SUFFIXES + YAML_SUFFIXES
        kinds = f"{', '.join(rest)} or {last}"
        raise SpecError.at(path, f"unknown kind of data file; name it {kinds}")
    rows = next(_chunks(path, roots, keep, sys.maxsize))
    entries, problems = _checked(rows)
    if problems:
        raise SpecError(problems[:MAX_PROBLEMS])
    if not rows.total:
        raise SpecError.at(rows.path, "the file lists no recipients")
    return Recipients(entries, rows.total)


def read_chunks(path: Path, roots: Sequence[Path], keep: range, size: int) -> Iterator[list[Entry]]:
    """The recipients whose places are in ``keep``, ``size`` at a time, from one reading.

    Each chunk is built only when asked for, so a mailing of a million rows is
    held a chunk at a time. Once a row is bad no chunk more is given, but every
    bad row is still named, all at once, when the last has been read.
    """
    problems: dict[Problem, None] = {}
    for rows in _chunks(path, roots, keep, size):
        entries, found = _checked(rows)
        problems.update(dict.fromkeys(found))
        if not problems:
            yield entries
    if problems:
        raise SpecError(list(problems)[:MAX_PROBLEMS])


def _chunks(path: Path, roots: Sequence[Path], keep: range | None, size: int) -> Iterator[_Rows]:
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + YAML_SUFFIXES:
        *rest, last = CSV_SUFFIXES + YAML_SUFFIXES
        kinds = f"{', '.join(rest)} or {last}"
        raise SpecError.at(path, f"unknown kind of data file; name it {kinds}")
    text = decode(path, read(path, MAX_DATA_BYTES, "data", roots))
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path, text, keep, size)
    return _yaml_rows(path, text, keep, size)


def _checked(rows: _Rows) -> tuple[list[Entry], list[Problem]]:
    """The valid recipients of some rows, and the problems of the others."""
    entries: list[Entry] = []
    problems: dict[Problem, None] = {}  # ordered and without repeats (a bad column, every row)
    for (data, loaded), start, index in zip(rows.rows, rows.lines, rows.indexes, strict=True):
        column = start.column if rows.columns else None
        if not isinstance(data, dict):
            message = "each entry must be a mapping of recipient fields"
            problems[Problem(rows.path, message, start.line, column)] = None
            continue
        try:
            recipient = validated(Recipient, data)
        except Refusal as exc:
            found = problems_from(exc, loaded, Recipient)
            problems.update((p if rows.columns else _cell(p), None) for p in found)
            continue
        where = f"{rows.path}:{start.line}" + (f":{column}" if column else "")
        entries.append(Entry(recipient, where, index))
    return entries, list(problems)


def _cell(problem: Problem) -> Problem:
    """A CSV problem: a line without a column, and columns called columns."""
    message = problem.message.replace(": unknown key", ": unknown column")
    return dataclasses.replace(problem, message=message, column=None)


def _yaml_rows(path: Path, text: str, keep: range | None, size: int) -> Iterator[_Rows]:
    """A YAML or JSON list (JSON is YAML, and so keeps its lines for messages).

    A list of many recipients is many values: the caps on what aliases expand
    to grow with the file, whose own size is capped.
    """
    loaded = parse(path, text, max_nodes=max(MAX_NODES, len(text) // 2), max_text=2 * len(text))
    if loaded.problems:  # duplicate keys: which value was meant is anyone's guess
        raise SpecError(loaded.problems[:MAX_PROBLEMS])
    if not isinstance(loaded.data, list):
        raise SpecError.at(path, "a data file holds a list of recipients, one mapping each", 1, 1)
    rows = _Rows(path, total=len(loaded.data))
    values, keys = (
        _by_entry(loaded.values, len(loaded.data)),
        _by_entry(loaded.keys, len(loaded.data)),
    )
    for i, data in enumerate(loaded.data):
        if keep is None or i in keep:
            rows.rows.append((data, Loaded(path, data, values[i], keys[i])))
            rows.lines.append(loaded.values[(i,)])
            rows.indexes.append(i)
            if len(rows.rows) >= size:
                yield rows
                rows = _Rows(path, total=len(loaded.data))
    yield rows


def _by_entry(positions: dict[Loc, Position], count: int) -> list[dict[Loc, Position]]:
    """The positions within each list entry, as if each entry were a file of its own.

    One pass over all positions: filtering them once per entry took minutes
    for a list of some ten thousand recipients.
    """
    entries: list[dict[Loc, Position]] = [{} for _ in range(count)]
    for loc, pos in positions.items():
        if loc and isinstance(loc[0], int):
            entries[loc[0]][loc[1:]] = pos
    return entries


def _delimiter(path: Path, header: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    # Spreadsheets save CSV with the separator of their locale: a comma or a semicolon.
    return max(",;\t", key=header.count) if any(c in header for c in ",;\t") else ","


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
"""A line with its ending, as a text stream opened with newline="" reads it."""


def _lines(text: str) -> Iterator[str]:
    """The text's lines one at a time: a StringIO copies a whole file, 4 bytes a character."""
    return (line.group() for line in _LINE.finditer(text))


def _csv_rows(path: Path, text: str, keep: range | None, size: int) -> Iterator[_Rows]:
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    # Strict: a quote never closed is an error, not a cell that swallows the rows after it.
    reader = csv.reader(_lines(text), delimiter=_delimiter(path, first), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise SpecError.at(path, "the file is empty; the first row names the columns") from None
    _check_header(path, header)
    rows = _Rows(path, columns=False)
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if keep is None or rows.total in keep:
                    rows.rows.append(_csv_row(path, header, cells, line))
                    rows.lines.append(Position(line, 1))
                    rows.indexes.append(rows.total)
                rows.total += 1
                if len(rows.rows) >= size:
                    yield rows
                    rows = _Rows(path, total=rows.total, columns=False)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(path, exc, line) from None
    yield rows


def _csv_error(path: Path, exc: csv.Error, line: int) -> SpecError:
    """A CSV syntax error at the row it is in (where an unclosed quote opened)."""
    message = str(exc)
    if message == "unexpected end of data":
        message = 'a quote (") in this row is never closed; close it, or write "" for a quote'
    return SpecError.at(path, f"CSV syntax error: {message}", line)


def _check_header(path: Path, header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            raise SpecError.at(path, "a column has no name in the first row; name it", 1)
        if name in seen:
            raise SpecError.at(path, f'the column "{name}" is named twice; keep one', 1)
        seen.add(name)


def _csv_row(path: Path, header: list[str], cells: list[str], line: int) -> tuple[Any, Loaded]:
    if len(cells) > len(header):
        message = f"the row has {len(cells)} cells but the first row names {len(header)} columns"
        raise SpecError.at(path, message, line)
    data: dict[str, Any] = {}
    here, title = Position(line, 1), Position(1, 1)
    loaded = Loaded(path, data, {(): here}, {})
    for name, cell in zip(header, cells, strict=False):
        prefix, _, rest = name.partition(".")
        if not cell.strip() and prefix != KEEP_EMPTY:
            continue
        value: Any = ADDRESS_SEPARATOR.split(cell.strip()) if name == "address" else cell
        if rest:
            data.setdefault(prefix, {})[rest] = value
            loc: Loc = (prefix, rest)
            loaded.values[(prefix,)] = here
        else:
            data[name] = value
            loc = (name,)
        # Values stand on the row's line, column names on the first line.
        loaded.values[loc] = here
        loaded.keys[loc] = title
    return data, loaded
