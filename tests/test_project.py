"""Project templates, custom parts and vars: the search path holds part by part."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

GREETING = "en/greeting.j2"
BUILTIN_APOLOGY = "We thank you very much for inviting us"


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write files into a project (a folder holding letterkit.toml) and return its root."""
    (tmp_path / "letterkit.toml").write_text("", "utf-8")

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        return tmp_path

    return write


@pytest.fixture
def letter(spec_file: Callable[..., Path], run: Callable[..., Result]) -> Callable[..., Result]:
    """Render a spec in the project (from a subfolder) as text to standard output."""

    def render(changes: dict[str, object] | None = None, *options: str | Path) -> Result:
        spec = spec_file(changes, name="letters/letter.yaml")
        return run("render", "-f", "txt", "-o", "-", "-w", "1000", *options, spec)

    return render


@pytest.fixture(autouse=True)
def _letters_folder(tmp_path: Path) -> None:
    (tmp_path / "letters").mkdir()


def test_project_greeting_overrides_and_builtin_apology_stays(
    project: Callable[[dict[str, str]], Path], letter: Callable[..., Result]
) -> None:
    project({f"templates/{GREETING}": "Greetings from the project, {{ recipient | the }}."})
    result = letter()
    assert result.exit_code == 0, result.stderr
    assert "Greetings from the project, the Congress of South African" in result.stdout
    assert "Dear Comrades," not in result.stdout, "the whole greeting part is the project's"
    assert BUILTIN_APOLOGY in result.stdout, "the built-in apology stays"
    assert result.stdout.endswith("In solidarity,\nWorkers' Solidarity Network (WSN)\n")


def test_command_line_templates_beat_the_project(
    project: Callable[[dict[str, str]], Path], letter: Callable[..., Result], tmp_path: Path
) -> None:
    root = project(
        {
            f"templates/{GREETING}": "From the project.",
            "templates/en/sign_off.j2": "Project sign-off.",
            f"mine/{GREETING}": "From the command line.",
        }
    )
    result = letter(None, "--templates", root / "mine")
    assert "From the command line." in result.stdout
    assert "From the project." not in result.stdout
    assert "\n\nProject sign-off.\n\n" in result.stdout, "the project still beats the built-in"


def test_project_reaches_the_builtin_of_the_same_name(
    project: Callable[[dict[str, str]], Path], letter: Callable[..., Result]
) -> None:
    plain = letter().stdout
    project(
        {
            f"templates/{GREETING}": '{% extends "builtin/en/greeting.j2" %}',
            "templates/en/apology.j2": '{% include "builtin/en/apology.j2" %}\n\nAnd one more.',
        }
    )
    result = letter({"layout": {"apology": "new_paragraph"}})
    assert result.exit_code == 0, result.stderr
    greeting = plain.split(BUILTIN_APOLOGY)[0]
    assert result.stdout.startswith(greeting.rstrip(" "))
    assert f"{BUILTIN_APOLOGY}" in result.stdout
    assert "fruitful congress.\n\nAnd one more.\n" in result.stdout


def test_project_template_without_language_serves_every_language(
    project: Callable[[dict[str, str]], Path], letter: Callable[..., Result]
) -> None:
    project({"templates/greeting.j2": "Project greeting."})
    assert "Project greeting." in letter().stdout
    french = {
        "language": "fr",
        "sender": {"gender": "masculine"},
        "recipient": {"gender": "feminine"},
        "event": {"gender": "masculine"},
    }
    assert "Project greeting." in letter(french).stdout


def test_project_stylesheet_replaces_and_extra_css_adds(
    project: Callable[[dict[str, str]], Path],
    spec_file: Callable[..., Path],
    run: Callable[..., Result],
) -> None:
    spec = spec_file(name="letters/letter.yaml")

    def html() -> str:
        result = run("render", "-f", "html", "-o", "-", spec)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert ".letterhead .name {" in html()
    project({"templates/extra.css": ".letterhead .name { color: #a00; }"})
    added = html()
    assert ".letterhead .name {" in added
    assert added.index("font-size: 13pt") < added.index("color: #a00")
    project({"templates/letter.css": "body { color: #123; }"})
    replaced = html()
    assert "font-size: 13pt" not in replaced
    assert replaced.index("color: #123") < replaced.index("color: #a00")


def test_custom_parts_in_order_with_vars(
    project: Callable[[dict[str, str]], Path], letter: Callable[..., Result]
) -> None:
    project(
        {
            "templates/invitation.j2": "{% if vars.venue %}Join us at {{ vars.venue }}, "
            "{{ vars.hours | and_list }}.{% endif %}",
        }
    )
    result = letter(
        {
            "parts": ["greeting", "invitation", "sign_off"],
            "vars": {"venue": "Hall_1 *east*", "hours": ["9:00", "14:00"]},
        }
    )
    assert result.exit_code == 0, result.stderr
    body = result.stdout
    assert "Join us at Hall_1 *east*, 9:00 and 14:00." in body, "vars are taken literally"
    assert body.index("Dear Comrades,") < body.index("Join us") < body.index("In solidarity,")
    assert BUILTIN_APOLOGY not in body and "We stand with you." not in body


def test_apology_without_a_spec_key_is_left_out_even_when_listed(
    letter: Callable[..., Result],
) -> None:
    result = letter({"apology": None, "parts": ["apology", "position"]})
    assert result.exit_code == 0, result.stderr
    assert BUILTIN_APOLOGY not in result.stdout and "We stand with you." in result.stdout


def test_missing_custom_part_names_the_part_and_the_folders(
    project: Callable[[dict[str, str]], Path], letter: Callable[..., Result]
) -> None:
    root = project({"templates/other.j2": "x"})
    result = letter({"parts": ["greeting", "invitation"]})
    assert result.exit_code == 2
    assert result.stderr == (
        f"{root / 'letters' / 'letter.yaml'}: parts: no template for part "
        '"invitation": add en/invitation.j2 or invitation.j2 to a template folder '
        f"(searched {root / 'templates'}, built-in) or remove it from parts\n"
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ('["greeting", "Invitation"]', '"Invitation" is not a part name'),
        ('["greeting", "greeting"]', 'part "greeting" is listed twice'),
        ('["subject", "greeting"]', '"subject" has a place of its own'),
        ('["greeting", "cc"]', '"cc" has a place of its own'),
        ('["../../etc/passwd"]', "is not a part name"),
    ],
)
def test_bad_parts_are_spec_errors_with_a_position(
    spec_file: Callable[..., Path], run: Callable[..., Result], parts: str, message: str
) -> None:
    spec = spec_file(text=f"sender: {{name: A}}\nrecipient: {{name: B}}\nparts: {parts}\n")
    result = run("check", spec)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{spec}:3:")
    assert message in result.stderr
