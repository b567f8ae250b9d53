"""Output names: safe on every file system, inside the output folder, never shared."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from letterkit import api
from letterkit.errors import SpecError
from letterkit.run.naming import (
    JOINERS,
    MAX_NAME_BYTES,
    Digests,
    check_unique,
    file_digest,
    output_name,
    safe_name,
)
from letterkit.run.plan import plan
from tests.conftest import MINIMAL

FIELDS = ["{stem}", "{n}", "{recipient.name}", "{recipient.short_name}", "{vars.x}"]
literal = st.text(alphabet=st.characters(exclude_characters="{}"), max_size=12)
patterns = st.lists(st.one_of(literal, st.sampled_from(FIELDS)), min_size=1, max_size=5).map(
    "".join
)
names = st.text(min_size=1, max_size=80)
# What a spec accepts: no control characters (bidi controls, slashes and dots are fine).
spec_text = st.characters(exclude_categories=("Cc", "Cs"))


def assert_safe(folder: Path, paths: list[Path]) -> None:
    keys = set()
    for path in paths:
        assert path.parent == folder
        assert path.resolve().parent == folder.resolve()
        name = path.name
        assert not name.startswith(".") and "/" not in name and "\\" not in name
        # Only a joiner between two letters may stay (Persian writes words with it).
        assert all(
            unicodedata.category(c) not in ("Cc", "Cf")
            or (
                c in JOINERS
                and 0 < i < len(name) - 1
                and name[i - 1].isalpha()
                and name[i + 1].isalpha()
            )
            for i, c in enumerate(name)
        ), ascii(name)
        assert len(path.stem.encode()) <= MAX_NAME_BYTES
        key = unicodedata.normalize("NFC", name).casefold()
        assert key not in keys
        keys.add(key)


@settings(max_examples=300, deadline=None)
@given(pattern=patterns, people=st.lists(st.tuples(names, names, names), min_size=1, max_size=6))
def test_every_planned_name_is_safe_inside_the_folder_and_unique(
    pattern: str, people: list[tuple[str, str, str]]
) -> None:
    folder = Path("/srv/out")
    targets = []
    try:
        for i, (name, short, x) in enumerate(people, start=1):
            values = {
                "stem": "letter",
                "n": str(i),
                "recipient.name": name,
                "recipient.short_name": short,
                "vars.x": x,
            }
            stem = output_name(pattern, values, "spec.yaml", f"recipient {i}")
            targets += [(folder / f"{stem}.{ext}", f"recipient {i}") for ext in ("pdf", "txt")]
        check_unique(targets, Path("spec.yaml"))
    except SpecError:
        return  # refused before anything is written: an empty name or a collision
    event("planned")
    assert_safe(folder, [path for path, _ in targets])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(st.text(spec_text, min_size=1, max_size=40), min_size=1, max_size=4),
    pattern=st.lists(
        st.one_of(st.text(spec_text.filter(lambda c: c not in "{}")), st.sampled_from(FIELDS)),
        min_size=1,
        max_size=4,
    ).map("".join),
)
def test_planned_paths_of_a_real_mail_merge_stay_inside_the_output_folder(
    people: list[str], pattern: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        spec = root / "letter.yaml"
        body = {k: v for k, v in MINIMAL.items() if k != "recipient"}
        spec.write_text(json.dumps({**body, "output_name": pattern}), "utf-8")
        data = root / "people.json"
        data.write_text(json.dumps([{"name": n, "vars": {"x": n}} for n in people]), "utf-8")
        out = root / "out"
        options = api.Options(formats=("txt", "pdf"), output=out, data=data)
        try:
            _, planned, failures = plan([spec], options, options.compose_options())
        except SpecError:
            return  # a collision, refused before anything is written
        if failures:  # a name the spec model refuses (a control character, blank)
            assert all(isinstance(f, SpecError) for f in failures)
            return
        event("planned")
        assert_safe(out, [t for p in planned for t in p.targets.values()])
        assert not out.exists(), "planning writes nothing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("COSATU", "COSATU"),
        ("Unifor / Canada", "Unifor-Canada"),
        ("../../etc/passwd", "etc-passwd"),
        ("اتحادیه کارگران", "اتحادیه-کارگران"),
        ("0\u200c0", "00"),  # a joiner joins letters, never digits
        ("می\u200cخواهم", "می\u200cخواهم"),  # noqa: RUF001 -- a half-space is spelling
        ("\u200cنامه\u200c", "نامه"),  # noqa: RUF001 -- but not at either end
        ("evil\u202egpj.exe", "evilgpj.exe"),  # a bidi override could disguise the name
        ("ＡＢＣ／ｄｅｆ", "ABC-def"),  # noqa: RUF001 -- full-width forms fold first
        ("con", "con_"),
        ("Ünïcödé naïve", "Ünïcödé-naïve"),
        ("🎉🎉", ""),
        ("a" * 400, "a" * MAX_NAME_BYTES),
    ],
)
def test_safe_name_rules(text: str, expected: str) -> None:
    assert safe_name(text) == expected


def test_unknown_field_and_empty_name_are_spec_errors() -> None:
    with pytest.raises(SpecError, match=r'unknown field "\{recipient\.nmae\}"'):
        output_name("{stem}-{recipient.nmae}", {"stem": "x"}, "s.yaml", "r1")
    with pytest.raises(SpecError, match="leaves no usable file name for r1"):
        output_name("{vars.x}", {"vars.x": "🎉"}, "s.yaml", "r1")


def test_a_table_of_digests_finds_each_it_holds_and_no_other() -> None:
    held = [file_digest(Path(f"out/letter-{i}.txt")) for i in range(5000)]
    table, other = Digests(), Digests()
    assert all(table.add(d) for d in held)  # grown several times on the way
    assert not any(table.add(d) for d in held)
    assert len(table) == 5000
    assert all(d in table for d in held)
    assert file_digest(Path("out/letter-5000.txt")) not in table
    assert bytes(16) not in table
    assert other.add(bytes(16)) and bytes(16) in other and not other.add(bytes(16))
    other.update(table)
    assert len(other) == 5001 and all(d in other for d in held)
