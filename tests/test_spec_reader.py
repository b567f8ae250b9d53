"""The fast spec reader: the same spec objects as pydantic's, or pydantic decides.

A valid spec is read without importing pydantic (what a text letter's
start-up costs); anything the fast reader does not take goes to pydantic,
whose messages users read. Both must agree exactly on what they take.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterkit.project import Config
from letterkit.spec import Recipient, Spec
from letterkit.spec.base import Model, Refusal
from letterkit.spec.fast import Defer, build
from letterkit.spec.files import FOLDER, ROOTS
from letterkit.spec.recipients import _chunks
from letterkit.spec.strict import validate
from letterkit.spec.versions import languages_of, split
from letterkit.spec.yamlfile import load
from tests.conftest import merged

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SPECS = sorted(
    path
    for path in [*EXAMPLES.rglob("*.yaml"), *(ROOT / "tests" / "data").rglob("*.yaml")]
    if "ci" not in path.relative_to(ROOT).parts
)
PYDANTIC = {"pydantic", "pydantic_core", "annotated_types", "typing_inspection"}


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down, with the same fields given."""
    if isinstance(a, Model):
        return (
            type(a) is type(b)
            and a.given == b.given
            and all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))  # type: ignore[arg-type]
        )
    if isinstance(a, tuple | list):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def agree(cls: type[Model], value: Any, context: dict[str, Any] | None = None) -> bool:
    """Whether the fast reader took the value; when it did, pydantic took it alike."""
    before = copy.deepcopy(value)
    try:
        fast = build(cls, value, context)
    except Defer:
        fast = None
    assert same(value, before), "reading leaves the data as it was"
    try:
        strict = validate(cls, value, context)
    except Refusal:
        assert fast is None, f"the fast reader took what pydantic refuses: {value!r}"
        return False
    assert fast is None or same(fast, strict), (fast, strict)
    return fast is not None


def _spec_data(path: Path) -> list[Any]:
    """The spec data of a file, one per language of a letter in several (or per variant)."""
    loaded = load(path)
    if path.parent.name == "languages":  # a letter and its variants (tests/test_languages.py)
        return [merged(loaded.data["base"], v) for v in loaded.data["variants"].values()]
    languages = languages_of(loaded)
    if languages is None:
        return [loaded.data]
    versions, problems = split(loaded, languages)
    assert not problems
    return [version.loaded.data for version in versions]


def _context(path: Path) -> dict[str, Any]:
    return {FOLDER: path.parent, ROOTS: ()}


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spec_reads_fast_as_pydantic_reads_it(path: Path) -> None:
    for data in _spec_data(path):
        assert agree(Spec, data, _context(path)), "a valid spec is read without pydantic"


def test_mail_merge_rows_and_the_project_config_read_fast_alike() -> None:
    rows = next(_chunks(EXAMPLES / "members.csv", (), None, 1000))
    assert len(rows.rows) >= 2
    for data, _ in rows.rows:
        assert agree(Recipient, data)
    config = tomllib.loads((EXAMPLES / "project" / "letterkit.toml").read_text("utf-8"))
    assert agree(Config, config)
    assert not agree(Config, {**config, "output": "-"})
    assert not agree(Config, {**config, "language": "xx-nowhere"})


def test_what_is_given_and_versions_survive_a_copy() -> None:
    data = _spec_data(EXAMPLES / "solidarity-2008.yaml")[0]
    spec = build(Spec, data, _context(EXAMPLES / "solidarity-2008.yaml"))
    assert "register" not in spec.given and "sender" in spec.given
    whole = spec.with_versions((spec.changed(language="fr"),))
    assert [v.language for v in whole.versions] == ["en", "fr"]
    assert whole.changed(subject="Other").versions == whole.versions
    assert whole.given == spec.given


