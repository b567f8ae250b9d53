"""Russian wording: names in their cases from the spec, agreement in gender and number.

The golden letters are in tests/golden/languages/ru-*.txt (tests/test_languages.py);
these are the sentences that carry the grammar, whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import merged
from tests.test_languages import SPECS, _one_line, render

RUSSIAN = [
    # Names in the case the sentence puts them in, from the spec's cases.
    (
        "event",
        "Конфедерация труда России (КТР) направляет горячий солидарный привет Конгрессу "
        "южноафриканских профсоюзов (COSATU) и участникам Национального съезда, который "
        "пройдёт с 10 по 12 июля 2026 года в городе Йоханнесбург (ЮАР).",
    ),
    (
        "event",
        "Мы искренне благодарим вас за приглашение присутствовать на Национальном съезде, "
        "который призван обновить программу организации.",
    ),
    # Future from the dates, then the pronoun after the first mention.
    (
        "event",
        "К сожалению, в связи с плотным графиком работы наших органов и финансовыми "
        "трудностями мы не сможем направить на него делегацию; тем не менее желаем всем его "
        "участникам плодотворной работы и успехов.",
    ),
    ("past", "и участникам Национального съезда, который прошёл с 10 по 12 июля 2026 года"),
    ("past", "который был призван обновить программу организации."),
    ("past", "мы не смогли направить на него делегацию;"),
    # A feminine event: the relative pronoun, the verb and the pronouns agree.
    (
        "feminine-past",
        "и участникам Азиатской конференции, которая прошла с 30 по 31 июля 2026 года в "
        "городе Коломбо (Шри-Ланка).",
    ),
    ("feminine-past", "мы не смогли направить на неё делегацию; тем не менее желаем всем её"),
    # Plural sender, recipient and event.
    (
        "plural",
        "Объединённые профсоюзы Урала направляют горячий солидарный привет Независимым "
        "профсоюзам Казахстана и участникам первомайских шествий, которые пройдут 1 мая "
        "2026 года в городе Алматы.",
    ),
    ("plural", "мы не сможем направить на них делегацию; тем не менее желаем всем их участникам"),
    # A person writes "я", and a woman's past tense agrees.
    # To one person, the polite "Вы" with a capital; to an organisation, "вы".
    ("person", "Дорогой товарищ Джим! Направляю Вам горячий солидарный привет, а также участникам"),
    ("person", "Искренне благодарю Вас за приглашение присутствовать на Национальном съезде,"),
    ("person", "я не смогу на нём присутствовать; тем не менее желаю всем его участникам"),
    ("person-past", "я не смогла на нём присутствовать;"),
    (
        "no-event",
        "Мы искренне благодарим вас за любезное приглашение. К сожалению, в связи с плотным "
        "графиком работы наших органов и финансовыми трудностями мы вынуждены отказаться от "
        "участия; тем не менее желаем вам больших успехов.",
    ),
    # Both registers, each with its pair.
    ("event", "Дорогие товарищи!"),
    ("event", "С солидарным приветом, Конфедерация труда России (КТР)"),
    ("formal", "Уважаемые коллеги! Конфедерация труда России (КТР) направляет"),
    ("formal", "С уважением, Конфедерация труда России (КТР)"),
    ("formal-person", "Уважаемая госпожа Мюллер! Конфедерация труда России (КТР) направляет Вам"),
]


@pytest.mark.parametrize(("variant", "sentence"), RUSSIAN)
def test_whole_russian_sentences(
    tmp_path: Path, run: Callable[..., Result], variant: str, sentence: str
) -> None:
    # One-letter words are bound to the next with a no-break space (tested below).
    text = _one_line(tmp_path, run, SPECS["ru", variant]).replace("\u00a0", " ")
    assert sentence in text


def test_russian_letter_keeps_one_letter_words_with_the_next(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    text = render(tmp_path, run, SPECS["ru", "event"])
    assert "К\u00a0сожалению, в\u00a0связи с\u00a0плотным" in text
    # Babel keeps "г." with the year by a narrow no-break space.
    assert "Москва, 15 июня 2026\u202fг." in text.split("\n\n")
    assert "\n\nО\u00a014-м Национальном съезде\n\n" in text, "a heading without a label"
    assert "\n\nПриложение:\nНаше заявление к\u00a0Первому мая\n\nКопия:\n" in text


def test_russian_signatory_signs_on_behalf_in_the_genitive(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    sign_off = {"signatory": "Анна Смирнова", "on_behalf": True}
    spec = merged(SPECS["ru", "event"], {"sign_off": sign_off, "enclosures": [], "cc": []})
    expected = (
        "С\u00a0солидарным приветом,\nАнна Смирнова\nОт имени Конфедерации труда России (КТР)\n"
    )
    assert render(tmp_path, run, spec).endswith(f"\n\n{expected}")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"event": {"cases": {"prepositional": None}}},
            'ru needs event.cases.prepositional to write "на …"; add prepositional: (e.g. '
            "Национальном съезде) under event.cases",
        ),
        (
            {"recipient": {"cases": None}},
            'ru needs recipient.cases.dative to write "привет …"; add dative: (e.g. Конгрессу '
            "южноафриканских профсоюзов) under recipient.cases",
        ),
        (
            {"event": {"gender": None}},
            'ru needs event.gender to agree "который" and the verb; add gender: feminine, '
            "masculine or neuter",
        ),
        (
            {"sender": {"cases": None}, "sign_off": {"signatory": "А. С.", "on_behalf": True}},
            'ru needs sender.cases.genitive to write "участникам …"',
        ),
    ],
)
def test_russian_needs_the_forms_its_sentences_use(
    tmp_path: Path, run: Callable[..., Result], changes: dict[str, Any], message: str
) -> None:
    spec = merged(SPECS["ru", "event"], changes)
    path = tmp_path / "letter.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=2), "utf-8")
    result = run("check", path)
    assert result.exit_code == 2
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", result.stderr), result.stderr
    assert message in result.stderr
