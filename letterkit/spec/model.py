"""The spec model: what a letter spec may say, validated at the boundary.

Field names here are the contract users' specs and the JSON Schema rely on.
Models are frozen and reject unknown keys, so a typo is an error, never a
silently ignored field. They are stdlib dataclasses, read by two validators
(letterkit/spec/base.py says why): a rule is written once, here or in
letterkit/spec/types.py, and both call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field, fields
from typing import Annotated, Any, ClassVar, Literal, get_args

from letterkit import defaults
from letterkit.layouts import NAMES, layout_named
from letterkit.spec.base import After, Alias, Before, Bounds, Invalid, Model, spec_class
from letterkit.spec.files import image_file, image_schema
from letterkit.spec.grammar import Addressed, Grammatical
from letterkit.spec.mail import AttachedFiles, MailAddress, MailAddresses
from letterkit.spec.types import (
    DateOrText,
    Items,
    JsonValue,
    Lines,
    Paragraphs,
    PartName,
    Text,
)

Envelope = Literal[
    "none",
    "plain",
    "din-c5-dl",
    "din-5008-a",
    "din-5008-b",
    "sn-010130-left",
    "sn-010130-right",
    "nf-z-11-001",
    "uk-dl",
    "us-no10",
]
"""The page layouts of letterkit/layouts.py, and the names earlier versions accepted."""
PdfVariant = Literal["pdf/ua-1", "pdf/a-3b", "pdf/a-3u", "pdf/a-2b"]
PDF_VARIANTS: tuple[str, ...] = get_args(PdfVariant)
assert PDF_VARIANTS == defaults.PDF_VARIANTS, "the command line offers the variants taken here"
Calendar = Literal["gregorian", "persian", "islamic", "buddhist", "hebrew"]
assert set(get_args(Envelope)) == set(NAMES), "spec and layout table name the same layouts"
"""The PDF standards a letter may be written to."""


def _lower(value: object) -> object:
    # "A4" and "Bottom" mean what "a4" and "bottom" mean.
    return value.lower() if isinstance(value, str) else value


ANY_CASE = Before(_lower)


@spec_class
class Image(Model):
    """An image file (a logo, a signature): its path alone, or path and alt."""

    SCHEMA_EXTRA = image_schema

    path: Annotated[Text, After(image_file, context=True)]
    """A PNG, JPEG or SVG file, relative to the spec's folder."""
    alt: Text | None = None
    """What the image says, for screen readers and archives; default: the name it stands
    for (the sender's name for a logo, the signatory's for a signature)."""

    @classmethod
    def _before(cls, value: Any) -> Any:
        return {"path": value} if isinstance(value, str) else value


@spec_class
class Party(Model, Grammatical, Addressed):
    """An organisation or person that sends or receives the letter."""

    name: Text
    """Full name, as it should appear in the letter."""
    short_name: Text | None = None
    """Acronym or short form, shown in brackets after the name (e.g. APTUF)."""
    person: bool = False
    """A person rather than an organisation: a sending person writes "I" rather than "we",
    a receiving person is greeted by name, and neither takes "the"."""
    article: bool | None = None
    """Whether running text puts "the" before the name ("the All Pakistan Trade Union
    Federation"); default yes for an organisation, no for a person. Set it to false for a
    name such as "Amnesty International"."""
    address: Lines = ()
    """Postal address, one line per item."""
    email: Text | None = None
    """E-mail address, printed as written."""
    phone: Text | None = None
    """Telephone number, printed as written."""
    website: Text | None = None
    """Web address, printed as written."""

    @property
    def takes_article(self) -> bool:
        """Whether running text puts "the" before the name."""
        return not self.person if self.article is None else self.article


@spec_class
class Sender(Party):
    """The organisation or person that sends the letter, with its letterhead."""

    logo: Image | None = None
    """Logo at the top of the first page, beside the name and contact lines."""
    footer: Lines = ()
    """Lines at the foot of the first page: registration numbers, bank details."""


@spec_class
class Signatory(Model):
    """One of the people or organisations signing a joint letter."""

    name: Text
    """The name under the signature."""
    role: Text | None = None
    """Role or title, e.g. General Secretary."""
    organisation: Text | None = None
    """The organisation the signatory signs for."""
    on_behalf_of: Text | None = None
    """Who the signatory signs for when not signing in person ("on behalf of ..."), e.g.
    the General Secretary a deputy signs for."""
    signature: Image | None = None
    """Signature image above the name."""


