"""What a language's grammar may need to know about a name, said once for every language.

The spec stays language-neutral: a party or an event says whether its name
is feminine, masculine or neuter, singular or plural, whether running text
puts an article before it, and how a person is addressed. Which of these a
language needs is decided by that language's own helper module (in
letterkit.compose.grammar), which reports a located error when one is missing.
"""

from __future__ import annotations

from typing import Literal

from letterkit.spec.base import Model, spec_class
from letterkit.spec.types import Text

Gender = Literal["feminine", "masculine", "neuter"]
Number = Literal["singular", "plural"]


@spec_class
class Cases(Model):
    """The name in the grammatical cases a language's sentences put it in.

    Written by the spec, not guessed: a name of several words declines some
    of them and not others ("Конгресс южноафриканских профсоюзов" ->
    "Конгрессу южноафриканских профсоюзов"), which only its writer knows.
    """

    # The docstrings below are read by the schema (letterkit/spec/docs.py), not at import.
    genitive: Text | None = None
    """The name after "of", "for the participants of" ("участникам Национального съезда")."""
    dative: Text | None = None
    """The name as the one something is sent to ("привет Конгрессу южноафриканских
    профсоюзов")."""
    accusative: Text | None = None
    """The name as a direct object."""
    instrumental: Text | None = None
    """The name after "with" or "by" ("Конфедерацией")."""
    prepositional: Text | None = None
    """The name after "at", "on", "in" ("на Национальном съезде")."""


@spec_class
class Grammatical:
    """The grammar fields shared by parties and events."""

    gender: Gender | None = None
    """The grammatical gender of the name (and, for an event, of its kind word): feminine,
    masculine or neuter; French, Spanish, Portuguese, Italian and German need it to write
    the article and agreements ("la Confédération", "le Congrès")."""
    number: Number = "singular"
    """plural for a name such as "Les Syndicats unis" or "the May Day rallies", so verbs
    and pronouns agree ("the rallies that are taking place")."""
    cases: Cases = Cases()
    """The name in other grammatical cases, for languages that decline names (Russian):
    the form running text uses, so an event's short_name when it has one; e.g.
    {genitive: Национального съезда, prepositional: Национальном съезде}."""


@spec_class
class Addressed:
    """How a person is greeted by name."""

    title: Text | None = None
    """The title a person is greeted with, in the letter's language: "Comrade", "Mr",
    "Dr", "camarade"; with it the salutation reads "Dear Comrade Jim,"."""
    family_name: Text | None = None
    """The name used after the title; default: the last word of the name."""
