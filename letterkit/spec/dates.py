"""Dates a spec writes almost as ISO dates (2026-5-1): printed as written, so said aloud."""

from __future__ import annotations

import logging
from typing import Any

from letterkit.spec.types import near_iso_date
from letterkit.spec.yamlfile import Loaded, Loc, dotted

log = logging.getLogger("letterkit")

DATE_KEYS = ("date", "start", "end")
"""The keys whose value is a date when it is written YYYY-MM-DD."""


def _items(data: Any) -> Any:
    if isinstance(data, dict):
        return data.items()
    return enumerate(data) if isinstance(data, list) else ()


def warn_near_dates(loaded: Loaded, data: Any, loc: Loc = ()) -> None:
    """Warn, with its line and column, about each date field holding an almost-ISO date."""
    for key, value in _items(data):
        here = (*loc, key)
        if isinstance(value, dict | list):
            warn_near_dates(loaded, value, here)
        elif key in DATE_KEYS and isinstance(value, str) and near_iso_date(value):
            pos = loaded.values.get(here, loaded.position(here))
            year, month, day = value.strip().split("-")
            log.warning(
                '%s:%d:%d: %s: "%s" is printed as written, not as a date; write '
                "%s-%02d-%02d for a date",
                loaded.path,
                pos.line,
                pos.column,
                dotted(here),
                value,
                year,
                int(month),
                int(day),
            )
