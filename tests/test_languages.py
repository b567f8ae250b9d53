"""The built-in wording of every language, letter by letter, against golden files.

Each tests/data/languages/<lang>.yaml holds a letter written in that language
and its variants (event to come, event past, no event, person to person, plural
event, formal register); each variant renders to
tests/golden/languages/<lang>-<variant>.txt, which was reviewed sentence by
sentence (`make golden` rewrites them for review in the diff).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from ruamel.yaml import YAML

from tests.conftest import merged

DATA = Path(__file__).parent / "data" / "languages"


def _letters() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted(DATA.glob("*.yaml")):
        # Dates stay text, as a spec file gives them.
        data = json.loads(json.dumps(YAML(typ="safe").load(path.read_text("utf-8")), default=str))
        for variant, changes in data["variants"].items():
            found.append((path.stem, variant, merged(data["base"], changes)))
    return found


LETTERS = _letters()


def render(tmp_path: Path, run: Callable[..., Result], spec: dict[str, Any]) -> str:
    path = tmp_path / "letter.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=2), "utf-8")
    result = run("render", "-f", "txt", "-o", "-", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "", "a built-in language needs no warning"
    return result.stdout


@pytest.mark.parametrize(
    ("name", "spec"),
    [(f"{a}-{b}", spec) for a, b, spec in LETTERS],
    ids=[f"{a}-{b}" for a, b, _ in LETTERS],
)
def test_letter_matches_golden(
    tmp_path: Path,
    run: Callable[..., Result],
    golden: Callable[[str, str], None],
    name: str,
    spec: dict[str, Any],
) -> None:
    golden(f"languages/{name}.txt", render(tmp_path, run, spec))


def _one_line(tmp_path: Path, run: Callable[..., Result], spec: dict[str, Any]) -> str:
    # Line breaks become spaces; no-break spaces stay what they are.
    return re.sub(r"[ \n]+", " ", render(tmp_path, run, spec)).strip()


SPECS = {(language, variant): spec for language, variant, spec in LETTERS}

SENTENCES = [
    # French: elision, contraction with à and de, the pronoun "y" after the first mention.
    (
        "fr",
        "formal",
        "L’Union syndicale Solidaires adresse ses plus chaleureuses salutations solidaires à "
        "l’Union des syndicats autonomes (UNSA) et au Congrès confédéral, qui se tiendra du 10 "
        "au 12 mars 2026 à Tours (France).",
    ),
    (
        "fr",
        "event",
        "Malheureusement, en raison du calendrier de nos instances et des difficultés "
        "financières, nous ne pourrons pas y envoyer de délégation\u202f; nous souhaitons "
        "néanmoins à tous ses participants plein succès dans leurs travaux.",
    ),
    (
        "fr",
        "plural",
        "L’Union syndicale Solidaires adresse ses plus chaleureuses salutations solidaires aux "
        "Syndicats unis et aux Rassemblements du 1er Mai, qui se sont tenus le 1er mai 2026 à "
        "Lyon.",
    ),
    ("fr", "person", "Je vous remercie vivement de m’avoir invitée à ce congrès important,"),
    # Spanish: "al", "a la", "del", plural agreement.
    (
        "es",
        "event",
        "La Confederación General del Trabajo (CGT) envía sus más cálidos saludos solidarios "
        "al Sindicato de Trabajadores de la Educación y al Congreso Nacional, que se celebrará "
        "del 10 al 12 de marzo de 2026 en Montevideo (Uruguay).",
    ),
    (
        "es",
        "plural",
        "La Confederación General del Trabajo (CGT) envía sus más cálidos saludos solidarios a "
        "las Comisiones Obreras (CCOO) y a las Marchas del Primero de Mayo, que se celebraron "
        "el 1 de mayo de 2026 en Sevilla.",
    ),
    (
        "es",
        "past",
        "Lamentablemente, debido al calendario de nuestros órganos y a las dificultades "
        "económicas, no nos fue posible enviar una delegación;",
    ),
    # Portuguese: "ao", "à", "às", "deste", "destas".
    (
        "pt",
        "event",
        "A Central Única dos Trabalhadores (CUT) envia as suas mais calorosas saudações "
        "solidárias ao Sindicato dos Metalúrgicos do ABC e ao Congresso Nacional, que se "
        "realizará de 10 a 12 de março de 2026 em São Bernardo do Campo (Brasil).",
    ),
    (
        "pt",
        "plural",
        "Agradecemos muito o convite para participar destas importantes manifestações.",
    ),
    # Italian: "l'", "all'", "dall'8 all'11", "agli", "alle", agreement of "tenute".
    (
        "it",
        "formal",
        "L’Unione Sindacale di Base (USB) invia i suoi più calorosi saluti solidali "
        "all’Unione degli Studenti (UDS) e al Congresso nazionale, che si terrà dall’8 "
        "all’11 marzo 2026 a Bologna (Italia).",
    ),
    (
        "it",
        "plural",
        "L’Unione Sindacale di Base (USB) invia i suoi più calorosi saluti solidali agli "
        "Studenti in lotta e alle Manifestazioni del Primo maggio, che si sono tenute il 1º "
        "maggio 2026 a Torino.",
    ),
    # German: dative articles, both registers, the verb at the end of the clause.
    (
        "de",
        "event",
        "Liebe Kolleginnen und Kollegen, herzliche solidarische Grüße sendet das "
        "Solidaritätsnetzwerk Nord dem Gewerkschaftsbund Südafrikas (COSATU) und dem "
        "Nationalkongress, der vom 10. bis 12.\u00a0Juli 2026 in Johannesburg (Südafrika) "
        "stattfindet.",
    ),
    ("de", "event", "Mit solidarischen Grüßen Solidaritätsnetzwerk Nord"),
    # Tense from the dates: the same letter before and after its event.
    ("fr", "past", "au Congrès confédéral, qui s’est tenu du 10 au 12 mars 2026 à Tours"),
    ("fr", "past", "nous n’avons pas pu y envoyer de délégation\u202f;"),
    ("it", "past", "non ci è stato possibile inviare una delegazione;"),
    ("it", "event", "non potremo inviare una delegazione;"),
    ("pt", "past", "não nos foi possível enviar uma delegação;"),
    ("pt", "event", "não poderemos enviar uma delegação;"),
    ("es", "event", "no podremos enviar una delegación;"),
    (
        "de",
        "event",
        "Leider werden wir aufgrund von Terminschwierigkeiten und finanziellen "
        "Engpässen keine Vertretung entsenden können;",
    ),
    ("tr", "event", "temsilci gönderemeyeceğiz;"),
    ("tr", "past", "temsilci gönderemedik;"),
    ("ar", "event", "لن نتمكن من إرسال وفد؛"),
    ("ar", "past", "لم نتمكن من إرسال وفد؛"),
    ("fa", "event", "نخواهیم توانست نماینده‌ای به آن بفرستیم؛"),
    ("fa", "past", "نتوانستیم نماینده‌ای به آن بفرستیم؛"),
    ("ur", "event", "ہم اپنا کوئی نمائندہ نہیں بھیج سکیں گے؛"),
    ("hi", "plural", "हम इन महत्वपूर्ण रैलियों में भाग लेने के निमंत्रण के लिए आपके आभारी हैं।"),
    ("de", "formal", "Sehr geehrte Damen und Herren, herzliche solidarische Grüße sendet"),
    ("de", "formal", "Mit freundlichen Grüßen Solidaritätsnetzwerk Nord"),
    ("de", "formal-person", "Sehr geehrte Frau Dr. Müller,"),
    (
        "de",
        "past",
        "Leider konnten wir aufgrund von Terminschwierigkeiten und finanziellen Engpässen "
        "keine Vertretung entsenden;",
    ),
    (
        "de",
        "plural",
        "Wir danken Ihnen herzlich für die Einladung zu diesen wichtigen Kundgebungen.",
    ),
]


@pytest.mark.parametrize(("language", "variant", "sentence"), SENTENCES)
def test_whole_sentences(
    tmp_path: Path, run: Callable[..., Result], language: str, variant: str, sentence: str
) -> None:
    assert sentence in _one_line(tmp_path, run, SPECS[language, variant])


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("fr", "Paris, le 14 janvier 2026"),
        ("es", "Madrid, 14 de enero de 2026"),
        ("de", "Hamburg, 15. Juni 2026"),
        ("pt", "São Paulo, 14 de janeiro de 2026"),
        ("it", "Roma, 14 gennaio 2026"),
    ],
)
def test_place_and_date_as_the_country_writes_them(
    tmp_path: Path, run: Callable[..., Result], language: str, line: str
) -> None:
    assert f"\n\n{line}\n\n" in render(tmp_path, run, SPECS[language, "event"])


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "Objet\u00a0: Votre 53e congrès confédéral"),
        ("es", "Asunto: Su 12.º Congreso Nacional"),
        ("pt", "Assunto: O seu 14.º Congresso Nacional"),
        ("it", "Oggetto: Il vostro 19º Congresso nazionale"),
        ("de", "Ihr 14. Nationalkongress"),
    ],
)
def test_subject_label_and_its_typography(
    tmp_path: Path, run: Callable[..., Result], language: str, subject: str
) -> None:
    assert f"\n\n{subject}\n\n" in render(tmp_path, run, SPECS[language, "event"])


def test_french_first_of_the_month_in_the_date_line(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = merged(SPECS["fr", "event"], {"date": "2026-05-01"})
    assert "\n\nParis, le 1er mai 2026\n\n" in render(tmp_path, run, spec)


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("en", "Saluti\nMary Jones\nOn behalf of the Workers' Solidarity Network (WSN)\n"),
        ("fr", "Saluti\nMarie Dubois\nAu nom de l’Union syndicale Solidaires\n"),
        ("es", "Saluti\nAna García\nEn nombre de la Confederación General del Trabajo (CGT)\n"),
        ("de", "Saluti\nAnna Schmidt\nFür das Solidaritätsnetzwerk Nord\n"),
        ("pt", "Saluti\nAna Souza\nEm nome da Central Única dos Trabalhadores (CUT)\n"),
        ("it", "Saluti\nGiulia Rossi\nA nome dell’Unione Sindacale di Base (USB)\n"),
    ],
)
def test_a_signatory_signs_on_behalf_of_the_sender(
    tmp_path: Path, run: Callable[..., Result], language: str, lines: str
) -> None:
    person = SPECS[language, "person"]["sender"]["name"]
    sign_off = {"valediction": "Saluti", "signatory": person, "on_behalf": True}
    spec = merged(SPECS[language, "event"], {"sign_off": sign_off, "enclosures": [], "cc": []})
    assert render(tmp_path, run, spec).endswith(f"\n\n{lines}")


def test_french_punctuation_never_starts_a_line_of_the_text_twin(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    slogan = "Vive la solidarité internationale des travailleuses et des travailleurs !"
    spec = merged(SPECS["fr", "event"], {"sign_off": {"slogans": [slogan]}})
    path = tmp_path / "letter.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    # The width where a plain space would leave the "!" alone on the next line.
    width = str(len(slogan) - 2)
    result = run("render", "-f", "txt", "-o", "-", "-w", width, path)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "travailleurs\u202f!" in lines
    assert not [line for line in lines if line.startswith(tuple("!?;:"))], "no lone mark"
