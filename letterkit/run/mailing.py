"""letterkit send: render every letter as -f eml would, then hand the messages to the mailing.

Nothing is sent when any letter fails to render: all problems (a missing or
bad address among them) are reported at once, with file and line, and the
mailing waits until they are fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec
from msgspec.structs import replace

from letterkit import boundary
from letterkit.errors import UsageError
from letterkit.run.batch import run_planned
from letterkit.run.options import Options
from letterkit.run.plan import Planned, Planner
from letterkit.run.result import Result
from letterkit.send import review
from letterkit.send.deliver import Tally, deliver
from letterkit.send.message import Outgoing
from letterkit.send.options import Review, Sending
from letterkit.send.secrets import password
from letterkit.send.settings import Smtp
from letterkit.send.transport import Server

MAX_CAFILE_BYTES = 1024 * 1024


class Mailed(msgspec.Struct):
    """What letterkit send did: the render, then the mailing (None when rendering failed)."""

    render: Result
    tally: Tally | None = None


def _smtp(planner: Planner, planned: Sequence[Planned]) -> tuple[Smtp | None, Path | None]:
    """The one [smtp] of the run's projects, and the root of a project that gives it."""
    found: dict[Smtp | None, Path] = {}
    for one in planned:
        project = planner.settings.project(one.job.source)
        found.setdefault(project.config.smtp, project.root)
    if len(found) > 1:
        raise UsageError("these specs' projects name different [smtp] servers; send them apart")
    return next(iter(found.items()), (None, None))


def _server(smtp: Smtp | None, root: Path | None, sending: Sending) -> Server:
    if smtp is None or root is None:
        raise UsageError(
            'letterkit.toml has no [smtp] table; add one (host = "smtp.example.org") to send'
        )
    cadata = None
    if smtp.cafile is not None:
        try:
            cadata = boundary.read_text(root / smtp.cafile, (root,), MAX_CAFILE_BYTES)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"[smtp] cafile {smtp.cafile!r} cannot be read: {exc}") from None
    return Server(smtp, password(smtp), cadata, sending.insecure)


def send(
    specs: Sequence[Path],
    options: Options,
    sending: Sending,
    report: Callable[[str], None],
    keep: Review | None = None,
) -> Mailed:
    """Render what is stale as -f eml, then list (dry run) or send the messages."""
    sending.check()
    result, planner, planned = run_planned(specs, replace(options, formats=("eml",)))
    if result.failures:
        return Mailed(result)
    messages = [Outgoing.load(one.targets["eml"], one.job.label) for one in planned]
    smtp, root = _smtp(planner, planned)
    server = _server(smtp, root, sending) if sending.send else None
    tally = deliver(messages, sending, server, smtp.sender if smtp else None, report)
    if keep is not None and keep.mbox is not None:
        review.mbox(tally.due, keep.mbox)
    if keep is not None and keep.folder is not None:
        review.folder(tally.due, keep.folder)
    return Mailed(result, tally)
