"""The letterkit command's entry point: a running background worker does the work, or it alone.

This module is imported before anything else of letterkit, on every command,
so it costs one lstat when no worker runs: no socket is opened unless the
worker's socket exists (``letterkit daemon start`` made it), and
LETTERKIT_DAEMON=off skips even that.
"""

from __future__ import annotations

import os
import sys

from letterkit.daemon import place

TYPE_CHECKING = False  # typing itself (with re) would cost the hand-off some 10 ms
if TYPE_CHECKING:
    from typing import NoReturn

HANDED_OFF = frozenset({"render", "check"})
"""The commands a warm engine speeds up. The others gain nothing (or, like send and
watch, talk to the network or the terminal for a long time) and always run alone."""


def _command(args: list[str]) -> str | None:
    """The subcommand: the first argument that is not an option (the group's take no value)."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def wanted(args: list[str]) -> bool:
    """Whether to hand this command to a worker: one is running and it is not turned off."""
    if os.environ.get("LETTERKIT_DAEMON", "").lower() in {"off", "0", "no"}:
        return False
    if not sys.platform.startswith("linux") or _command(args) not in HANDED_OFF:
        return False
    try:
        os.lstat(place.socket_path())
    except OSError:
        return False
    return True


def main() -> None:
    """Entry point of the letterkit command."""
    if wanted(sys.argv[1:]):
        from letterkit.daemon.handoff import hand_off  # noqa: PLC0415 (only with a worker)

        status = hand_off(sys.argv)
        if status is not None:
            raise SystemExit(status)
    from letterkit.cli import main as alone  # noqa: PLC0415 (the whole command line)

    try:
        alone()
    except SystemExit as done:
        _end(done.code)
    _end(0)


def _end(code: object) -> NoReturn:
    """End the command's process once what it printed is out, without tearing Python down.

    Python's own exit frees every object the command loaded, module by module
    (some 300,000 in a render: 5 ms of a 150 ms text letter), in a process
    that is ending anyway. By now the command has closed and synced its files
    and reaped its workers; the exit functions run and the standard streams
    are flushed here, as Python would (a standard output closed under it ends
    the command with 120, as Python's exit does).
    """
    import atexit  # noqa: PLC0415 -- loaded by the command line already

    # What Python runs before its teardown: logging's flush, and the removal of
    # multiprocessing's folder (a fork server's socket) and of WeasyPrint's fonts
    # folder (render/pdf.py), which a parallel run or a house font left behind.
    atexit._run_exitfuncs()
    if isinstance(code, str) and sys.stderr is not None:  # SystemExit("message"), as Python
        sys.stderr.write(f"{code}\n")
    status = code if isinstance(code, int) else int(code is not None)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):  # closed or broken under the command
        status = status or 120
    try:
        if sys.stderr is not None:  # None when started without one (2>&-)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere left to say it
    os._exit(status)