@spec_class
class CoSender(Model):
    """Another organisation sending a joint letter: its name and logo in the letterhead."""

    name: Text
    """Its name, as the letterhead shows it."""
    logo: Image | None = None
    """Its logo, beside the name."""


@spec_class
class Event(Model, Grammatical):
    """The occasion the letter is about: a conference, congress, rally..."""

    kind: Text | None = None
    """The word the letter uses for the event ("congress", "rally", ...), in the letter's
    language; default: the language's word for a conference."""
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

    CHECKS: ClassVar[Mapping[str, str]] = {"end": "_not_before_start"}

    @staticmethod
    def _not_before_start(value: Any, earlier: Mapping[str, Any]) -> Any:
        # The end is checked against the start when both are valid dates.
        start = earlier.get("start")
        if isinstance(value, dt.date) and isinstance(start, dt.date) and value < start:
            raise Invalid(
                "date_order",
                "the event ends ({end}) before it starts ({start}); swap start and end",
                {"end": value.isoformat(), "start": start.isoformat()},
            )
        return value


@spec_class
class Greeting(Model):
    """Part 1: the salutation and the greeting sentence."""

    salutation: Text | None = None
    """The salutation line, e.g. "Dear Comrades;"."""
    text: Paragraphs | None = None
    """Paragraphs that replace the built-in greeting wording for this letter."""


@spec_class
class Apology(Model):
    """Part 2: the apology for absence. Leave the key out to leave the part out."""

    reasons: Items = ()
    """Why nobody could attend, e.g. [schedule, financial difficulties]."""
    wish: Text | None = None
    """What the sender wishes the participants, completing "we wish all participants ..."."""
    text: Paragraphs | None = None
    """Paragraphs that replace the built-in apology wording for this letter."""
    tense: Literal["future", "past"] | None = None
    """Whether the absence is written as to come ("we will not be able to send") or as
    decided ("we could not send"); default: from the event's start and the letter date."""


@spec_class
class SignOff(Model):
    """Part 4: closing paragraphs, slogans, valediction and signatory."""

    closing: Paragraphs = ()
    """Closing paragraphs before the slogans."""
    slogans: Items = ()
    """Slogans, one per line."""
    valediction: Text | None = None
    """The words above the signatory; the built-in default is "In solidarity,"."""
    signatory: Text | None = None
    """Who signs; the default is the sender's name with its short name."""
    on_behalf: bool = False
    """The signatory signs for the sender: a line under the name says so, in the letter's
    language ("on behalf of the Workers' Solidarity Network", "au nom de l'Union...")."""
    on_behalf_of: Text | None = None
    """Who the signatory signs for ("on behalf of ..."), when not in person."""
    text: Paragraphs | None = None
    """Paragraphs that replace the closing and slogans for this letter."""
    signature: Image | None = None
    """Signature image above the signatory's name."""
    signatories: tuple[Signatory, ...] = ()
    """Several signatories of a joint letter, side by side; replaces signatory and
    signature."""
    signature_space: bool | None = None
    """Leave room (about three lines) above each name to sign by hand when there is no
    signature image; default: yes for the window-envelope layouts (letters to post)."""

    def _after(self) -> None:
        if self.signatories and (self.signatory or self.signature):
            raise Invalid(
                "signatories",
                "give either signatory (and signature) or signatories, not both",
            )


@spec_class
class Labels(Model):
    """Headings of the lists after the signature, in the letter's language."""

    enclosures: Text | None = None
    """Heading of the enclosures; the built-in English wording is "Enclosure:", or
    "Enclosures:" for several."""
    cc: Text | None = None
    """Heading of the copies; the built-in English wording is "cc:"."""


@spec_class
class Mail(Model):
    """How the letter goes out by e-mail (render -f eml, letterkit send)."""

    cc: MailAddresses = ()
    """Addresses that get a copy ("Name <address>" or an address), besides the cc: entries
    that carry an address."""
    bcc: MailAddresses = ()
    """Addresses that get a hidden copy."""
    reply_to: MailAddress | None = None
    """Where replies go, when not to the sender's email."""
    attach: AttachedFiles = ()
    """Files attached besides the PDF (the enclosures' documents), relative to the spec's
    folder."""
    html: bool = False
    """Add an HTML version of the body (no stylesheet, no images: nothing for the mail
    client to fetch) besides the plain text."""