TRICKY: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [
            None,
            "",
            " ",
            "\t",
            "true",
            "TRUE",
            "Yes",
            "yes ",
            "off",
            "2",
            "72",
            " 72",
            "+72",
            "7.5",
            "1_000",
            "-3",
            "19",
            "1001",
            "2008-01-14",
            "2008-1-4",
            "2008-02-30",
            " 2008-01-14 ",
            "20080114",
            "A4",
            "Letter",
            "BOTTOM",
            "justify",
            "din-5008-b",
            "us-no10",
            "pdf/a-3b",
            "formal",
            "gregorian",
            "fr",
            "fa-IR",
            "xx",
            "en_GB",
            "greeting",
            "subject",
            "my_part",
            "My-Part",
            "logo.svg",
            "missing.png",
            "x.gif",
            "a\x01b",
            "a\u00a0b",
            "a\n\nb",
            "a\nb",
            "Name <a@example.org>",
            "not an address",
            [],
            ["a"],
            ["a", ""],
            ["a", "a"],
            ["en", "fr"],
            ["en"],
            [None],
            [["a"]],
            [{}],
            {},
            {"name": "X"},
            {"path": "logo.svg"},
            {"path": "logo.svg", "x": "1"},
            {"en": "a", "fr": "b"},
            {"genitive": "Y"},
            5,
            72,
            True,
            1.5,
        ]
    ),
    st.text(max_size=6),
)
KEYS = st.sampled_from(
    ["name", "register", "tone", "x", "text", "path", "alt", "languages", "parts", "vars",
     "signatories", "signature", "recipients", "start", "end", "text_width", "page_size",
     "envelope", "article", "person", "cases", "gender", "greeting", "attach", "cc"]
)  # fmt: skip


def _mutated(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    """The value with one change somewhere inside: a value replaced, a key added or dropped."""
    inside = isinstance(value, dict | list) and value and depth < 6
    if inside and data.draw(st.booleans()):
        keys = list(value) if isinstance(value, dict) else range(len(value))
        key = data.draw(st.sampled_from(keys))
        changed: Any = copy.copy(value)
        changed[key] = _mutated(value[key], data, depth + 1)
        return changed
    if isinstance(value, dict) and data.draw(st.booleans()):
        changed = dict(value)  # a mapping: a key added or dropped
        if value and data.draw(st.booleans()):
            changed.pop(data.draw(st.sampled_from(list(value))))
        else:
            changed[data.draw(KEYS)] = data.draw(TRICKY)
        return changed
    return data.draw(TRICKY)


BASES = [
    (path, data)
    for path in (EXAMPLES / "solidarity-2008.yaml", EXAMPLES / "joint-letter.yaml",
                 EXAMPLES / "window-envelope.yaml", EXAMPLES / "mail-merge.yaml",
                 EXAMPLES / "bilingual-en-fr.yaml")
    for data in _spec_data(path)[:1]
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_fast_reader_takes_what_pydantic_takes_alike_or_defers(data: st.DataObject) -> None:
    path, spec = data.draw(st.sampled_from(BASES))
    for _ in range(data.draw(st.integers(1, 3))):
        spec = _mutated(spec, data)
    agree(Spec, spec, _context(path))


def _imports(tmp_path: Path, *args: str | Path) -> set[str]:
    """The top-level packages the installed command imports, running ``args`` successfully."""
    command = Path(sys.executable).parent / "letterkit"
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(command), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert len(lines) > 100, "the import log was read"
    return {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in lines}


def test_valid_specs_render_and_check_without_pydantic(tmp_path: Path) -> None:
    example = EXAMPLES / "solidarity-2008.yaml"
    out = tmp_path / "out"
    runs = [
        ("render", "-f", "txt", "-o", out, example),
        ("check", example),
        ("render", "-o", out, example),  # the PDF too
        ("render", "-f", "txt", "-o", out, EXAMPLES / "mail-merge.yaml"),  # members.csv
        ("check", EXAMPLES / "project" / "letters" / "may-day.yaml"),  # with letterkit.toml
        ("render", "-f", "txt", "-o", out, EXAMPLES / "bilingual-en-fr.yaml"),
    ]
    for args in runs:
        imported = _imports(tmp_path, *args)
        assert "letterkit" in imported
        assert imported.isdisjoint(PYDANTIC), (args, imported & PYDANTIC)
    assert (out / "solidarity-2008.txt").is_file() and (out / "solidarity-2008.pdf").is_file()


def test_an_invalid_spec_is_worded_by_pydantic_as_before(tmp_path: Path) -> None:
    text = (EXAMPLES / "solidarity-2008.yaml").read_text("utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("subject:"))
    spec = tmp_path / "typo.yaml"
    spec.write_text(text.replace("\nsubject:", "\nsubjet:", 1), "utf-8")
    command = Path(sys.executable).parent / "letterkit"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(command), "check", str(spec)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
        check=False,
    )
    assert done.returncode == 2
    said = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert said == [f'{spec}:{at + 1}:1: subjet: unknown key (did you mean "subject"?)']
    assert "| pydantic" in done.stderr, "pydantic words the message"
