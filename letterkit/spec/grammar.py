"""What a language's grammar may need to know about a name, said once for every language.

The spec stays language-neutral: a party or an event says whether its name
is feminine, masculine or neuter, singular or plural, whether running text
puts an article before it, and how a person is addressed. Which of these a
language needs is decided by that language's own helper module (in
letterkit.compose.grammar), which reports a located error when one is missing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from letterkit.spec.types import Text

Gender = Literal["feminine", "masculine", "neuter"]
Number = Literal["singular", "plural"]


class Grammatical(BaseModel):
    """The grammar fields shared by parties and events."""

    gender: Gender | None = None
    """The grammatical gender of the name (and, for an event, of its kind word): feminine,
    masculine or neuter; French, Spanish, Portuguese, Italian and German need it to write
    the article and agreements ("la Confédération", "le Congrès")."""
    number: Number = "singular"
    """plural for a name such as "Les Syndicats unis" or "the May Day rallies", so verbs
    and pronouns agree ("the rallies that are taking place")."""


class Addressed(BaseModel):
    """How a person is greeted by name."""

    title: Text | None = None
    """The title a person is greeted with, in the letter's language: "Comrade", "Mr",
    "Dr", "camarade"; with it the salutation reads "Dear Comrade Jim,"."""
    family_name: Text | None = None
    """The name used after the title; default: the last word of the name."""
