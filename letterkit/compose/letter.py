"""One letter composed: the part templates filled for a spec, into the document model.

Jinja fills the part templates here; the page layout template is filled later, from the
document model alone (letterkit/page).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from msgspec.structs import replace

from letterkit.compose.calendars import calendar_of
from letterkit.compose.closing import Files, closing, image
from letterkit.compose.context import template_context
from letterkit.compose.coverage import coverage, file_to_add
from letterkit.compose.environment import check_controls, formatter, template_error
from letterkit.compose.formatting import Formatter
from letterkit.compose.grammar import grammar_of, needs_of
from letterkit.compose.mail import mail
from letterkit.compose.markdown import blocks
from letterkit.compose.options import ComposeOptions
from letterkit.compose.pages import page_digits, page_rule
from letterkit.compose.sources import SpecTexts
from letterkit.compose.templates import (
    TemplateSet,
)
from letterkit.defaults import MEMORY_LIMIT
from letterkit.document import Block, Layout, Letter, Line, Metadata, Party, Span
from letterkit.errors import SpecError
from letterkit.sandbox import Budget
from letterkit.spec.model import Party as SpecParty
from letterkit.spec.model import Spec

__all__ = ["ComposeOptions", "compose", "part_names", "without_wording"]

log = logging.getLogger("letterkit")

HEADING = "subject"
"""The template for the subject lines above the salutation."""
VALEDICTION = "valediction"
"""The template for the words above the signatures."""
AFTER = ("enclosures", "cc")
"""The templates for the labelled lists after the signatures."""
DATELINE = "dateline"
"""The template for the line with the place and the date ("Paris, le 14 janvier 2008")."""
PAGE = "page"
"""The template for the running header's page label ("Page {page} of {pages}")."""
BEHALF = "behalf"
"""The template for the line under a signatory signing for the sender ("on behalf of...")."""


def _party(party: SpecParty) -> Party:
    contact = (party.email, party.phone, party.website)
    contacts = tuple(c for c in contact if c)
    return Party(party.name, party.address, contacts, short_name=party.short_name)


DEFAULT_PARTS = ("greeting", "apology", "position", "sign_off")
"""The body's parts when the spec lists none in parts:."""


def _part_names(spec: Spec) -> list[str]:
    names = DEFAULT_PARTS if spec.parts is None else spec.parts
    return [n for n in names if n != "apology" or spec.apology is not None]


def part_names(spec: Spec) -> list[str]:
    """Every template a letter fills: subject, body parts, valediction, enclosures, cc, date."""
    return [HEADING, *_part_names(spec), VALEDICTION, *AFTER, DATELINE, PAGE, BEHALF]


def _render(
    templates: TemplateSet, part: str, spec: Spec, context: Mapping[str, Any], letter: str
) -> str:
    source = templates.require_part(part, spec.language, letter)
    try:
        text = templates.environment.render_bounded(source.name, context)
    except (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, LookupError) as exc:
        raise template_error(exc, letter) from None
    check_controls(text, source.path, letter)
    return text


def _fill(
    templates: TemplateSet, part: str, spec: Spec, context: Mapping[str, Any], letter: str
) -> tuple[Block, ...]:
    text = _render(templates, part, spec, context, letter)
    typography = grammar_of(spec.language).typography
    return blocks(typography(text) if typography else text, part)


def _text(blocks_: tuple[Block, ...]) -> str:
    return " ".join("".join(span.text for span in line) for b in blocks_ for line in b.lines)


def _check_needs(spec: Spec, letter: str) -> None:
    # The run checked the spec's own parties with their lines and columns; this
    # catches a recipient from a data file, at the letter it concerns.
    problems = needs_of(spec)
    if problems:
        raise SpecError.at(letter, problems[0][1])


def _join_apology(parts: dict[str, tuple[Block, ...]]) -> None:
    """Let the apology continue the greeting's last paragraph, as the reference letter does."""
    greeting, apology = parts.get("greeting", ()), parts.get("apology", ())
    if greeting and apology and greeting[-1].is_paragraph and apology[0].is_paragraph:
        first, last = apology[0].lines[0], greeting[-1].lines[0]
        joined = Block("greeting", ((*last, *_space(last, first), *first),))
        parts["greeting"] = (*greeting[:-1], joined)
        parts["apology"] = apology[1:]


def _space(left: Line, right: Line) -> Line:
    return (Span(" "),) if left and right else ()


def without_wording(spec: Spec) -> tuple[list[str], list[str]]:
    """The fields a letter in a language without built-in wording ignores, and wants.

    Ignored: given, but only the built-in wording uses them. Wanted: to be
    written out in the letter's language for the letter to be whole.
    """
    apology, labels = spec.apology, spec.labels
    untold = apology is not None and apology.text is None
    ignored = {
        "event": spec.event is not None,
        "apology.reasons": untold and bool(apology and apology.reasons),
        "apology.wish": untold and bool(apology and apology.wish),
    }
    wanted = {
        "greeting.text": spec.greeting.text is None,
        "apology.text": untold,
        "labels.enclosures": bool(spec.enclosures) and not labels.enclosures,
        "labels.cc": bool(spec.cc) and not labels.cc,
    }
    return [k for k, v in ignored.items() if v], [k for k, v in wanted.items() if v]


