"""A mailing: each message checked against the send register, then listed or sent.

A dry run (the default) lists what would go and sends nothing. A real run
sends each message the register does not already list, records it the
moment the server takes it, and goes on past a message the server refuses.
Ctrl-C is taken between messages: the one on the wire is finished first.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import msgspec
from msgspec.structs import replace

from letterkit.errors import LetterkitError, SafetyError
from letterkit.send.message import Outgoing
from letterkit.send.options import Sending
from letterkit.send.register import Entry, Register, now
from letterkit.send.transport import MessageFailed, Server, ServerFailed

log = logging.getLogger("letterkit")


class Tally(msgspec.Struct):
    """What a mailing did."""

    sent: int = 0
    already: int = 0
    """Listed as sent by the register, unchanged: skipped."""
    held: int = 0
    """Held back: changed since sent, or maybe sent by a run that was stopped."""
    failed: int = 0
    left: int = 0
    """Not tried: past --limit, or after the server failed or Ctrl-C."""
    dry: bool = True
    failures: list[LetterkitError] = msgspec.field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    due: list[Outgoing] = msgspec.field(default_factory=list)
    """The messages listed or sent."""

    def summary(self) -> str:
        """One line: sent (or to send), already sent, held back, failed, left."""
        first = f"{self.sent} to send" if self.dry else f"{self.sent} sent"
        line = f"{first}, {self.already} already sent, {self.held} held back, {self.failed} failed"
        if self.left:
            line += f", {self.left} left for another run"
        line += f" in {self.seconds:.1f} s"
        if self.interrupted:
            line += " (stopped by Ctrl-C)"
        return line + (" (dry run: nothing sent; --send to deliver)" if self.dry else "")


class Pace:
    """Spaces messages out to at most ``per_minute`` a minute, as the server sees them.

    The pause is counted from the end of the last message, so however long a
    message takes to hand over, the server never takes two closer together.
    """

    def __init__(self, per_minute: float | None, sleep: Callable[[float], None]) -> None:
        self.gap = 0.0 if not per_minute else 60.0 / per_minute
        self.sleep = sleep
        self.last: float | None = None

    def wait(self) -> None:
        """Sleep until the next message may go."""
        if self.last is not None and self.gap:
            self.sleep(max(0.0, self.last + self.gap - time.monotonic()))

    def done(self) -> None:
        """A message was handed over (or failed): the next waits from now."""
        self.last = time.monotonic()


@contextmanager
def _deferred_interrupt() -> Iterator[Callable[[], bool]]:
    """Ctrl-C sets a flag checked between messages, instead of cutting one off mid-send."""
    asked: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return

    def handler(_signum: int, _frame: FrameType | None) -> None:
        asked.append(True)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: bool(asked)
    finally:
        signal.signal(signal.SIGINT, previous)


def listing(message: Outgoing, to: str | None) -> str:
    """The dry run's lines for one message: file, To, Subject, attachments and size."""
    shown_to, subject, files, size = message.summary()
    attached = ", ".join(f"{name} ({_size(n)})" for name, n in files) or "none"
    to_line = f"{to} (instead of {shown_to})" if to else shown_to
    return (
        f"{message.path}\n  To: {to_line}\n  Subject: {subject}\n"
        f"  Attachments: {attached}\n  Size: {_size(size)}"
    )


def _size(count: int) -> str:
    return f"{count} B" if count < 1024 else f"{count / 1024:.0f} KB"


class Mailing:
    """Goes through the messages once, sending or listing each."""

    def __init__(
        self,
        sending: Sending,
        server: Server | None,
        sender: str | None,
        report: Callable[[str], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.sending, self.server, self.sender, self.report = sending, server, sender, report
        self.tally = Tally(dry=not sending.send)
        self.pace = Pace(sending.rate, sleep)
        self.registers: dict[Path, Register] = {}

    def register(self, message: Outgoing) -> Register:
        """The register of the message's folder, read once."""
        folder = message.path.parent.resolve()
        if folder not in self.registers:
            self.registers[folder] = Register(message.path.parent)
        return self.registers[folder]

    def held_back(self, message: Outgoing) -> bool:
        """Whether the register says not to send the message now (counting why)."""
        if self.sending.to is not None:  # a test send: the register is not consulted
            return False
        register = self.register(message)
        verdict = register.verdict(message.path.name, message.digest)
        if verdict == "sent":
            self.tally.already += 1
            return True
        if verdict in ("changed", "unsure") and not self.sending.resend:
            self.tally.held += 1
            why = (
                "changed since it was sent"
                if verdict == "changed"
                else "was being sent when an earlier run stopped, so the server may have it"
            )
            self.tally.failures.append(
                SafetyError.at(
                    message.path,
                    f"not sent: it {why} ({register.when(message.path.name)}); check, then "
                    "pass --resend to send it again",
                )
            )
            return True
        return False

    def one(self, message: Outgoing) -> None:
        """List or send one message that is due."""
        self.tally.due.append(message)
        if not self.tally.dry:
            self._send(message)
            return
        self.report(listing(message, self.sending.to))
        self.tally.sent += 1

    def _send(self, message: Outgoing) -> None:
        assert self.server is not None
        recipients = [self.sending.to] if self.sending.to else message.recipients()
        register = None if self.sending.to else self.register(message)
        name = message.path.name
        previous = register.entries.get(name) if register else None
        entry = Entry(
            name, "sending", message.digest, str(message.headers.get("Message-ID", "")),
            tuple(recipients), now(),
        )  # fmt: skip
        self.pace.wait()
        if register:
            register.mark(entry)
        try:
            wire = message.wire(self.sender)
            done = self.server.send(
                message.sender(self.sender), recipients, wire, str(message.path)
            )
        except (MessageFailed, ServerFailed) as exc:
            self.pace.done()
            # Refused or never taken: the register goes back to what it said before.
            if register and previous and previous.state == "sent":
                register.mark(previous)
            elif register:
                register.mark(replace(entry, state="failed", reply=str(exc.problems[0].message)))
            self.tally.failed += 1
            self.tally.failures.append(exc)
            raise
        self.pace.done()
        if register:
            register.mark(replace(entry, state="sent", reply=done.reply))
        self.tally.sent += 1
        if done.refused:
            log.warning("%s: sent, but %d recipient(s) refused", message.path, len(done.refused))
        log.info("sent %s", message.path)


def deliver(
    messages: Sequence[Outgoing],
    sending: Sending,
    server: Server | None,
    sender: str | None,
    report: Callable[[str], None],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Tally:
    """List (dry run) or send each message the register lets through; a Tally of what happened."""
    started = time.perf_counter()
    mailing = Mailing(sending, server, sender, report, sleep)
    tally = mailing.tally
    try:
        with _deferred_interrupt() as interrupted:
            for number, message in enumerate(messages):
                if mailing.held_back(message):
                    continue
                if interrupted() or (sending.limit is not None and tally.sent >= sending.limit):
                    tally.interrupted = tally.interrupted or interrupted()
                    tally.left += 1
                    continue
                try:
                    mailing.one(message)
                except MessageFailed:
                    continue
                except ServerFailed:
                    tally.left += len(messages) - number - 1
                    break
    finally:
        if server is not None:
            server.close()
    tally.seconds = time.perf_counter() - started
    return tally
