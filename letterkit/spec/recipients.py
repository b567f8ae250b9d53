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
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from letterkit.errors import Problem, SpecError
from letterkit.spec.model import Recipient, Spec
from letterkit.spec.problems import MAX_PROBLEMS, problems_from
from letterkit.spec.yamlfile import Loaded, Loc, Position, decode, parse, read

MAX_DATA_BYTES = 64 * 1024 * 1024
"""A mailing list of some hundred thousand rows; anything larger is a mistake."""
CSV_SUFFIXES = (".csv", ".tsv")
YAML_SUFFIXES = (".yaml", ".yml", ".json")
ADDRESS_SEPARATOR = re.compile(r"\s*(?:\||\r?\n)\s*")
KEEP_EMPTY = "vars"
"""Columns under this prefix keep empty cells: an empty value is still a value."""


@dataclass(frozen=True)
class Entry:
    """One recipient and where it was written, for messages."""

    recipient: Recipient
    where: str
    """"people.csv:5" (a row), "people.json:1:40" (an entry), "letter.yaml recipients[2]"."""


@dataclass
class _Rows:
    """Rows of plain data from a data file, each with where its values stood."""

    path: Path
    rows: list[tuple[Any, Loaded]] = field(default_factory=list)
    lines: list[Position] = field(default_factory=list)
    """Where each row starts."""
    columns: bool = True
    """Whether positions have real columns (a CSV cell's column is not worth counting)."""


def from_spec(spec: Spec, spec_path: Path) -> list[Entry]:
    """The recipients listed in a spec."""
    return [Entry(r, f"{spec_path} recipients[{i}]") for i, r in enumerate(spec.recipients or ())]


def personalise(spec: Spec, recipient: Recipient) -> Spec:
    """The spec of one recipient's letter: its fields and overrides put over the spec."""
    greeting = spec.greeting
    if recipient.greeting is not None:
        greeting = greeting.model_copy(update=recipient.greeting.model_dump(exclude_unset=True))
    return spec.model_copy(
        update={
            "recipient": recipient.party(),
            "recipients": None,
            "greeting": greeting,
            "vars": {**spec.vars, **recipient.vars},
            "mail": spec.mail.model_copy(update={"attach": (*spec.mail.attach, *recipient.attach)}),
        }
    )


def load_data(path: Path, roots: Sequence[Path] = ()) -> list[Entry]:
    """Read and validate the recipients in a data file; raise SpecError naming every bad row.

    ``roots`` are the folders the file must lie in: the project's, for a file
    a spec names; none for one the user names with --data.
    """
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + YAML_SUFFIXES:
        *rest, last = CSV_SUFFIXES + YAML_SUFFIXES
        kinds = f"{', '.join(rest)} or {last}"
        raise SpecError.at(path, f"unknown kind of data file; name it {kinds}")
    text = decode(path, read(path, MAX_DATA_BYTES, "data", roots))
    rows = _csv_rows(path, text) if suffix in CSV_SUFFIXES else _yaml_rows(path, text)
    return _validate(rows)


def _validate(rows: _Rows) -> list[Entry]:
    entries: list[Entry] = []
    problems: dict[Problem, None] = {}  # ordered and without repeats (a bad column, every row)
    for (data, loaded), start in zip(rows.rows, rows.lines, strict=True):
        column = start.column if rows.columns else None
        if not isinstance(data, dict):
            message = "each entry must be a mapping of recipient fields"
            problems[Problem(rows.path, message, start.line, column)] = None
            continue
        try:
            recipient = Recipient.model_validate(data)
        except ValidationError as exc:
            found = problems_from(exc, loaded, Recipient)
            problems.update((p if rows.columns else _cell(p), None) for p in found)
            continue
        where = f"{rows.path}:{start.line}" + (f":{column}" if column else "")
        entries.append(Entry(recipient, where))
    if problems:
        raise SpecError(list(problems)[:MAX_PROBLEMS])
    if not entries:
        raise SpecError.at(rows.path, "the file lists no recipients")
    return entries


def _cell(problem: Problem) -> Problem:
    """A CSV problem: a line without a column, and columns called columns."""
    message = problem.message.replace(": unknown key", ": unknown column")
    return replace(problem, message=message, column=None)


def _yaml_rows(path: Path, text: str) -> _Rows:
    """A YAML or JSON list (JSON is YAML, and so keeps its lines for messages)."""
    loaded = parse(path, text)
    if not isinstance(loaded.data, list):
        raise SpecError.at(path, "a data file holds a list of recipients, one mapping each", 1, 1)
    rows = _Rows(path)
    for i, data in enumerate(loaded.data):
        rows.rows.append((data, _view(loaded, i)))
        rows.lines.append(loaded.values[(i,)])
    return rows


def _view(loaded: Loaded, index: int) -> Loaded:
    """The positions of one list entry, as if it were a file of its own."""

    def strip(positions: dict[Loc, Position]) -> dict[Loc, Position]:
        return {loc[1:]: pos for loc, pos in positions.items() if loc[:1] == (index,)}

    return Loaded(loaded.path, loaded.data[index], strip(loaded.values), strip(loaded.keys))


def _delimiter(path: Path, header: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    # Spreadsheets save CSV with the separator of their locale: a comma or a semicolon.
    return max(",;\t", key=header.count) if any(c in header for c in ",;\t") else ","


def _csv_rows(path: Path, text: str) -> _Rows:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path, first))
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
                rows.rows.append(_csv_row(path, header, cells, line))
                rows.lines.append(Position(line, 1))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise SpecError.at(path, f"CSV syntax error: {exc}", reader.line_num) from None
    return rows


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
