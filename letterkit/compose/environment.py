"""The one Jinja environment factory, its filters, and template error wrapping.

Templates may come from someone else's repository, so the environment is
always Jinja's immutable sandbox with StrictUndefined: a missing value is an
error naming the template and line, never a silently blank field.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from letterkit import boundary
from letterkit.compiled import TemplateCache
from letterkit.compose.bidi import isolate
from letterkit.compose.formatting import Formatter
from letterkit.compose.grammar import filter_names, grammar_of
from letterkit.compose.grammar.base import named
from letterkit.compose.markdown import Markdown, escape
from letterkit.errors import LetterkitError, SafetyError, TemplateError
from letterkit.sandbox import LetterSandbox, LimitExceeded
from letterkit.spec.model import Calendar


@functools.lru_cache(maxsize=64)
def formatter(
    language: str, calendar: Calendar = "gregorian", also_gregorian: bool = False
) -> Formatter:
    """One formatter per language and calendar, shared by every letter that uses it."""
    return Formatter(language, calendar, also_gregorian)


def _fmt(context: Mapping[str, Any]) -> Formatter:
    return formatter(str(context.get("language", "en")))


@jinja2.pass_context
def _and_list(context: Mapping[str, Any], items: Iterable[Any]) -> str:
    return _fmt(context).and_list(items)


@jinja2.pass_context
def _or_list(context: Mapping[str, Any], items: Iterable[Any]) -> str:
    return _fmt(context).or_list(items)


def _language_filter(name: str, owners: list[str]) -> Callable[..., str]:
    """A filter that calls the grammar of the letter's language, which must provide it."""

    @jinja2.pass_context
    def dispatch(context: Mapping[str, Any], *args: Any, **kwargs: Any) -> str:
        language = str(context.get("language", "en"))
        found = grammar_of(language).filters.get(name)
        if found is None:
            raise jinja2.TemplateRuntimeError(
                f'the filter "{name}" belongs to the grammar of {", ".join(owners)}, not '
                f"{language}; see docs/translating.md for the filters of each language"
            )
        return found(*args, **kwargs)

    return dispatch


def _capfirst(text: str) -> str:
    # Jinja's capitalize lowercases the rest of the string, which would
    # turn "the IASWI" into "The iaswi".
    return text[:1].upper() + text[1:]


def _paragraphs(items: Iterable[Any]) -> Markdown:
    return Markdown("\n\n".join(escape(i) for i in items))


def _lines(items: Iterable[Any]) -> Markdown:
    return Markdown("\n".join(escape(i) for i in items))


FILTERS: dict[str, Callable[..., Any]] = {
    "and_list": _and_list,
    "or_list": _or_list,
    "named": named,
    "capfirst": _capfirst,
    "paragraphs": _paragraphs,
    "lines": _lines,
}


@jinja2.pass_context
def _finalize(context: Mapping[str, Any], value: Any) -> str:
    if value is None:
        raise jinja2.TemplateRuntimeError(
            "the template prints a field this letter leaves empty; "
            "wrap it in {% if ... %} or give the field a value"
        )
    if isinstance(value, Markdown):
        return value
    # A literal value (a name, a place) inserted into a sentence of the
    # other direction stays one unit.
    return escape(_isolated(str(value), _fmt(context).direction))


def _isolated(text: str, direction: str) -> str:
    """``isolate``, without looking at each character of an ASCII value in a left-to-right letter.

    ASCII holds no right-to-left letter, so such a value is never isolated;
    asking Unicode's data of each character was a twentieth of composing.
    """
    if direction == "ltr" and text.isascii():
        return text
    return isolate(text, direction)


COMPILED = TemplateCache()
"""Compiled templates, shared by every environment (make_environment makes them all alike):
kept in memory, so a process compiles each template once (across watch's rounds and, in
the background worker, across commands), and on disk, so the next process need not."""


def make_environment(loader: jinja2.BaseLoader) -> LetterSandbox:
    """The sandboxed environment that fills part templates (Markdown text output)."""
    env = LetterSandbox(
        loader=loader,
        bytecode_cache=COMPILED,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.filters.update({n: _language_filter(n, o) for n, o in filter_names().items()})
    return env


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost traceback frame that is a template line (Jinja rewrites them)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2") and frame.lineno is not None:
            found = (frame.filename, frame.lineno)
    return found


def _reword(message: str) -> str:
    if "has no attribute" in message:
        field = message.rsplit("attribute", 1)[1].strip(" '\"")
        return f'the template uses "{field}", which this letter does not provide'
    if message.endswith("is undefined"):
        return f"the template uses {message.removesuffix(' is undefined')}, which is not defined"
    return message


def template_error(exc: Exception, letter: str) -> LetterkitError:
    """Wrap any exception raised by Jinja with the template file, line and letter."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "template"
        return TemplateError.at(where, f"template syntax error: {exc.message}", exc.lineno)
    frame = _template_frame(exc)
    kind = SafetyError if isinstance(exc, SecurityError) else TemplateError
    message = f"{_explain(exc)} (while writing {letter})"
    if frame is None:
        return kind.at(letter, message)
    return kind.at(Path(frame[0]), message, frame[1])


def _explain(exc: Exception) -> str:
    if isinstance(exc, SecurityError) and not isinstance(exc, LimitExceeded):
        return (
            f"refused by the template sandbox: {str(exc).rstrip('.')}; a template may "
            "only read the letter's values and use filters"
        )
    return _reword(str(exc))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc, fixed by its stability policy: C0, DEL and
C1) but tab and line feed; one regular-expression search instead of a lookup per
character, a tenth of composing a letter."""


def check_controls(text: str, template: Path, letter: str) -> None:
    """Refuse a template's output that holds a control character but a line break or tab.

    Printed into the text twin, ESC and its kin are obeyed by the terminal that
    shows it (clear the screen, set the title, rewrite lines shown before).
    Spec values are checked when read; this catches what templates print.
    """
    control = _CONTROL.search(text)
    if control is None:
        return
    found = control.group()
    message = f"the template prints the control character U+{ord(found):04X}; remove it"
    line, column = _where(template, found)
    raise TemplateError.at(template, f"{message} (while writing {letter})", line, column)


MAX_WHERE_BYTES = 16 * 1024 * 1024
"""A template read again to point at a character: as large as a template may be."""


def _where(template: Path, char: str) -> tuple[int | None, int | None]:
    """Where a character stands in a template file, if it is written there literally."""
    try:
        source = boundary.read_text(template, (), MAX_WHERE_BYTES)
    except (OSError, UnicodeDecodeError, LetterkitError):
        return None, None
    at = source.find(char)
    if at < 0:
        return None, None  # the template makes it, e.g. from an escape in a string
    before = source[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1
