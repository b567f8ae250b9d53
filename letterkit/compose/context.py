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
from letterkit.compose.grammar import grammar_of
from letterkit.compose.grammar.base import family_name, takes_article
from letterkit.compose.markdown import Markdown
from letterkit.spec.model import Apology, Event, Party, Spec


def _prose(paragraphs: tuple[str, ...] | None) -> list[Markdown] | None:
    return None if paragraphs is None else [Markdown(p) for p in paragraphs]


def _party(party: Party) -> dict[str, Any]:
    fields = party.dump()  # once: dumping a spec model is a tenth of the context
    return {
        **fields,
        "article": party.takes_article,
        "address": list(party.address),
        "family_name": family_name(fields),
    }


def tense(event: Event | None, letter_date: dt.date | str) -> str | None:
    """When the event is, seen from the letter date: future, present or past.

    None when either date is text: the templates then keep their usual wording.
    """
    if event is None or not isinstance(event.start, dt.date):
        return None
    if not isinstance(letter_date, dt.date):
        return None
    end = event.end if isinstance(event.end, dt.date) else event.start
    if event.start > letter_date:
        return "future"
    return "past" if end < letter_date else "present"


def _period(event: Event, fmt: Formatter, language: str) -> str | None:
    """The event's days as the language's grammar writes them, when it has a way to."""
    grammar = grammar_of(language)
    period = grammar.period
    if period is None or event.dates is not None or not isinstance(event.start, dt.date):
        return None
    if fmt.calendar != "gregorian" and not grammar.any_calendar:
        return None
    end = event.end if isinstance(event.end, dt.date) else None
    return period(event.start, end, fmt.date)


def _event(event: Event | None, fmt: Formatter, when: str | None) -> dict[str, Any] | None:
    if event is None:
        return None
    dates = event.dates
    if dates is None and event.start is not None:
        dates = fmt.date_range(event.start, event.end)
    fields = event.dump()
    return {
        "tense": when,
        "period": _period(event, fmt, fmt.language),
        "article": takes_article(fields),
        **fields,
        "start": None if event.start is None else fmt.date(event.start),
        "end": None if event.end is None else fmt.date(event.end),
        "dates": dates,
        "aim": None if event.aim is None else Markdown(event.aim),
        "place": ", ".join(p for p in (event.city, event.country) if p) or None,
    }


def _apology(apology: Apology | None, when: str | None) -> dict[str, Any] | None:
    if apology is None:
        return None
    # An event still to come is apologised for in the future, one under way or past in
    # the past; a spec may say which (tense:), as a letter explaining a decision does.
    default = None if when is None else ("future" if when == "future" else "past")
    return {
        "reasons": list(apology.reasons),
        "wish": None if apology.wish is None else Markdown(apology.wish),
        "text": _prose(apology.text),
        "tense": apology.tense or default,
    }


def template_context(spec: Spec, fmt: Formatter, today: dt.date) -> dict[str, Any]:
    """Everything a part template may use."""
    sign_off = spec.sign_off
    when = tense(spec.event, spec.letter_date(today))
    return {
        "language": spec.language,
        "register": spec.tone,
        "place": spec.place,
        "date": fmt.date(spec.letter_date(today)),
        "date_position": spec.layout.date,
        "subject": spec.subject,
        "sender": _party(spec.sender),
        "recipient": _party(spec.addressee),
        "event": _event(spec.event, fmt, when),
        "greeting": {"salutation": spec.greeting.salutation, "text": _prose(spec.greeting.text)},
        "apology": _apology(spec.apology, when),
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
        "labels": spec.labels.dump(),
        "vars": spec.vars,
    }
