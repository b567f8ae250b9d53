"""When the garbage collector runs in a letterkit command: not while it starts.

A command imports some 300,000 objects that live until it ends. While they
are being made, the collector's full passes look at all of them again every
time the heap grows by a quarter: a tenth of a one-letter render, for no
garbage at all. The command line holds the collector back until its letters
are about to be made, then freezes what is loaded (collections never look at
it again, and forked workers do not copy it by touching it) and collects as
usual from there on, so a long batch keeps a flat memory. A program that
calls letterkit's functions keeps its own collector as it set it.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Stop collecting until release(): the command is starting."""
    global _held  # noqa: PLW0603 -- one process, one collector
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """The command has loaded what it needs: freeze it and collect from now on."""
    global _held  # noqa: PLW0603
    if _held:
        gc.freeze()
        gc.enable()
        _held = False
