"""The next request's processes, forked and warmed before the request comes.

A request's process was forked when its connection came; it forked the
command's process, which forked the letter worker. Each of them shares its
memory with the worker's main process until it writes to a page, which is
then copied: a letter writes to some 5,000 of them, and the letter worker
made its letter 23 ms slower than a warm one. So the main process keeps one
request's processes ready (a spare): the request's process, waiting for a
connection; the command's, which has run a dry run of a sample and waits for
its request; and the command's letter worker (run/pool.py, spare_worker),
which has made a sample letter and waits for the command's run. A status
request or a refused one leaves the spare waiting for the next connection.

The main process accepts connections itself while no spare is ready. It
forks the next spare a moment after a command ended, once none runs, not
when a request came: a spare warming up takes a core for some 150 ms, which
a command running meanwhile would have to share.
"""

from __future__ import annotations

import functools
import os
import select
import selectors
import signal
import socket
import struct
import time
from collections.abc import Callable
from contextlib import suppress
from typing import NamedTuple

from letterkit import api
from letterkit.daemon import identity, request, wire
from letterkit.daemon.warm import Ahead

READY, TAKEN = b"r", b"t"
"""What a spare says to the main process on its pipe: ready to accept, and accepted."""
GRACE = 0.1
"""Seconds after a command ends before the next spare is forked. A script's loop starts its
next command sooner (some 30 ms): that one would share the cores with the spare's warm-up."""
_SAID = struct.Struct("=ic")
"""Its process id and what it says, in one write: never mistaken for another spare's."""


class Serving(NamedTuple):
    """What the main process's children serve requests with."""

    lock: int
    """The main process's lock, which none of them may hold."""
    worker: request.Worker
    ahead: Ahead
    mine: tuple[int, ...] = ()
    """The main process's own descriptors, which none of them may hold (request.leave_main)."""


class Spares:
    """The main process's side: one spare at a time, forked, ready, busy, then the next."""

    def __init__(
        self, selector: selectors.BaseSelector, listener: socket.socket, serving: Serving
    ) -> None:
        self.selector, self.listener, self.serving = selector, listener, serving
        self.said, self.say = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        selector.register(self.said, selectors.EVENT_READ)
        self.pid, self.pidfd = 0, -1
        self.state = ""
        """Its state: "warming" up, "ready" for a connection (this process then accepts
        none), "serving" one."""
        self.running = 0
        """Commands started and not ended (STARTED and ENDED on the activity pipe)."""
        self.due: float | None = time.monotonic()
        """When to fork the next spare, if no command runs then."""

    def wait(self, longest: float) -> float:
        """How long the main process may wait for events before the next spare is due."""
        if self.due is None:
            return longest
        return max(0.0, min(longest, self.due - time.monotonic()))

    def tick(self) -> None:
        """Fork the next spare if it is due and no command runs."""
        if self.due is not None and time.monotonic() >= self.due:  # none while one runs (used)
            self.due = None
            self.fork()

    def used(self, said: bytes) -> None:
        """Commands started or ended, in order: a spare warms up only while none runs."""
        for byte in said:
            if byte == request.STARTED[0]:
                self._command_started()
            elif byte == request.ENDED[0]:
                self.running = max(0, self.running - 1)
                if not self.running:
                    self.due = time.monotonic() + GRACE

    def fork(self) -> None:
        """Fork the next spare, unless there is one; it says when it is ready."""
        if self.pid:
            return
        self.pid = _fork(self.listener, self.serving, self.say, self.mine())
        self.pidfd = os.pidfd_open(self.pid)
        self.state = "warming"
        self.selector.register(self.pidfd, selectors.EVENT_READ)

    def mine(self) -> list[int]:
        """The main process's descriptors, which its children (and commands) must not inherit."""
        fileno = getattr(self.selector, "fileno", None)  # epoll's, not select()'s
        return [self.said, *self.serving.mine, *([fileno()] if fileno is not None else [])]

    def accepting(self) -> bool:
        """Whether this process accepts connections (no spare is ready to)."""
        try:
            self.selector.get_key(self.listener)
        except KeyError:
            return False
        return True

    def heard(self) -> None:
        """What the spare said: ready (stop accepting here), or taken (accept here too)."""
        with suppress(BlockingIOError):
            data = os.read(self.said, _SAID.size * 512)
            for pid, said in _SAID.iter_unpack(data):
                if pid != self.pid:
                    continue  # a spare stopped since (_command_started)
                if said == READY and self.state != "ready":
                    self.state = "ready"
                    self.selector.unregister(self.listener)
                elif said == TAKEN and self.state == "ready":
                    self.state = "serving"
                    self._accept_here()

    def ended(self) -> None:
        """The spare's process ended: after its command (ENDED made the next one due), or not."""
        self.heard()  # what it said before it ended
        if self.pid and select.select([self.pidfd], [], [], 0)[0]:
            self._forget()  # else: an event for a descriptor closed (and reused) meanwhile

    def _command_started(self) -> None:
        """A command started: a spare still warming up is stopped, none is due while it runs.

        A spare warming up would take the other core from the command. Commands
        one right after the other are then served as they were before spares,
        and one a moment after the last one by a spare.
        """
        self.running += 1
        self.due = None
        self.heard()
        if self.pid and self.state == "warming":
            with suppress(ProcessLookupError):  # it ended already
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)  # its processes too (_wait)
            self._forget()

    def _forget(self) -> None:
        self._accept_here()
        self.state = ""
        self.selector.unregister(self.pidfd)
        os.close(self.pidfd)
        self.pid, self.pidfd = 0, -1

    def _accept_here(self) -> None:
        if not self.accepting():
            self.selector.register(self.listener, selectors.EVENT_READ)


