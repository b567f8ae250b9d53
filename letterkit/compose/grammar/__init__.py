"""Grammar by language: each language's helpers live in a module of its own, registered here.

A language's templates (templates/<lang>/*.j2) use the filters its module
provides; a filter of another language's grammar is an error naming the
template, never a word of the wrong language in the letter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from letterkit.compose.grammar import ar, de, en, es, fa, fr, hi, it, pt, ru, tr, ur
from letterkit.compose.grammar.base import Grammar
from letterkit.spec.model import Spec

__all__ = ["GRAMMARS", "Grammar", "filter_names", "grammar_of", "needs_of"]

GRAMMARS: dict[str, Grammar] = {
    m.GRAMMAR.language: m.GRAMMAR for m in (ar, de, en, es, fa, fr, hi, it, pt, ru, tr, ur)
}
"""Every language with a grammar module, by base language tag."""

Loc = tuple[str | int, ...]


def grammar_of(language: str) -> Grammar:
    """The grammar of a language tag (fr-CA uses fr's), or one with no helpers."""
    base = language.replace("_", "-").split("-")[0]
    return GRAMMARS.get(base, Grammar(base))


def filter_names() -> dict[str, list[str]]:
    """Every language filter name, with the languages that provide it."""
    names: dict[str, list[str]] = {}
    for grammar in GRAMMARS.values():
        for name in grammar.filters:
            names.setdefault(name, []).append(grammar.language)
    return names


def _items(spec: Spec) -> list[tuple[Loc, Mapping[str, Any]]]:
    # signed_for: a line under the signatory names the sender ("on behalf of ...").
    sender = {**spec.sender.dump(), "signed_for": spec.sign_off.on_behalf}
    items: list[tuple[Loc, Mapping[str, Any]]] = [(("sender",), sender)]
    greeted = {"greeted": spec.greeting.salutation is not None}
    if spec.recipient is not None:
        items.append((("recipient",), {**spec.recipient.dump(), **greeted}))
    for i, recipient in enumerate(spec.recipients or ()):
        salutation = recipient.greeting.salutation if recipient.greeting else None
        one = {"greeted": greeted["greeted"] or salutation is not None}
        items.append((("recipients", i), {**recipient.dump(), **one}))
    if spec.event is not None:
        items.append((("event",), spec.event.dump()))
    return items


def needs_of(spec: Spec) -> list[tuple[Loc, str]]:
    """What the letter's language needs the spec to say and it does not, located by field."""
    needs: Callable[[str, Mapping[str, Any]], list[str]] = grammar_of(spec.language).needs
    apology = spec.apology
    if spec.greeting.text is not None and (apology is None or apology.text is not None):
        return []  # the spec writes every sentence that names a party or the event
    return [(loc, message) for loc, item in _items(spec) for message in needs(_dotted(loc), item)]


def _dotted(loc: Loc) -> str:
    parts = (f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(loc))
    return "".join(parts)
