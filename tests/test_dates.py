"""Event dates: an end before the start is refused; an almost-ISO date is warned about."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

SPEC = """\
date: 2026-03-08
sender: {{name: WSN}}
recipient: {{name: COSATU}}
event:
  name: 14th National Congress
  start: {start}
  end: {end}
"""


def test_an_event_that_ends_before_it_starts_is_refused_at_its_line(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = tmp_path / "letter.yaml"
    spec.write_text(SPEC.format(start="2026-03-10", end="2026-03-08"), encoding="utf-8")
    result = run("check", spec)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{spec}:7:8: event.end: the event ends (2026-03-08) before it starts (2026-03-10); "
        "swap start and end\n"
    )


def test_an_almost_iso_date_is_warned_about_with_its_line(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = tmp_path / "letter.yaml"
    spec.write_text(SPEC.format(start="2026-5-1", end="2026-05-03"), encoding="utf-8")
    result = run("render", "-f", "txt", "-o", tmp_path / "out", spec)
    assert result.exit_code == 0
    assert (
        f'warning: {spec}:6:10: event.start: "2026-5-1" is printed as written, not as a date; '
        "write 2026-05-01 for a date"
    ) in result.stderr.splitlines()
    assert "2026-05-03" not in result.stderr