def _fork(listener: socket.socket, serving: Serving, say: int, mine: list[int]) -> int:
    pid = os.fork()
    if pid != 0:
        return pid
    code = 1
    try:
        request.leave_main(serving.lock, mine)
        code = _serve(listener, serving, say)
    except (OSError, wire.Gone):
        pass  # the client went away: it runs alone, or is gone too
    finally:
        os._exit(code)


def _serve(listener: socket.socket, serving: Serving, say: int) -> int:
    """Prepare the command's processes, then serve connections until one runs a command."""
    if not request.die_with_parent(signal.SIGTERM):  # while waiting: ends with the main one
        return 1
    command = _prepare(serving.ahead, listener)
    if command is None:
        return 1
    # A first check copies the pages it touches (3 ms, then 8 ms at the request); its answer
    # is the request's to give.
    identity.changed(serving.worker.identity)
    while True:
        os.write(say, _SAID.pack(os.getpid(), READY))
        conn = _accept(listener)
        os.write(say, _SAID.pack(os.getpid(), TAKEN))
        request.die_with_parent(0)  # a request in flight ends well even if the main one stops
        conn.settimeout(request.REQUEST_SECONDS)
        with conn, suppress(wire.Gone, OSError):
            if request.serve(conn, serving.worker, command):
                return 0
        if not request.die_with_parent(signal.SIGTERM):
            return 0


def _accept(listener: socket.socket) -> socket.socket:
    """The next connection; the main process may take one first (its listener does not block)."""
    while True:
        select.select([listener], [], [])
        with suppress(BlockingIOError):
            conn, _ = listener.accept()
            conn.setblocking(True)
            return conn


def _prepare(ahead: Ahead, listener: socket.socket) -> request.Command | None:
    """Fork the next command's process; it warms up, forks its letter worker, and says so."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        ours.close()
        listener.close()
        code = 1
        try:
            code = _wait(theirs, ahead)
        finally:
            os._exit(code)
    theirs.close()
    try:
        if wire.receive(ours)[0].get("prepared") is True:
            return request.Command(pid, ours)
    except wire.Gone:
        pass
    ours.close()
    return None


def _wait(channel: socket.socket, ahead: Ahead) -> int:
    """The command's process: warm, its letter worker forked and warm, then the command.

    Until the command comes, it and its letter worker are killed with the
    spare's first process (Spares.command_started), even in the middle of warming up.
    """
    if not request.die_with_parent(signal.SIGKILL):
        return 1
    request.command_process()
    ahead.command()
    api.spare_worker(functools.partial(_letter, ahead.letter))
    wire.send(channel, {"prepared": True})
    try:
        message, fds = wire.receive(channel)
    except wire.Gone:
        return 0  # the request's process ended with no request for it
    channel.close()
    return request.run(message, fds)


def _letter(letter: Callable[[], object]) -> None:
    """The letter worker's warm-up: killed with the command's process, as that is with its own.

    Its signals are as a worker forked by the command has them (request.run sets them).
    """
    for number in (signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    if request.die_with_parent(signal.SIGKILL):
        letter()