def _warn_without_wording(spec: Spec, source: Path) -> None:
    ignored, wanted = without_wording(spec)
    said = [f"not used: {', '.join(ignored)}"] if ignored else []
    said += [f"write {', '.join(wanted)} in this language"] if wanted else []
    if said:
        log.warning(
            '%s: letterkit has no wording of its own in language "%s", so the letter holds '
            "only what the spec writes out; %s",
            source,
            spec.language,
            "; ".join(said),
        )


def _warn_missing_parts(templates: TemplateSet, spec: Spec, source: Path) -> None:
    """One warning per part a partial translation lacks, naming the file to add."""
    for part in coverage(templates, spec.language, part_names(spec)):
        if not part.worded:
            log.warning(
                '%s: language "%s" has no wording for part "%s", so it holds only what the '
                "spec writes out; add %s",
                source,
                spec.language,
                part.part,
                file_to_add(templates, spec.language, part.part),
            )


def _stylesheet(templates: TemplateSet, label: str, fmt: Formatter) -> str:
    return templates.stylesheet_text(page_rule(label, fmt.numbering))


def compose(
    spec: Spec,
    source: Path,
    templates: TemplateSet,
    options: ComposeOptions,
    roots: tuple[Path, ...],
) -> Letter:
    """Fill the part templates for one spec and build the document model.

    ``roots`` are the folders the letter may load files from (found when the
    run was planned): composing does no file-system discovery of its own. A
    letter in several languages is composed once per language: the first
    language's letter holds the others as its versions.
    """
    if len(spec.versions) > 1:
        first, *others = (compose(v, source, templates, options, roots) for v in spec.versions)
        arranged = replace(first.layout, bilingual=spec.layout.bilingual)
        return replace(first, layout=arranged, versions=tuple(others))
    fmt = formatter(spec.language, *calendar_of(spec))
    letter = options.letter or str(source)
    _check_needs(spec, letter)
    if not templates.has_wording(spec.language):
        _warn_without_wording(spec, source)
    else:
        _warn_missing_parts(templates, spec, source)
    context = template_context(spec, fmt, options.today)
    budget = Budget(options.time_limit, options.output_limit, MEMORY_LIMIT)
    with templates.environment.bounded(budget):
        parts = {
            name: _fill(templates, name, spec, context, letter)
            for name in [HEADING, *_part_names(spec)]
        }
        valediction = _fill(templates, VALEDICTION, spec, context, letter)
        after = tuple(b for part in AFTER for b in _fill(templates, part, spec, context, letter))
        context["dateline"] = _text(_fill(templates, DATELINE, spec, context, letter))
        label = _render(templates, PAGE, spec, context, letter)
        behalf = _text(_fill(templates, BEHALF, spec, context, letter))
    if spec.layout.apology == "same_paragraph":
        _join_apology(parts)
    date = spec.letter_date(options.today)
    layout = spec.layout
    files = Files(source, source.parent, roots)
    ending = closing(spec, files, context, valediction, behalf if spec.sign_off.on_behalf else "")
    return Letter(
        meta=Metadata(
            title=spec.subject or f"{spec.sender.name} – {spec.addressee.name}",
            author=spec.sender.name,
            subject=spec.subject or "",
            language=spec.language,
            created=date if isinstance(date, dt.date) else options.created,
        ),
        sender=replace(
            _party(spec.sender),
            logo=image(spec.sender.logo, files, spec.sender.name, "sender.logo"),
            footer=spec.sender.footer,
        ),
        recipient=_party(spec.addressee),
        date=context["dateline"] if layout.date == "top" else None,
        blocks=tuple(b for blocks_ in parts.values() for b in blocks_),
        layout=Layout(
            direction="rtl" if fmt.direction == "rtl" else "ltr",
            page_size=layout.page_size,
            align=layout.align,
            text_width=options.text_width or layout.text_width,
            stylesheet=_stylesheet(templates, label, fmt) if options.lay_out else "",
            # A version of a letter in several languages brings its label to the one
            # document that holds them all; a letter in one has it in its stylesheet.
            page_label=label.strip() if spec.languages else "",
            base=source.parent,
            resource_roots=roots,
            envelope=layout.envelope,
            hyphenate=layout.hyphenate,
            page_digits=page_digits(fmt.locale.default_numbering_system),
            pdf_variant=options.pdf_variant or layout.pdf_variant,
            allow_remote=options.allow_remote,
            max_pages=options.max_pages,
            time_limit=options.time_limit,
            output_limit=options.output_limit,
            page_template=templates.page_template if options.lay_out else (),
        ),
        name=letter,
        closing=ending,
        after=after,
        dated=context["date"],
        co_senders=tuple(
            Party(c.name, logo=image(c.logo, files, c.name, f"co_senders[{i}].logo"))
            for i, c in enumerate(spec.co_senders)
        ),
        sources=SpecTexts(spec),
        mail=mail(spec, files, options.created or options.today, letter),
    )
