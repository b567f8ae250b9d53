"""English: "the" before an organisation's name; the templates write the rest."""

from __future__ import annotations

from letterkit.compose.grammar.base import Grammar, Item, named, takes_article


def the(item: Item, form: str = "full") -> str:
    """The name as running text writes it, with "the" when it takes one."""
    name = named(item, form)
    return f"the {name}" if takes_article(item) else name


GRAMMAR = Grammar("en", {"the": the})
