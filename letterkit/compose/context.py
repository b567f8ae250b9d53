"""Spec model -> the values part templates see.

Templates get plain mappings, lists and strings, never the spec objects:
dates are already formatted for the letter's language, prose is marked as
Markdown, and every optional field is present (None when absent), so a
template can test it with {% if %}.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from letterkit.compose.formatting import Formatter
from letterkit.compose.markdown import Markdown
from letterkit.spec.model import Event, Party, Spec


def _prose(paragraphs: tuple[str, ...] | None) -> list[Markdown] | None:
    return None if paragraphs is None else [Markdown(p) for p in paragraphs]


def _party(party: Party) -> dict[str, Any]:
    return {**party.model_dump(), "article": party.takes_article, "address": list(party.address)}


def _event(event: Event | None, fmt: Formatter) -> dict[str, Any] | None:
    if event is None:
        return None
    dates = event.dates
    if dates is None and event.start is not None:
        dates = fmt.date_range(event.start, event.end)
    return {
        **event.model_dump(),
        "start": None if event.start is None else fmt.date(event.start),
        "end": None if event.end is None else fmt.date(event.end),
        "dates": dates,
        "aim": None if event.aim is None else Markdown(event.aim),
        "place": ", ".join(p for p in (event.city, event.country) if p) or None,
    }


def template_context(spec: Spec, fmt: Formatter, today: dt.date) -> dict[str, Any]:
    """Everything a part template may use."""
    apology = spec.apology
    sign_off = spec.sign_off
    return {
        "language": spec.language,
        "date": fmt.date(spec.letter_date(today)),
        "date_position": spec.layout.date,
        "subject": spec.subject,
        "sender": _party(spec.sender),
        "recipient": _party(spec.addressee),
        "event": _event(spec.event, fmt),
        "greeting": {"salutation": spec.greeting.salutation, "text": _prose(spec.greeting.text)},
        "apology": None
        if apology is None
        else {
            "reasons": list(apology.reasons),
            "wish": None if apology.wish is None else Markdown(apology.wish),
            "text": _prose(apology.text),
        },
        "position": _prose(spec.position),
        "sign_off": {
            "closing": _prose(sign_off.closing),
            "slogans": list(sign_off.slogans),
            "valediction": sign_off.valediction,
            "signatory": sign_off.signatory,
            "text": _prose(sign_off.text),
        },
        "enclosures": list(spec.enclosures),
        "cc": list(spec.cc),
        "labels": spec.labels.model_dump(),
        "vars": spec.vars,
    }
