"""Which WeasyPrint warnings fail a letter, and which are only said."""

from __future__ import annotations

import logging

import pytest

from letterkit.render.pdf import _Collect, _say_slow_subsetting


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, message, args, None)


def test_missing_harfbuzz_subsetter_is_said_once_not_a_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    _say_slow_subsetting.cache_clear()
    handler = _Collect()
    warning = (
        'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be '
        "unsupported in future versions of WeasyPrint."
    )
    with caplog.at_level(logging.WARNING, logger="letterkit"):
        handler.emit(_record(warning, "Noto Serif"))
        handler.emit(_record(warning, "Noto Naskh Arabic"))
    assert handler.messages == []
    said = [r.getMessage() for r in caplog.records if r.name == "letterkit"]
    assert len(said) == 1
    assert "install HarfBuzz's subsetter (Debian: apt-get install libharfbuzz-subset0)" in said[0]


def test_other_warnings_fail_the_letter() -> None:
    handler = _Collect()
    handler.emit(_record("Ignored `colour: red` at 3:1, unknown property."))
    assert handler.messages == ["Ignored `colour: red` at 3:1, unknown property."]
