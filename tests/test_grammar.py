"""Grammar fields in the spec: a language that needs one the spec lacks says where to add it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FRENCH = {"language": "fr", "sender": {"gender": "masculine"}, "event": {"gender": "masculine"}}


def test_a_language_needing_a_gender_names_the_field_and_its_line(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file(FRENCH)
    result = run("check", path)
    assert result.exit_code == 2
    line = next(
        i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1) if '"recipient"' in text
    )
    assert result.stderr == (
        f"{path}:{line}:3: fr needs recipient.gender to write the article; add gender: "
        "feminine (or masculine, or neuter) or article: false\n"
    )


def test_article_false_needs_no_gender(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file(
        {**FRENCH, "recipient": {"name": "COSATU", "short_name": None, "article": False}}
    )
    result = run("render", "-f", "txt", "-o", "-", "-w", "1000", path)
    assert result.exit_code == 0, result.stderr
    assert "salutations solidaires à COSATU et au National Congress," in result.stdout


def test_a_person_greeted_by_a_written_salutation_needs_no_gender(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    person = {"name": "Irvin Jim", "short_name": None, "person": True}
    path = spec_file({**FRENCH, "recipient": person})
    assert run("render", "-f", "txt", "-o", "-", path).exit_code == 0
    path = spec_file({**FRENCH, "recipient": person, "greeting": {"salutation": None}})
    result = run("check", path)
    assert result.exit_code == 2
    assert "fr needs recipient.gender to write the salutation; add gender: feminine" in (
        result.stderr
    )


def test_a_filter_of_another_language_is_an_error_not_a_wrong_word(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    folder = tmp_path / "mine" / "fr"
    folder.mkdir(parents=True)
    (folder / "greeting.j2").write_text("Salut {{ recipient | the }}.\n", encoding="utf-8")
    path = spec_file({**FRENCH, "recipient": {"gender": "masculine"}})
    result = run("render", "--templates", tmp_path / "mine", "-f", "txt", "-o", "-", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{folder / 'greeting.j2'}:1: ")
    assert 'the filter "the" belongs to the grammar of en, not fr;' in result.stderr


def test_arabic_and_urdu_need_the_events_gender_for_their_verbs(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    for language in ("ar", "ur"):
        result = run("check", spec_file({"language": language}))
        assert result.exit_code == 2
        assert result.stderr.endswith(
            f"{language} needs event.gender to agree the verb"
            f"{' and the relative pronoun' if language == 'ar' else ''}; add gender: feminine "
            "or masculine\n"
        )
    urdu = {"language": "ur", "event": {"gender": "feminine"}}
    person = {"name": "فاطمہ خان", "short_name": None, "person": True}
    result = run("check", spec_file({**urdu, "sender": person}))
    assert result.exit_code == 2
    assert "ur needs sender.gender to agree the verb; add gender: feminine or masculine" in (
        result.stderr
    )


def test_an_unknown_language_tag_is_refused_by_templates(run: Callable[..., Result]) -> None:
    result = run("templates", "--language", "zz-qq")
    assert result.exit_code == 2
    assert 'unknown language tag "zz-qq"' in result.stderr
