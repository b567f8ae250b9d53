"""libyaml reads what ruamel's Python reads: the same data, positions and problems.

The spec reader takes its events from libyaml (ruamel.yaml.clib) and composes
them in Python; without the C library it reads in Python alone. Both must give
letterkit the same answer for every spec, and a file libyaml cannot read must
be refused in the Python reader's words, never crash the process.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from letterkit.errors import SpecError
from letterkit.spec import yamlfile
from tests.adversarial.conftest import LETTERKIT

ROOT = Path(__file__).parent.parent
TRICKY = {
    "nulls": "a: null\nb: ~\nd: ''\ne: 'null'\nf: NULL\n",
    "aliases": "a: &x {b: 1, c: [2, 3]}\nc: *x\nd: *x\n",
    "duplicate keys": "sender: a\nrecipient: b\nsender: c\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\n",
    "bom and crlf": "\ufeffa: 1\r\nb: 'two'\r\n",
    "flow in block": "a:\n  - [1, {b: c}]\n  - - nested\n    - list\n",
    "complex key": "? [a, b]\n: c\n",
    "escapes": "a: \"\\x41\\u00e9\\t\"\nb: 'it''s'\n",
    "scripts": "name: اتحاد بین‌المللی\nplace: नई दिल्ली\nsubject: «Ваш съезд»\n",
    "redefined anchor": "a: &x 1\nb: &x 2\nc: *x\n",
    "yaml 1.1": "%YAML 1.1\n---\na: yes\nb: 010\n",
    "comments": "# top\na: 1  # after\n# between\nb: 2\n",
    "tags": "a: !!str 1\nb: !!int 2\n",
}
BROKEN = {
    "unclosed quote": "sender: 'x\nrecipient: y\n",
    "unclosed flow": "sender: [a, b\nrecipient: y\n",
    "bad indentation": "sender:\n  name: a\n badly: b\n",
    "tab indentation": "sender:\n\tname: a\n",
    "unknown alias": "sender: *nope\n",
    "two documents": "sender: a\n---\nsender: b\n",
}


def _read(text: str, engine: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(yamlfile, "CParser", engine)
        yamlfile._composed.cache_clear()
        try:
            loaded = yamlfile.parse(Path("letter.yaml"), text)
        except SpecError as exc:
            return ("refused", str(exc))
        finally:
            yamlfile._composed.cache_clear()
    return (loaded.data, loaded.values, loaded.keys, [str(p) for p in loaded.problems])


def _texts() -> dict[str, str]:
    files = sorted(ROOT.glob("examples/**/*.yaml")) + sorted(ROOT.glob("tests/data/**/*.yaml"))
    found = {str(f.relative_to(ROOT)): f.read_text("utf-8") for f in files}
    return {**found, **TRICKY, **BROKEN}


pytestmark = pytest.mark.skipif(yamlfile.CParser is None, reason="ruamel.yaml.clib is missing")


@pytest.mark.parametrize(("name", "text"), sorted(_texts().items()))
def test_libyaml_and_python_read_alike(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _read(text, yamlfile.CParser, monkeypatch)
    assert fast == _read(text, None, monkeypatch), name


def test_a_file_libyaml_refuses_is_refused_in_the_readers_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refused = _read(BROKEN["unclosed quote"], yamlfile.CParser, monkeypatch)
    assert refused == ("refused", "letter.yaml:1:9: YAML syntax error: this quote is never closed")


def test_an_empty_value_is_placed_on_its_keys_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml puts an empty value right after its key's colon; Python's reader put
    # it where the next key starts, a line too late for a message about it.
    data, values, _, _ = _read("a: 1\nc:\nd: 2\n", yamlfile.CParser, monkeypatch)
    assert data == {"a": "1", "c": None, "d": "2"}
    assert values[("c",)] == yamlfile.Position(2, 3)


@pytest.mark.parametrize("depth", [40, 400_000])
def test_nesting_libyaml_would_recurse_on_is_refused_without_a_crash(
    tmp_path: Path, depth: int
) -> None:
    # libyaml's own composer recurses in C: 400,000 levels would crash the process.
    spec = tmp_path / "deep.yaml"
    spec.write_text("sender: " + "[" * depth + "]" * depth + "\n", "utf-8")
    done = subprocess.run(
        [LETTERKIT, "check", str(spec)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"{spec}:1:41: values are nested more than 32 levels deep"
    ]
