"""The built-in templates read as a proper letter for specs other than the reference."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result


@pytest.fixture
def text(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Callable[..., str]:
    def render(changes: dict[str, Any] | None = None) -> str:
        path = spec_file(changes)
        result = run("render", "-f", "txt", "-o", "-", "-w", "1000", path)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return render


def assert_tidy(letter: str) -> None:
    assert "None" not in letter
    assert "()" not in letter
    assert "  " not in letter
    assert " ," not in letter and " ." not in letter and ",." not in letter
    assert "\n\n\n" not in letter
    assert not re.search(r" $", letter, re.M)


def test_a_different_event_reads_as_a_letter(text: Callable[..., str]) -> None:
    letter = text()
    assert_tidy(letter)
    assert (
        "The Workers' Solidarity Network (WSN) sends its warmest solidarity greetings to the "
        "Congress of South African Trade Unions (COSATU) and the National Congress that is "
        "taking place on March 10\u202f–\u202f12, 2026, in Johannesburg, South Africa. "
        "We thank you very much for inviting us to attend this important congress, "
        "which aims to renew the federation's programme. Unfortunately, due to travel costs, "
        "we will not be able to send a representative; however, we wish all "
        "participants at this congress a fruitful congress.\n" in letter
    )
    assert "RE:" not in letter, "no subject given, no subject line"
    assert "March 8, 2026" in letter.split("\n\n")[2], "the date sits at the top by default"
    assert letter.endswith("In solidarity,\nWorkers' Solidarity Network (WSN)\n")


@pytest.mark.parametrize(
    ("reasons", "phrase"),
    [
        (["illness"], "due to illness,"),
        (["visa refusals", "travel costs"], "due to visa refusals and travel costs,"),
        (["a", "b", "c", "d", "e"], "due to a, b, c, d, and e,"),
        ([], "Unfortunately, we will not be able to send"),
    ],
)
def test_reasons_are_listed_as_english_lists_them(
    text: Callable[..., str], reasons: list[str], phrase: str
) -> None:
    letter = text({"apology": {"reasons": reasons}})
    assert phrase in letter
    assert_tidy(letter)


def test_names_without_an_article_and_without_short_names(text: Callable[..., str]) -> None:
    letter = text(
        {
            "sender": {"name": "Maria Rodríguez", "short_name": None, "article": False},
            "recipient": {"name": "UNITE HERE", "short_name": None, "article": False},
        }
    )
    assert "Maria Rodríguez sends its warmest solidarity greetings to UNITE HERE and the " in letter
    assert letter.endswith("In solidarity,\nMaria Rodríguez\n")
    assert_tidy(letter)


def test_no_event_keeps_greeting_and_apology_sensible(text: Callable[..., str]) -> None:
    letter = text({"event": None, "subject": "Greetings"})
    assert_tidy(letter)
    assert "solidarity greetings to the Congress of South African Trade Unions (COSATU). " in letter
    assert (
        "We thank you very much for your kind invitation. Unfortunately, due to travel "
        "costs, we are not able to attend; however, we wish you a fruitful congress." in letter
    )
    assert "RE: Greetings\n\nDear Comrades," in letter, "no Held in line without an event"


def test_event_with_only_a_city(text: Callable[..., str]) -> None:
    letter = text(
        {
            "event": {"start": None, "end": None, "country": None, "aim": None},
            "subject": "Solidarity",
        }
    )
    assert "RE: Solidarity\nHeld in Johannesburg\n" in letter
    assert (
        "the National Congress that is taking place in Johannesburg. We thank you very much "
        "for inviting us to attend this important congress. Unfortunately" in letter
    )
    assert_tidy(letter)


def test_event_with_dates_only(text: Callable[..., str]) -> None:
    letter = text({"event": {"city": None, "country": None}, "subject": "Solidarity"})
    assert "Held on March 10\u202f–\u202f12, 2026\n" in letter
    assert "that is taking place on March 10\u202f–\u202f12, 2026. We thank" in letter


def test_optional_parts_left_out(text: Callable[..., str]) -> None:
    letter = text({"apology": None, "position": [], "sign_off": {"slogans": [], "closing": []}})
    assert "We thank you" not in letter
    assert_tidy(letter)
    assert letter.endswith("South Africa.\n\nIn solidarity,\nWorkers' Solidarity Network (WSN)\n")


def test_apology_in_its_own_paragraph(text: Callable[..., str]) -> None:
    letter = text({"layout": {"apology": "new_paragraph"}})
    assert "South Africa.\n\nWe thank you very much" in letter


def test_text_replaces_the_wording_for_one_letter(text: Callable[..., str]) -> None:
    letter = text(
        {
            "greeting": {"text": "Warm greetings from all of us."},
            "apology": {"text": ["We are sorry we cannot come.", "Next year!"]},
        }
    )
    assert (
        "Dear Comrades,\n\nWarm greetings from all of us. We are sorry we cannot come."
        "\n\nNext year!\n" in letter
    )
    assert "sends its warmest" not in letter


def test_default_salutation_and_valediction(text: Callable[..., str]) -> None:
    letter = text({"greeting": {"salutation": None}})
    assert "\nDear friends,\n" in letter


def test_prose_takes_markdown_and_names_stay_literal(text: Callable[..., str]) -> None:
    letter = text(
        {
            "recipient": {"name": "Workers_United *Local* 7", "email": "info_desk@example.org"},
            "position": ["We *strongly* support [the strike](https://example.org/strike)."],
        }
    )
    assert "Workers_United *Local* 7\ninfo_desk@example.org\n" in letter
    assert "We strongly support the strike <https://example.org/strike>." in letter


def test_spec_values_are_data_not_templates(text: Callable[..., str]) -> None:
    letter = text({"recipient": {"name": "{{ 7*7 }} & <b>Friends</b>"}})
    assert "{{ 7*7 }} & <b>Friends</b>" in letter


def test_language_without_wording_gets_no_english(
    spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    path = spec_file(
        {
            "language": "ps",
            "subject": "پیام همبستگی",
            "sender": {"name": "اتحاد بین‌المللی در حمایت از کارگران در ایران", "short_name": None},
            "greeting": {"salutation": "رفقای گرامی،", "text": "درودهای گرم ما را بپذیرید."},
            "apology": {"text": None},
            "position": ["ما در کنار شما هستیم."],
            "sign_off": {"valediction": "با درودهای همبستگی", "closing": [], "slogans": []},
        }
    )
    result = run("render", "-f", "txt", "-o", "-", path)
    assert result.exit_code == 0
    letter = result.stdout
    assert re.findall(r"[A-Za-z]{3,}", letter.split("\n\n", 2)[2]) == [], letter
    assert "۸ مارچ ۲۰۲۶" in letter
    assert result.stderr == (
        f'warning: {path}: letterkit has no wording of its own in language "ps", so the letter '
        "holds only what the spec writes out; not used: event, apology.reasons, apology.wish; "
        "write apology.text in this language\n"
    )


def test_a_person_writes_in_the_first_person_and_is_greeted_by_name(
    text: Callable[..., str],
) -> None:
    letter = text(
        {
            "sender": {"name": "Maryam Ahmadi", "short_name": None, "person": True},
            "recipient": {"name": "Sara Khan", "short_name": None, "person": True},
            "greeting": {"salutation": None},
        }
    )
    assert "\nDear Sara Khan,\n\nI send my warmest solidarity greetings to you and the " in letter
    assert "I thank you very much for inviting me to attend this important congress" in letter
    assert (
        "Unfortunately, due to travel costs, I will not be able to attend; however, I "
        "wish all participants at this congress a fruitful congress." in letter
    )
    assert "we " not in letter and " its " not in letter and "the Sara" not in letter
    assert letter.count("Sara Khan") == 2, "in the address and the salutation, then: you"
    assert letter.endswith("In solidarity,\nMaryam Ahmadi\n")
    assert_tidy(letter)


def test_a_person_without_an_event(text: Callable[..., str]) -> None:
    letter = text(
        {"sender": {"name": "Maryam Ahmadi", "short_name": None, "person": True}, "event": None}
    )
    assert (
        "I thank you very much for your kind invitation. Unfortunately, due to travel "
        "costs, I am not able to attend; however, I wish you a fruitful congress." in letter
    )


def test_a_subject_copied_from_a_reply_gets_one_re(text: Callable[..., str]) -> None:
    assert "\nRE: Solidarity\n" in text({"subject": "Re: Solidarity"})


def test_an_event_after_the_letter_date_is_written_in_the_future(text: Callable[..., str]) -> None:
    letter = text({"date": "2026-01-20", "event": {"start": "2026-03-03", "end": None}})
    assert (
        "and the National Congress that is taking place on March 3, 2026, in Johannesburg, "
        "South Africa. We thank you very much for inviting us to attend this important "
        "congress, which aims to renew the federation's programme. Unfortunately, due to "
        "travel costs, we will not be able to send a representative; however, we wish all "
        "participants at this congress a fruitful congress.\n" in letter
    )


def test_an_event_before_the_letter_date_is_written_in_the_past(text: Callable[..., str]) -> None:
    letter = text({"date": "2026-04-02"})
    assert (
        "and the National Congress that took place on March 10\u202f–\u202f12, 2026, in "
        "Johannesburg, South Africa. We thank you very much for inviting us to attend this "
        "important congress, which aimed to renew the federation's programme. Unfortunately, "
        "due to travel costs, we could not send any representative to this congress; however, "
        "we wish all participants at this congress a fruitful congress.\n" in letter
    )


def test_a_spec_keeps_the_past_tense_of_a_decision_taken(text: Callable[..., str]) -> None:
    letter = text({"apology": {"tense": "past"}})
    assert "we could not send any representative to this congress;" in letter


def test_plural_event_names_agree(text: Callable[..., str]) -> None:
    letter = text(
        {
            "event": {
                "kind": "rallies",
                "name": "May Day rallies",
                "short_name": None,
                "number": "plural",
                "start": "2026-05-01",
                "end": None,
                "aim": "defend the right to strike",
            }
        }
    )
    assert (
        "and the May Day rallies that are taking place on May 1, 2026, in Johannesburg, South "
        "Africa. We thank you very much for inviting us to attend these important rallies, "
        "which aim to defend the right to strike. Unfortunately, due to travel costs, we will "
        "not be able to send a representative; however, we wish all participants at these "
        "rallies a fruitful congress.\n" in letter
    )
    assert_tidy(letter)


@pytest.mark.parametrize(
    ("title", "salutation"),
    [("Comrade", "Dear Comrade Jim,"), ("Mr", "Dear Mr Jim,"), (None, "Dear Irvin Jim,")],
)
def test_a_person_is_greeted_with_a_title(
    text: Callable[..., str], title: str | None, salutation: str
) -> None:
    recipient = {"name": "Irvin Jim", "short_name": None, "person": True, "title": title}
    letter = text({"recipient": recipient, "greeting": {"salutation": None}})
    assert f"\n{salutation}\n\nThe Workers' Solidarity Network (WSN) sends its" in letter


def test_the_formal_register_has_its_own_salutation_and_valediction(
    text: Callable[..., str],
) -> None:
    letter = text({"register": "formal", "greeting": {"salutation": None}})
    assert "\nDear Sir or Madam,\n\n" in letter
    assert letter.endswith("\n\nYours faithfully,\nWorkers' Solidarity Network (WSN)\n")
    person = {"name": "Irvin Jim", "short_name": None, "person": True, "title": "Mr"}
    letter = text({"register": "formal", "greeting": {"salutation": None}, "recipient": person})
    assert "\nDear Mr Jim,\n\n" in letter
    assert "\n\nYours sincerely,\nWorkers' Solidarity Network (WSN)\n" in letter
