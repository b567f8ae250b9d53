"""Talking to the mail server: connect (TLS as configured), log in, hand over one message.

A passing failure (the connection dropped or timed out, a 4xx reply) is
tried again after a pause that doubles each time; a refusal (a 5xx reply)
fails that message only. A server that cannot be reached after every retry,
or that refuses the login, stops the mailing: the messages after it would
fail the same way.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable

import msgspec

from letterkit.errors import LetterkitError, SafetyError
from letterkit.send.settings import Smtp

TRANSIENT = range(400, 500)
EHLO_NAME = "localhost"
"""What letterkit calls itself in EHLO: looking up this machine's name could wait on DNS."""


class MessageFailed(LetterkitError):
    """The server did not take one message; the others may still go."""


class ServerFailed(LetterkitError):
    """The server cannot be used (unreachable, login refused, no TLS): the mailing stops."""


class _Passing(Exception):
    """A failure worth another try."""

    def __init__(self, reason: str, connection: bool) -> None:
        super().__init__(reason)
        self.connection = connection


class Delivery(msgspec.Struct, frozen=True):
    """What the server said when it took a message, and which recipients it refused."""

    reply: str
    refused: dict[str, str]


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(said.split())}"


class Server:
    """One mail server, connected on first use and kept open between messages."""

    def __init__(
        self,
        smtp: Smtp,
        password: str | None,
        cadata: str | None = None,
        insecure: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if smtp.username and smtp.security == "none" and not insecure:
            raise SafetyError.at(
                "letterkit.toml",
                f"refused to send the password for {smtp.username} over a connection without "
                "TLS; use security = starttls or tls, or pass --insecure for a local relay",
            )
        self.smtp, self.password, self.sleep = smtp, password, sleep
        self.context = ssl.create_default_context(cadata=cadata)
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        smtp = self.smtp
        conn: smtplib.SMTP
        if smtp.security == "tls":
            conn = smtplib.SMTP_SSL(
                smtp.host, smtp.port_number, EHLO_NAME, timeout=smtp.timeout, context=self.context
            )
        else:
            conn = smtplib.SMTP(smtp.host, smtp.port_number, EHLO_NAME, timeout=smtp.timeout)
        conn.ehlo()
        if smtp.security == "starttls":
            if not conn.has_extn("starttls"):
                conn.close()
                raise ServerFailed.at(
                    smtp.host, "the server offers no STARTTLS; refused to send in the clear"
                )
            conn.starttls(context=self.context)
            conn.ehlo()
        if smtp.username:
            try:
                conn.login(smtp.username, self.password or "")
            except smtplib.SMTPAuthenticationError as exc:
                conn.close()
                said = _reply(exc.smtp_code, exc.smtp_error)
                raise ServerFailed.at(smtp.host, f"login refused: {said}") from None
            except smtplib.SMTPNotSupportedError:
                conn.close()
                raise ServerFailed.at(smtp.host, "the server offers no login (AUTH)") from None
        return conn

    def _connected(self) -> smtplib.SMTP:
        if self._conn is not None:
            return self._conn
        try:
            self._conn = self._connect()
        except ssl.SSLCertVerificationError as exc:
            raise ServerFailed.at(
                self.smtp.host, f"its certificate is not trusted: {exc.verify_message}"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise _Passing(f"cannot connect: {exc or type(exc).__name__}", True) from None
        return self._conn

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                self._conn.close()
            self._conn = None

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def send(self, sender: str, recipients: list[str], data: bytes, name: str) -> Delivery:
        """Hand one message over, retrying passing failures; MessageFailed or ServerFailed."""
        attempts = self.smtp.retries + 1
        for attempt in range(attempts):
            try:
                return self._once(self._connected(), sender, recipients, data, name)
            except _Passing as passing:
                self._drop()
                if attempt + 1 == attempts:
                    failed = ServerFailed if passing.connection else MessageFailed
                    raise failed.at(name, f"not sent after {attempts} tries: {passing}") from None
                self.sleep(self.smtp.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self, conn: smtplib.SMTP, sender: str, recipients: list[str], data: bytes, name: str
    ) -> Delivery:
        try:
            code, text = conn.mail(sender)
            if code != 250:
                self._refuse(conn, code, _reply(code, text), name, "the sender was refused")
            refused: dict[str, str] = {}
            for rcpt in recipients:
                code, text = conn.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = _reply(code, text)
            if len(refused) == len(recipients):
                codes = [int(r.split()[0]) for r in refused.values()]
                worst = max(codes)
                said = "; ".join(refused.values())
                self._refuse(conn, worst, said, name, "every recipient was refused")
            # data() raises only when the server will not take the text; its verdict
            # on the message itself is the reply it returns.
            code, text = conn.data(data)
            if code != 250:
                self._refuse(conn, code, _reply(code, text), name, "the message was refused")
            return Delivery(_reply(code, text), refused)
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code in TRANSIENT:
                raise _Passing(_reply(exc.smtp_code, exc.smtp_error), connection=False) from None
            raise MessageFailed.at(
                name, f"refused by the server: {_reply(exc.smtp_code, exc.smtp_error)}"
            ) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Passing(f"connection lost: {exc or type(exc).__name__}", True) from None

    @staticmethod
    def _refuse(conn: smtplib.SMTP, code: int, said: str, name: str, what: str) -> None:
        conn.rset()
        if code in TRANSIENT:
            raise _Passing(f"{what}: {said}", connection=False)
        raise MessageFailed.at(name, f"{what}: {said}")
