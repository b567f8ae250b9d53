"""Stage 3b: document model -> the letter's HTML page, laid out by the layout template.

The page's structure (letterhead, return-address line, address field, date,
subject, body, closing, signatures, enclosures, cc, first-page footer,
running header) is the Jinja template letter.html.j2 in the template
folders, which a project overrides like any other template. It runs in an
autoescaping sandbox that sees only the document model and the layout table;
its output is checked (letterkit/page/markup.py) and letterkit writes the
document around it (letterkit/page/head.py). The HTML, PDF and e-mail
renderers take the page made here; they never see Jinja.
"""

from __future__ import annotations

from msgspec.structs import replace

from letterkit.document import Letter, Page
from letterkit.errors import TemplateError
from letterkit.layouts import layout_named
from letterkit.page.head import documents
from letterkit.page.markup import check
from letterkit.page.sandbox import fill

__all__ = ["laid_out"]


def _body(letter: Letter) -> str:
    """The layout's <body>, filled from the letter and checked."""
    files = letter.layout.page_template
    if not files:
        raise TemplateError.at(letter.name, "the letter has no layout template")
    context = {"letter": letter, "geometry": layout_named(letter.layout.envelope)}
    body = fill(letter.layout, context, letter.name)
    check(body, letter)
    return body


def _bare(letter: Letter) -> Letter:
    """The letter without its images, for a mail client: nothing it shows asks a server."""
    closing = letter.closing
    return replace(
        letter,
        sender=replace(letter.sender, logo=None),
        co_senders=tuple(replace(party, logo=None) for party in letter.co_senders),
        closing=replace(
            closing, signatories=tuple(replace(s, signature=None) for s in closing.signatories)
        ),
    )


def laid_out(letter: Letter) -> Letter:
    """The letter with its page: the HTML documents the HTML, PDF and e-mail renderers use."""
    html, unstyled = documents(letter, _body(letter))
    mail = documents(letter, _body(_bare(letter)))[1] if letter.mail.html else ""
    return replace(letter, page=Page(html, unstyled, mail))
