"""letterkit send against a real SMTP server on 127.0.0.1: dry run, TLS, logins, resuming."""

from __future__ import annotations

import email
import email.policy
import email.utils
import itertools
import json
import mailbox
import os
import signal
from collections.abc import Callable
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import MINIMAL
from tests.mailserver import HOST, PASSWORD, USER, Received, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")

PEOPLE = [
    {"name": "中华全国总工会", "short_name": "ACFTU", "email": "intl@acftu.example.org"},
    {"name": "سندیکای کارگران شرکت واحد", "short_name": "Vahed", "email": "vahed@example.org"},
    {"name": "Unifor", "email": "unifor@example.org"},
]
SPEC: dict[str, Any] = {
    **{k: v for k, v in MINIMAL.items() if k != "recipient"},
    "subject": "Solidarity with your congress",
    "sender": {"name": "Workers' Solidarity Network", "email": "office@wsn.example.org"},
    "recipients": PEOPLE,
    "mail": {"bcc": "records@wsn.example.org"},
}


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The tests name their passwords themselves: no desktop keyring, no ~/.netrc.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.delenv("LETTERKIT_SMTP_PASSWORD", raising=False)


def project(tmp_path: Path, smtp: dict[str, Any] | None, spec: dict[str, Any] = SPEC) -> Path:
    """A letter project with its [smtp] table; the spec's path."""
    root = tmp_path / "project"
    root.mkdir(exist_ok=True)
    lines = ['output = "out"']
    if smtp is not None:
        lines.append("[smtp]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in smtp.items()]
    (root / "letterkit.toml").write_text("\n".join(lines) + "\n", "utf-8")
    path = root / "letter.yaml"
    path.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    return path


def plain(port: int, **more: Any) -> dict[str, Any]:
    return {"host": HOST, "port": port, "security": "none", "retries": 1, "backoff": 0, **more}


def out(spec: Path) -> Path:
    return spec.parent / "out"


def register(spec: Path) -> dict[str, dict[str, Any]]:
    """What the send register says of each message: its last line for the file."""
    lines = (out(spec) / "letterkit-sent.jsonl").read_text("utf-8").splitlines()
    return {entry["file"]: entry for entry in map(json.loads, lines)}


def decoded(data: bytes, header: str) -> tuple[str, str]:
    """The (name, address) of an address header, decoded as RFC 2047 says.

    A long name in another script takes several encoded words. The standard
    library's newer header parser puts a space between two encoded words that
    split a word; RFC 2047 (6.2) says white space between them is dropped,
    which email.header.decode_header does.
    """
    raw = email.message_from_bytes(data, policy=email.policy.compat32)[header]
    return email.utils.parseaddr(str(make_header(decode_header(raw))))


def check_delivered(spec: Path, received: list[Received]) -> None:
    """Each message decodes to its recipient's names, carries its text twin and its PDF."""
    by_to = {r.message["To"].addresses[0].addr_spec: r for r in received}
    assert sorted(by_to) == sorted(p["email"] for p in PEOPLE)
    for person in PEOPLE:
        got = by_to[person["email"]]
        message = got.message
        assert decoded(got.data, "To") == (person["name"], person["email"])
        assert decoded(got.data, "From") == (
            "Workers' Solidarity Network",
            "office@wsn.example.org",
        )
        assert message["Subject"] == "Solidarity with your congress"
        # Bcc goes in the envelope, never in the message.
        assert "Bcc" not in message
        assert set(got.rcpt_tos) == {person["email"], "records@wsn.example.org"}
        stem = out(spec) / f"letter-{person.get('short_name', person['name'])}"
        body = message.get_body(("plain",))
        assert body is not None
        assert body.get_content().replace("\r\n", "\n") == stem.with_suffix(".txt").read_text()
        (pdf,) = message.iter_attachments()
        assert pdf.get_payload(decode=True) == stem.with_suffix(".pdf").read_bytes()


def test_a_dry_run_lists_each_message_and_sends_nothing(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        result = run("send", spec)
        assert result.exit_code == 0, result.output
        assert server.received == []
    assert "To: 中华全国总工会 <intl@acftu.example.org>" in result.stdout
    assert "Subject: Solidarity with your congress" in result.stdout
    assert "Attachments: Solidarity-with-your-congress.pdf (" in result.stdout
    assert result.stdout.count("Size: ") == 3
    assert "3 to send, 0 already sent, 0 held back, 0 failed" in result.stderr
    assert "dry run: nothing sent" in result.stderr
    assert not (out(spec) / "letterkit-sent.jsonl").exists()


def test_sent_through_a_local_relay_and_a_second_run_sends_nothing(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        first = run("send", "--send", spec)
        assert first.exit_code == 0, first.output
        check_delivered(spec, server.received)
        again = run("send", "--send", spec)
        assert again.exit_code == 0, again.output
        assert len(server.received) == 3
    assert "0 sent, 3 already sent, 0 held back, 0 failed" in again.stderr
    entries = list(register(spec).values())
    assert len(entries) == 3
    assert {e["state"] for e in entries} == {"sent"}
    assert {e["message_id"] for e in entries} == {r.message["Message-ID"] for r in server.received}
    assert all(e["reply"] == "250 2.0.0 queued" for e in entries)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_with_a_login(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, security: str
) -> None:
    monkeypatch.setenv("LETTERKIT_SMTP_PASSWORD", PASSWORD)
    with smtp_server(security, tmp_path, login=True) as (server, port):
        smtp = {"host": HOST, "port": port, "security": security, "username": USER}
        spec = project(tmp_path, {**smtp, "cafile": "../ca.pem"})
        # The certificate authority file must be a file of the project.
        refused = run("send", "--send", spec)
        assert refused.exit_code == 3
        assert "it leads outside the project" in refused.stderr
        assert server.received == []
        (spec.parent / "ca.pem").write_bytes((tmp_path / "ca.pem").read_bytes())
        spec = project(tmp_path, {**smtp, "cafile": "ca.pem"})
        result = run("send", "--send", spec)
        assert result.exit_code == 0, result.output
        check_delivered(spec, server.received)
    assert {r.login for r in server.received} == {USER}


def test_an_untrusted_certificate_stops_before_anything_is_sent(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server("tls", tmp_path) as (server, port):
        spec = project(tmp_path, {"host": HOST, "port": port, "security": "tls"})
        result = run("send", "--send", spec)
        assert server.received == []
    assert result.exit_code == 1
    assert "certificate is not trusted" in result.stderr
    assert "0 sent, 0 already sent, 0 held back, 1 failed, 2 left for another run" in result.stderr


def test_a_wrong_password_stops_the_mailing(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LETTERKIT_SMTP_PASSWORD", "wrong")
    with smtp_server("starttls", tmp_path, login=True) as (server, port):
        smtp = {"host": HOST, "port": port, "username": USER, "cafile": "ca.pem"}
        spec = project(tmp_path, smtp)
        (spec.parent / "ca.pem").write_bytes((tmp_path / "ca.pem").read_bytes())
        result = run("send", "--send", spec)
        assert server.received == []
    assert result.exit_code == 1
    assert "login refused: 535" in result.stderr
    assert [e["state"] for e in register(spec).values()] == ["failed"]


def test_the_password_from_netrc(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f'machine {HOST}\n  login {USER}\n  password "{PASSWORD}"\n', "utf-8")
    monkeypatch.setenv("NETRC", str(netrc))
    with smtp_server("starttls", tmp_path, login=True) as (server, port):
        spec = project(tmp_path, {"host": HOST, "port": port, "username": USER, "cafile": "ca.pem"})
        (spec.parent / "ca.pem").write_bytes((tmp_path / "ca.pem").read_bytes())
        result = run("send", "--send", "--limit", "1", spec)
        assert result.exit_code == 0, result.output
        assert [r.login for r in server.received] == [USER]
    assert "1 sent, 0 already sent, 0 held back, 0 failed, 2 left for another run" in result.stderr


def test_no_password_anywhere_is_said_before_connecting(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = project(tmp_path, {"host": HOST, "port": 1, "username": USER})
    result = run("send", "--send", spec)
    assert result.exit_code == 2
    assert "no password for letters@wsn.example.org" in result.stderr


def test_a_password_over_a_plain_connection_is_refused_unless_insecure(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LETTERKIT_SMTP_PASSWORD", PASSWORD)
    with smtp_server("none", login=True) as (server, port):
        spec = project(tmp_path, plain(port, username=USER))
        refused = run("send", "--send", spec)
        assert refused.exit_code == 3
        assert "refused to send the password" in refused.stderr
        assert server.received == []
        allowed = run("send", "--send", "--insecure", spec)
        assert allowed.exit_code == 0, allowed.output
        assert {r.login for r in server.received} == {USER}


def test_a_password_in_the_config_and_plain_text_to_another_host_are_refused(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = project(tmp_path, {"host": HOST, "password": "hunter2"})
    result = run("send", spec)
    assert result.exit_code == 2
    assert "a password never goes in letterkit.toml" in result.stderr
    spec = project(tmp_path, {"host": "smtp.example.org", "security": "none"})
    result = run("send", spec)
    assert result.exit_code == 2
    assert 'security "none" sends letters unencrypted' in result.stderr


def test_a_refused_recipient_is_reported_and_the_others_go(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        server.refuse.add("vahed@example.org")
        # Without a Bcc, the refused address is the message's only recipient.
        spec = project(tmp_path, {**plain(port), "retries": 0}, {**SPEC, "mail": {}})
        first = run("send", "--send", spec)
        assert first.exit_code == 1
        assert "letter-Vahed.eml: every recipient was refused: 550 5.1.1" in first.stderr
        assert "2 sent, 0 already sent, 0 held back, 1 failed" in first.stderr
        assert len(server.received) == 2
        # Fixed on the server's side: the re-run sends that one alone.
        server.refuse.clear()
        again = run("send", "--send", spec)
        assert again.exit_code == 0, again.output
    assert "1 sent, 2 already sent" in again.stderr
    assert sorted(r.rcpt_tos[0] for r in server.received) == sorted(p["email"] for p in PEOPLE)


def test_a_busy_server_is_tried_again(tmp_path: Path, run: Callable[..., Result]) -> None:
    with smtp_server() as (server, port):
        server.busy = 2
        spec = project(tmp_path, {**plain(port), "retries": 2})
        result = run("send", "--send", spec)
        assert result.exit_code == 0, result.output
        check_delivered(spec, server.received)


def test_a_connection_dropped_half_way_resumes_without_sending_twice(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        server.drop_after = 1
        spec = project(tmp_path, plain(port))
        first = run("send", "--send", spec)
        assert first.exit_code == 1
        assert "connection lost" in first.stderr
        assert "1 sent, 0 already sent, 0 held back, 1 failed, 1 left for another run" in (
            first.stderr
        )
        assert len(server.received) == 1
        server.drop_after = None
        again = run("send", "--send", spec)
        assert again.exit_code == 0, again.output
        assert "2 sent, 1 already sent" in again.stderr
        check_delivered(spec, server.received)


def test_a_letter_changed_since_it_was_sent_is_held_back(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        assert run("send", "--send", spec).exit_code == 0
        project(tmp_path, plain(port), {**SPEC, "position": ["We stand with you, always."]})
        held = run("send", "--send", spec)
        assert held.exit_code == 3
        assert held.stderr.count("not sent: it changed since it was sent") == 3
        assert len(server.received) == 3
        resent = run("send", "--send", "--resend", spec)
        assert resent.exit_code == 0, resent.output
        assert len(server.received) == 6
    assert "always" in server.received[-1].message.get_body(("plain",)).get_content()


def test_a_test_send_goes_to_one_address_and_leaves_the_register_alone(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        result = run("send", "--send", "--limit", "1", "--to", "me@wsn.example.org", spec)
        assert result.exit_code == 0, result.output
        assert [r.rcpt_tos for r in server.received] == [("me@wsn.example.org",)]
        # The real mailing still has every message to send.
        dry = run("send", spec)
    assert "3 to send, 0 already sent" in dry.stderr


def test_the_rate_spaces_messages_out_at_the_server(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        result = run("send", "--send", "--rate", "240/min", spec)
        assert result.exit_code == 0, result.output
    times = [r.at for r in server.received]
    # 240 a minute is one every 0.25 s: the server never sees two closer together.
    assert len(times) == 3
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.24


def test_a_dry_run_writes_an_mbox_and_a_folder_for_review(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = project(tmp_path, None)
    box, folder = tmp_path / "review.mbox", tmp_path / "review"
    result = run("send", "--mbox", box, "--eml-dir", folder, spec)
    assert result.exit_code == 0, result.output
    box_file = mailbox.mbox(box, create=False)
    try:
        ids = sorted(str(m["Message-ID"]) for m in box_file)
    finally:
        box_file.close()
    written = sorted(out(spec).glob("*.eml"))
    assert ids == sorted(
        str(email.message_from_bytes(p.read_bytes())["Message-ID"]) for p in written
    )
    assert len(ids) == 3
    for path in written:
        assert (folder / path.name).read_bytes() == path.read_bytes()


def test_letters_without_addresses_are_all_reported_and_nothing_is_sent(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    people = [{"name": "No Address"}, *PEOPLE[:1], {"name": "Nor This"}]
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port), {**SPEC, "recipients": people})
        result = run("send", "--send", spec)
        assert server.received == []
    assert result.exit_code == 1
    assert result.stderr.count("recipient.email: -f eml needs the recipient's e-mail") == 2
    assert "recipients[0]" in result.stderr and "recipients[2]" in result.stderr


def test_sending_without_a_server_named_is_a_clear_error(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = project(tmp_path, None)
    result = run("send", "--send", spec)
    assert result.exit_code == 2
    assert "letterkit.toml has no [smtp] table" in result.stderr


def test_a_message_that_was_on_the_wire_when_a_run_stopped_is_held_back(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        assert run("send", "--send", "--limit", "1", spec).exit_code == 0
        # What a run killed mid-message leaves: the entry written before the message went.
        path = out(spec) / "letterkit-sent.jsonl"
        lines = path.read_text("utf-8").splitlines()
        assert [json.loads(line)["state"] for line in lines] == ["sending", "sent"]
        path.write_text(lines[0] + "\n", "utf-8")
        result = run("send", "--send", spec)
        assert len(server.received) == 3
    assert result.exit_code == 3
    assert "was being sent when an earlier run stopped" in result.stderr
    assert "2 sent, 0 already sent, 1 held back, 0 failed" in result.stderr


def test_a_damaged_register_sends_nothing(tmp_path: Path, run: Callable[..., Result]) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        assert run("send", spec).exit_code == 0
        (out(spec) / "letterkit-sent.jsonl").write_text('{"file": "letter-ACFTU.eml"\n', "utf-8")
        result = run("send", "--send", spec)
        assert server.received == []
    assert result.exit_code == 3
    assert "letterkit-sent.jsonl:1: the send register is damaged" in result.stderr


def test_ctrl_c_stops_between_messages(tmp_path: Path, run: Callable[..., Result]) -> None:
    with smtp_server() as (server, port):
        # Ctrl-C arrives while the first message is on the wire.
        server.on_receive = lambda: os.kill(os.getpid(), signal.SIGINT)
        spec = project(tmp_path, plain(port))
        stopped = run("send", "--send", spec)
        assert len(server.received) == 1
        server.on_receive = None
        assert stopped.exit_code == 1, stopped.output
        assert "1 sent, 0 already sent, 0 held back, 0 failed, 2 left for another run" in (
            stopped.stderr
        )
        assert "(stopped by Ctrl-C)" in stopped.stderr
        # The message that was on the wire was finished and recorded: the rest follow.
        again = run("send", "--send", spec)
        assert "2 sent, 1 already sent" in again.stderr
        check_delivered(spec, server.received)


def test_a_register_line_cut_short_by_a_crash_is_dropped_and_holds_nothing_back(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port))
        assert run("send", "--send", "--limit", "1", spec).exit_code == 0
        path = out(spec) / "letterkit-sent.jsonl"
        # A run killed while it appended the next message's "sending" line.
        with path.open("a", encoding="utf-8") as stream:
            stream.write('{"file": "letter-Vahed.eml", "sta')
        result = run("send", "--send", spec)
        assert result.exit_code == 0, result.output
        assert "2 sent, 1 already sent" in result.stderr
        check_delivered(spec, server.received)
    # Rewritten whole when the run began (one line, the torn one dropped), then two
    # lines for each message sent: on its way, and taken.
    assert len(path.read_text("utf-8").splitlines()) == 1 + 2 * 2
    assert {e["state"] for e in register(spec).values()} == {"sent"}


def test_contradicting_or_bad_options_are_refused_before_anything_is_rendered(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    spec = project(tmp_path, None)
    both = run("send", "--send", "--dry-run", spec)
    assert both.exit_code == 2
    assert "--send and --dry-run contradict each other" in both.stderr
    bad_to = run("send", "--to", "me at example", spec)
    assert bad_to.exit_code == 2
    assert "--to 'me at example' is not an e-mail address" in bad_to.stderr
    bad_rate = run("send", "--rate", "fast", spec)
    assert bad_rate.exit_code == 2
    assert "is not N/min, N/s or N/h" in bad_rate.stderr
    assert not out(spec).exists()


def test_the_from_override_of_the_config_is_the_sender(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    with smtp_server() as (server, port):
        spec = project(tmp_path, plain(port, **{"from": "WSN Letters <letters@wsn.example.org>"}))
        result = run("send", "--send", "--limit", "1", spec)
        assert result.exit_code == 0, result.output
        (got,) = server.received
    assert got.mail_from == "letters@wsn.example.org"
    assert decoded(got.data, "From") == ("WSN Letters", "letters@wsn.example.org")
    assert "Bcc" not in got.message
    # Everything but the headers it replaces goes as it was written.
    written = (out(spec) / "letter-ACFTU.eml").read_bytes()
    assert got.data.split(b"\r\n\r\n", 1)[1] == written.split(b"\r\n\r\n", 1)[1]


def test_the_password_from_the_system_keyring(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring  # noqa: PLC0415

    from tests import keyring_backend  # noqa: PLC0415

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.keyring_backend.Memory")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # chosen again from the variable
    with smtp_server("tls", tmp_path, login=True) as (server, port):
        keyring_backend.STORED[(f"letterkit-smtp:{HOST}", USER)] = PASSWORD
        smtp = {"host": HOST, "port": port, "security": "tls", "username": USER}
        spec = project(tmp_path, {**smtp, "cafile": "ca.pem"})
        (spec.parent / "ca.pem").write_bytes((tmp_path / "ca.pem").read_bytes())
        result = run("send", "--send", "--limit", "1", spec)
        keyring_backend.STORED.clear()
        assert result.exit_code == 0, result.output
        assert [r.login for r in server.received] == [USER]
