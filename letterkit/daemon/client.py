"""The letterkit command's entry point: a running background worker does the work, or it alone.

This module is imported before anything else of letterkit, on every command,
so it costs one lstat when no worker runs: no socket is opened unless the
worker's socket exists (``letterkit daemon start`` made it), and
LETTERKIT_DAEMON=off skips even that.
"""

import os
import sys

from letterkit.daemon import place

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

    alone()
