"""-f eml: one message per letter, its headers in any script, its body and attachments exact."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import Result
from msgspec.structs import replace

from letterkit.compose import ComposeOptions, TemplateSet, compose
from letterkit.document import Address, Letter
from letterkit.errors import RenderError
from letterkit.page import laid_out
from letterkit.render import render_all
from letterkit.spec import load_spec
from tests.conftest import MINIMAL

LOGO = Path(__file__).parent / "data" / "images" / "logo.png"
PERSIAN = "انجمن همبستگی کارگران"
CHINESE = "中华全国总工会"
EMAIL = {
    "sender": {"name": PERSIAN, "email": "office@wsn.example.org"},
    "recipient": {"name": CHINESE, "email": "intl@acftu.example.org"},
    "subject": "Solidarity with the 14th Congress",
    "cc": ["Ana Pérez <ana@example.org>", "The archive"],
    "mail": {"bcc": "records@wsn.example.org", "reply_to": "Li Wei <li@wsn.example.org>"},
}


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    text = part.get_content()
    assert isinstance(text, str)
    # A message's lines end in CRLF (RFC 5322); the text twin's in LF.
    return text.replace("\r\n", "\n")


def attachments(message: EmailMessage) -> dict[str, bytes]:
    found = {}
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        found[str(part.get_filename())] = data
    return found


def test_a_message_in_two_scripts_decodes_to_the_spec_and_carries_the_pdf(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    (tmp_path / "programme.csv").write_text("day,session\n1,opening\n", "utf-8")
    spec = spec_file({**EMAIL, "mail": {**EMAIL["mail"], "attach": ["programme.csv"]}})
    result = run("render", "-f", "eml", "-o", tmp_path / "out", spec)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    # A message is written beside the PDF and the text twin it is made from.
    assert sorted(p.suffix for p in out.glob("letter.*")) == [".eml", ".pdf", ".txt"]
    message = parse(out / "letter.eml")
    assert message["From"].addresses[0].display_name == PERSIAN
    assert message["From"].addresses[0].addr_spec == "office@wsn.example.org"
    assert message["To"].addresses[0].display_name == CHINESE
    assert message["To"].addresses[0].addr_spec == "intl@acftu.example.org"
    # Only the cc: entry that carries an address is a Cc.
    assert [(a.display_name, a.addr_spec) for a in message["Cc"].addresses] == [
        ("Ana Pérez", "ana@example.org")
    ]
    assert message["Bcc"].addresses[0].addr_spec == "records@wsn.example.org"
    assert message["Reply-To"].addresses[0].display_name == "Li Wei"
    assert message["Subject"] == "Solidarity with the 14th Congress"
    assert message["Date"] == "Sun, 08 Mar 2026 00:00:00 +0000"
    assert message["Message-ID"].endswith("@wsn.example.org>")
    # The names are encoded: the raw headers are ASCII.
    raw_headers = (out / "letter.eml").read_bytes().split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()
    assert body(message) == (out / "letter.txt").read_text("utf-8")
    files = attachments(message)
    assert files["Solidarity-with-the-14th-Congress.pdf"] == (out / "letter.pdf").read_bytes()
    assert files["programme.csv"] == (tmp_path / "programme.csv").read_bytes()


def test_the_same_spec_gives_the_same_message_bytes(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file(EMAIL)
    for folder in ("a", "b"):
        assert run("render", "-q", "-f", "eml", "-o", tmp_path / folder, spec).exit_code == 0
    first, second = (tmp_path / f / "letter.eml" for f in ("a", "b"))
    assert first.read_bytes() == second.read_bytes()
    # A changed letter is a new message.
    changed = spec_file({**EMAIL, "position": ["We stand with you, always."]})
    assert run("render", "-q", "-f", "eml", "-o", tmp_path / "c", changed).exit_code == 0
    assert parse(tmp_path / "c" / "letter.eml")["Message-ID"] != parse(first)["Message-ID"]


def test_a_letter_without_a_recipient_address_is_a_located_error(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file({**EMAIL, "recipient": {"name": "Unifor"}})
    result = run("render", "-f", "eml", "-o", tmp_path / "out", spec)
    assert result.exit_code == 2
    line = next(
        n for n, text in enumerate(spec.read_text("utf-8").splitlines(), 1) if '"recipient"' in text
    )
    assert result.stderr.startswith(
        f"{spec}:{line}:3: recipient.email: -f eml needs the recipient's e-mail address"
    )
    assert not (tmp_path / "out").exists()


def test_a_bad_address_is_reported_at_its_line_before_anything_is_made(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    spec = spec_file({**EMAIL, "mail": {"cc": ["ana@example.org", "bob at example"]}})
    result = run("render", "-f", "eml", "-o", tmp_path / "out", spec)
    assert result.exit_code == 2
    line = next(
        n for n, text in enumerate(spec.read_text("utf-8").splitlines(), 1) if "bob at" in text
    )
    assert f"{spec}:{line}:" in result.stderr
    assert '"bob at example" is not an e-mail address' in result.stderr
    assert not (tmp_path / "out").exists()


def test_line_breaks_in_names_and_subjects_never_add_a_header(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    evil = "Evil\r\nBcc: victim@example.net\r\n\r\nbody"
    spec = spec_file(
        {
            **EMAIL,
            "sender": {"name": evil, "email": "office@wsn.example.org"},
            "subject": f"Hello\nX-Injected: yes{evil}",
            "mail": {},
        }
    )
    result = run("render", "-f", "eml", "-o", tmp_path / "out", spec)
    assert result.exit_code == 0, result.stderr
    message = parse(tmp_path / "out" / "letter.eml")
    assert "X-Injected" not in message
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]
    assert message["From"].addresses[0].addr_spec == "office@wsn.example.org"


def test_the_renderer_itself_folds_line_breaks_that_reach_the_document(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # The spec folds line breaks already; a document made by other code must be safe too.
    spec_path = spec_file(EMAIL)
    spec = load_spec(spec_path)
    letter = compose(
        spec, spec_path, TemplateSet(()), ComposeOptions(today=dt.date(2026, 3, 8)), (tmp_path,)
    )
    hostile: Letter = replace(
        laid_out(letter),
        meta=replace(letter.meta, subject="Hi\r\nBcc: victim@example.net"),
        mail=replace(
            letter.mail,
            to=Address("Name\nCc: victim@example.net", "intl@acftu.example.org"),
            cc=(Address("x", "a@example.org\r\nBcc: victim@example.net"),),
        ),
    )
    with pytest.raises(RenderError, match="cc: "):
        render_all(hostile, ("eml",))
    safe = replace(hostile, mail=replace(hostile.mail, cc=(), bcc=()))
    data = render_all(safe, ("eml",))[0]["eml"]
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["Bcc"] is None and message["Cc"] is None
    assert message["To"].addresses[0].display_name == "Name Cc: victim@example.net"


def test_each_recipient_of_a_merge_gets_its_own_attachment(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    for name in ("a", "b"):
        (tmp_path / f"invoice-{name}.txt").write_text(f"invoice {name}\n", "utf-8")
    people = [
        {"name": "Alpha", "email": "a@example.org", "attach": "invoice-a.txt"},
        {"name": "Beta", "email": "b@example.org", "attach": ["invoice-b.txt"]},
    ]
    spec = spec_file({**EMAIL, "recipient": None, "recipients": people, "mail": {}})
    result = run("render", "-f", "eml", "-o", tmp_path / "out", spec)
    assert result.exit_code == 0, result.stderr
    for name, title in (("a", "Alpha"), ("b", "Beta")):
        message = parse(tmp_path / "out" / f"letter-{title}.eml")
        files = attachments(message)
        assert files[f"invoice-{name}.txt"] == f"invoice {name}\n".encode()
        assert len(files) == 2  # the PDF and its own invoice, not the other's


def test_an_attachment_outside_the_project_is_refused(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "letterkit.toml").write_text("", "utf-8")
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    spec = project / "letter.yaml"
    spec.write_text(json.dumps({**MINIMAL, **EMAIL, "mail": {"attach": "../secret.txt"}}), "utf-8")
    result = run("render", "-f", "eml", "-o", project / "out", spec)
    assert result.exit_code == 2
    assert "outside the spec's folder and project" in result.stderr
    assert not (project / "out").exists()


def test_an_html_alternative_holds_the_letter_and_nothing_to_fetch(
    tmp_path: Path, spec_file: Callable[..., Path], run: Callable[..., Result]
) -> None:
    (tmp_path / "logo.png").write_bytes(LOGO.read_bytes())
    spec = spec_file(
        {
            **EMAIL,
            "sender": {**EMAIL["sender"], "logo": "logo.png"},
            "mail": {"html": True},
        }
    )
    for folder in ("a", "b"):
        result = run("render", "-f", "eml", "-o", tmp_path / folder, spec)
        assert result.exit_code == 0, result.stderr
    data = (tmp_path / "a" / "letter.eml").read_bytes()
    assert data == (tmp_path / "b" / "letter.eml").read_bytes()
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    html_part = message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "We stand with you." in html and CHINESE in html
    for fetched in ("<img", "<link", "src=", "url(", "file:", "@font-face"):
        assert fetched not in html
    assert body(message) == (tmp_path / "a" / "letter.txt").read_text("utf-8")
