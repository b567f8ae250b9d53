"""The spec model: what a letter spec may say, validated at the boundary.

Field names here are the contract users' specs and the JSON Schema rely on.
Models are frozen and reject unknown keys, so a typo is an error, never a
silently ignored field.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from letterkit.spec.types import DateOrText, Lines, Paragraphs, Text


class Model(BaseModel):
    """Base of every spec model: frozen, strict about keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Party(Model):
    """An organisation or person that sends or receives the letter."""

    name: Text
    """Full name, as it should appear in the letter."""
    short_name: Text | None = None
    """Acronym or short form, shown in brackets after the name (e.g. APTUF)."""
    article: bool = True
    """Whether running text puts "the" before the name ("the All Pakistan Trade Union
    Federation"). Set to false for a person, or a name such as "Amnesty International"."""
    address: Lines = ()
    """Postal address, one line per item."""
    email: Text | None = None
    """E-mail address, printed as written."""
    phone: Text | None = None
    """Telephone number, printed as written."""
    website: Text | None = None
    """Web address, printed as written."""


class Event(Model):
    """The occasion the letter is about: a conference, congress, rally..."""

    kind: Text = "conference"
    """The word the letter uses for the event ("congress", "rally", ...)."""
    name: Text
    """Full name of the event."""
    short_name: Text | None = None
    """Shorter name used in running text (e.g. "Asian Conference")."""
    article: bool = True
    """Whether running text puts "the" before the name."""
    city: Text | None = None
    """City where the event takes place."""
    country: Text | None = None
    """Country where the event takes place."""
    start: DateOrText | None = None
    """First day (YYYY-MM-DD), or text."""
    end: DateOrText | None = None
    """Last day (YYYY-MM-DD), or text."""
    dates: Text | None = None
    """Text that replaces the date range formatted from start and end."""
    aim: Text | None = None
    """What the event aims to do, completing "which aims to ..."."""


class Greeting(Model):
    """Part 1: the salutation and the greeting sentence."""

    salutation: Text | None = None
    """The salutation line, e.g. "Dear Comrades;"."""
    text: Paragraphs | None = None
    """Paragraphs that replace the built-in greeting wording for this letter."""


class Apology(Model):
    """Part 2: the apology for absence. Leave the key out to leave the part out."""

    reasons: tuple[Text, ...] = ()
    """Why nobody could attend, e.g. [schedule, financial difficulties]."""
    wish: Text | None = None
    """What the sender wishes the participants, completing "we wish all participants ..."."""
    text: Paragraphs | None = None
    """Paragraphs that replace the built-in apology wording for this letter."""


class SignOff(Model):
    """Part 4: closing paragraphs, slogans, valediction and signatory."""

    closing: Paragraphs = ()
    """Closing paragraphs before the slogans."""
    slogans: tuple[Text, ...] = ()
    """Slogans, one per line."""
    valediction: Text | None = None
    """The words above the signatory; the built-in default is "In solidarity,"."""
    signatory: Text | None = None
    """Who signs; the default is the sender's name with its short name."""
    text: Paragraphs | None = None
    """Paragraphs that replace the closing and slogans for this letter."""


class Layout(Model):
    """How the letter is laid out on the page and in text."""

    date: Literal["top", "bottom"] = "top"
    """Where the letter date goes: at the top, or at the bottom under the signatory."""
    apology: Literal["same_paragraph", "new_paragraph"] = "same_paragraph"
    """Whether the apology continues the greeting's paragraph or starts its own."""
    page_size: Literal["a4", "letter", "legal", "a5"] = "a4"
    """Paper size of the PDF."""
    align: Literal["ragged", "justify"] = "ragged"
    """Body text ragged (the default; no stretched word gaps) or justified in the PDF."""
    text_width: int = Field(72, ge=20, le=1000)
    """Column at which the plain-text letter wraps."""


class Spec(Model):
    """A letter spec, version 1."""

    language: Text = "en"
    """BCP 47 language tag (en, fr, fa, ur-PK...): date and list formats, text direction
    and the built-in wording."""
    date: DateOrText | None = None
    """The letter date (YYYY-MM-DD or text); default: today."""
    subject: Text | None = None
    """The subject line, shown as "RE: ..."."""
    sender: Party
    """Who sends the letter."""
    recipient: Party
    """Who receives the letter."""
    event: Event | None = None
    """The occasion the letter is about."""
    greeting: Greeting = Greeting()
    """Part 1: greeting."""
    apology: Apology | None = None
    """Part 2: apology for absence; leave it out to leave the part out."""
    position: Paragraphs = ()
    """Part 3: the position statement, one list item per paragraph."""
    sign_off: SignOff = SignOff()
    """Part 4: sign-off."""
    layout: Layout = Layout()
    """Layout choices."""

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        try:
            Locale.parse(value, sep="-" if "-" in value else "_")
        except (ValueError, UnknownLocaleError):
            raise PydanticCustomError(
                "language",
                'unknown language tag "{value}" (try en, fr, fa, ur, hi, ar...)',
                {"value": value},
            ) from None
        return value

    def letter_date(self, today: dt.date) -> dt.date | str:
        """The letter date, today's when the spec gives none."""
        return today if self.date is None else self.date