@spec_class
class Recipient(Party):
    """One recipient of a mail merge: the recipient's fields, plus what differs for them."""

    greeting: Greeting | None = None
    """Greeting fields for this recipient only (e.g. its own salutation)."""
    vars: dict[str, JsonValue] = field(default_factory=dict)
    """Values for the templates, over the spec's own vars."""
    attach: AttachedFiles = ()
    """Files attached to this recipient's e-mail only, after mail.attach."""

    def party(self) -> Party:
        """The recipient as a plain party, without its overrides."""
        return Party(**{f.name: getattr(self, f.name) for f in fields(Party)})


@spec_class
class Layout(Model):
    """How the letter is laid out on the page and in text."""

    date: Annotated[Literal["top", "bottom"], ANY_CASE] = "top"
    """Where the letter date goes: at the top, or at the bottom under the signatory."""
    apology: Annotated[Literal["same_paragraph", "new_paragraph"], ANY_CASE] = "same_paragraph"
    """Whether the apology continues the greeting's paragraph or starts its own."""
    page_size: Annotated[Literal["a4", "letter", "legal", "a5"], ANY_CASE] = "a4"
    """Paper size of the PDF."""
    align: Annotated[Literal["ragged", "justify"], ANY_CASE] = "ragged"
    """Body text ragged (the default; no stretched word gaps) or justified in the PDF."""
    hyphenate: bool = True
    """Hyphenate justified text in the letter's language (set false to turn it off)."""
    text_width: Annotated[int, Bounds(ge=20, le=1000)] = 72
    """Column at which the plain-text letter wraps."""
    envelope: Annotated[Envelope, ANY_CASE] = "none"
    """The page layout: plain (or none, the default) for no window envelope, or a named
    window layout that puts the address where the envelope's window shows it and prints
    fold marks: din-5008-a, din-5008-b (din-c5-dl is its earlier name), sn-010130-left,
    sn-010130-right, nf-z-11-001, uk-dl (all A4) or us-no10 (US letter)."""
    pdf_variant: Annotated[PdfVariant, ANY_CASE] = "pdf/ua-1"
    """The PDF standard: pdf/ua-1 (accessible, tagged; the default) or PDF/A for
    archives (tagged as well)."""
    bilingual: Literal["pages", "columns"] = "pages"
    """How a letter in several languages (languages:) is laid out in the PDF: pages (each
    version after the other, each from a new page) or columns (side by side, paragraph
    by paragraph, under one letterhead)."""

    def _after(self) -> None:
        paper = layout_named(self.envelope).paper
        if paper is not None and self.page_size != paper:
            raise Invalid(
                "envelope",
                "envelope {envelope} needs page_size {paper}",
                {"envelope": self.envelope, "paper": paper},
            )


