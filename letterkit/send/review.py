"""The messages of a dry run, written for a mail client to open: an mbox, or a folder of .eml."""

from __future__ import annotations

import email.generator
import io
from collections.abc import Sequence
from email import policy
from pathlib import Path

from letterkit.output import write_atomic
from letterkit.send.message import Outgoing

MBOX_POLICY = policy.SMTP.clone(linesep="\n")


def mbox(messages: Sequence[Outgoing], target: Path) -> None:
    """Write the messages as one mbox file (mboxrd's "From " lines, LF line ends)."""
    out = io.BytesIO()
    for message in messages:
        parsed = message.message
        sender = message.sender(None) or "MAILER-DAEMON"
        parsed.set_unixfrom(f"From {sender} Thu Jan  1 00:00:00 1970")
        # mangle_from_ quotes a body line starting "From " so it cannot start a message.
        generator = email.generator.BytesGenerator(out, mangle_from_=True, policy=MBOX_POLICY)
        generator.flatten(parsed, unixfrom=True)
        out.write(b"\n")
    write_atomic(target, out.getvalue())


def folder(messages: Sequence[Outgoing], target: Path) -> None:
    """Write each message as it is into a folder, under its own file name."""
    for message in messages:
        write_atomic(target / message.path.name, message.data)
