"""A run finds each spec's project once, while planning; composing discovers nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from letterkit import api, project
from tests.conftest import MINIMAL


@contextmanager
def calls_to(code: Any) -> Iterator[list[int]]:
    """Count the calls of one function however it was imported (a profile hook sees them all)."""
    count = [0]

    def hook(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code is code:
            count[0] += 1

    sys.setprofile(hook)
    try:
        yield count
    finally:
        sys.setprofile(None)


def test_a_twenty_letter_merge_finds_its_project_once(tmp_path: Path) -> None:
    (tmp_path / "letterkit.toml").write_text('formats = ["txt"]\n', "utf-8")
    (tmp_path / "templates").mkdir()
    body = {k: v for k, v in MINIMAL.items() if k != "recipient"}
    people = [{"name": f"Union {i}", "short_name": f"U{i}"} for i in range(20)]
    spec = tmp_path / "letters" / "mailing.yaml"
    spec.parent.mkdir()
    spec.write_text(json.dumps({**body, "recipients": people}), "utf-8")
    options = api.Options(output=tmp_path / "out")
    with calls_to(project.project_root.__code__) as found:
        result = api.render([spec], options)
    assert not result.failures
    assert result.letters == 20
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt"))[:2] == [
        "mailing-U0.txt",
        "mailing-U1.txt",
    ]
    assert found[0] == 1


def test_two_specs_of_one_project_find_it_once_each(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    specs = []
    for name in ("a.yaml", "b.yaml"):
        specs.append(tmp_path / name)
        specs[-1].write_text(json.dumps(MINIMAL), "utf-8")
    with calls_to(project.project_root.__code__) as found:
        result = api.render(specs, api.Options(formats=("txt",)))
    assert (result.letters, result.failures) == (2, [])
    assert found[0] == 2