@spec_class
class Spec(Model):
    """A letter spec, version 1."""

    language: Text = "en"
    """BCP 47 language tag (en, fr, fa, ur-PK...): date and list formats, text direction
    and the built-in wording."""
    languages: Annotated[tuple[Text, ...] | None, Bounds(min_length=2)] = None
    """A letter in several languages, e.g. [en, fr], instead of language: one PDF holds
    every version and each gets its text twin. Prose is given per language
    (position: {en: [...], fr: [...]}); names and addresses may be."""
    # Written "register:" in a spec; the attribute keeps the name it had when the
    # models were pydantic's, which have a register method of their own.
    tone: Annotated[Literal["comradely", "formal"], Alias("register")] = "comradely"
    """The register of the built-in salutation and valediction: comradely ("Dear comrades,",
    "In solidarity,") or formal ("Dear Sir or Madam,", "Yours faithfully,")."""
    calendar: Calendar | None = None
    """The calendar dates are written in: gregorian, persian (Solar Hijri), islamic (Umm
    al-Qura), buddhist or hebrew; default: the one letters in the language use (persian
    for fa, buddhist for th, gregorian for most). Write calendar: gregorian for a Persian
    letter to a partner abroad."""
    also_gregorian: bool = False
    """Follow each date in another calendar with its Gregorian date in brackets:
    "۲۴ دی ۱۳۸۶ (۱۴ ژانویهٔ ۲۰۰۸)"."""
    place: Text | None = None
    """Where the letter is written, put before the date as the language writes it
    ("Paris, le 14 janvier 2008")."""
    date: DateOrText | None = None
    """The letter date (YYYY-MM-DD or text); default: today."""
    subject: Text | None = None
    """The subject line, shown as "RE: ..."."""
    sender: Sender
    """Who sends the letter."""
    co_senders: tuple[CoSender, ...] = ()
    """The other organisations of a joint letter: each gets its name and logo in the
    letterhead, beside the sender's."""
    recipient: Party | None = None
    """Who receives the letter (or give recipients, for one letter each)."""
    recipients: Annotated[tuple[Recipient, ...] | None, Bounds(min_length=1)] = None
    """A mail merge: one letter per entry, each with the recipient's fields and overrides."""
    data: Text | None = None
    """A mail merge from a CSV, TSV, YAML or JSON file of recipients, relative to the spec
    (as --data FILE on the command line): one letter per row."""
    output_name: Text | None = None
    """File name pattern for the outputs, e.g. "{stem}-{recipient.short_name}" (see README)."""
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
    enclosures: Items = ()
    """What is sent with the letter, one item per line, printed after the signature."""
    cc: Items = ()
    """Who receives a copy, printed after the enclosures."""
    labels: Labels = Labels()
    """Headings for enclosures and cc in a language without built-in wording."""
    mail: Mail = Mail()
    """E-mail: copies, replies and attached files (render -f eml, letterkit send)."""
    parts: tuple[PartName, ...] | None = None
    """The parts of the body and their order, e.g. [greeting, apology, position,
    invitation, sign_off]; a part that is not built in is a template of your project
    (templates/invitation.j2). Default: greeting, apology, position, sign_off."""
    vars: dict[str, JsonValue] = field(default_factory=dict)
    """Free-form values for your own templates, which read them as vars.name; taken
    literally like names and addresses."""

    CHECKS: ClassVar[Mapping[str, str]] = {
        "language": "_known_language",
        "languages": "_known_languages",
        "parts": "_each_part_once",
    }

    @property
    def versions(self) -> tuple[Spec, ...]:
        """The letter's spec in each of its languages (for most letters, the spec itself)."""
        found: tuple[Spec, ...] = self.__dict__.get("_versions", ())
        return found or (self,)

    def with_versions(self, others: tuple[Spec, ...]) -> Spec:
        """The spec of a letter in its language and those of ``others``."""
        whole = self.changed()
        whole.__dict__["_versions"] = (self, *others)  # not a field: not compared, not dumped
        return whole

    @classmethod
    def _known_languages(cls, value: tuple[str, ...] | None, earlier: object = None) -> Any:
        if value is not None:
            for tag in value:
                cls._known_language(tag)
            repeated = sorted({tag for tag in value if value.count(tag) > 1})
            if repeated:
                raise Invalid("languages", 'language "{tag}" is listed twice', {"tag": repeated[0]})
        return value

    @staticmethod
    def _known_language(value: str, earlier: object = None) -> str:
        # Babel is imported when a language is checked, not with the model.
        from babel import Locale, UnknownLocaleError  # noqa: PLC0415

        try:
            Locale.parse(value, sep="-" if "-" in value else "_")
        except (ValueError, UnknownLocaleError):
            raise Invalid(
                "language",
                'unknown language tag "{value}" (try en, fr, fa, ur, hi, ar...)',
                {"value": value},
            ) from None
        return value

    @staticmethod
    def _each_part_once(value: tuple[str, ...] | None, earlier: object = None) -> Any:
        if value is not None:
            repeated = sorted({p for p in value if value.count(p) > 1})
            if repeated:
                raise Invalid(
                    "parts", 'part "{part}" is listed twice; keep one', {"part": repeated[0]}
                )
        return value

    @property
    def addressee(self) -> Party:
        """The one recipient of this letter (a mail merge is split into letters first)."""
        assert self.recipient is not None, "compose a mail merge one recipient at a time"
        return self.recipient

    def letter_date(self, today: dt.date) -> dt.date | str:
        """The letter date, today's when the spec gives none."""
        return today if self.date is None else self.date
