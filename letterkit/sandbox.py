"""Jinja's immutable sandbox with a budget: templates may not run forever or grow without end.

Jinja's sandbox already refuses Python internals and caps ``range()``. A
template from someone else's repository could still loop for hours, print
gigabytes or build a huge string it never prints. So every letter gets a
budget of time and output, checked:

- time at the top of every block, loops included (the code generator writes a
  call to :meth:`LetterSandbox.tick` there), and on every call, attribute
  lookup, intercepted operator and chunk of output, so a loop that prints
  nothing still stops; each of these steps counts, and the clock is read
  about every millisecond of them (:meth:`Budget.tick`);
- output on every chunk as the template is consumed with ``generate()``;
- before ``*`` and ``**`` run, so a repeated string or a huge power is
  refused before it is built;
- by an address-space limit while the template runs, so any other way of
  building a huge value fails with MemoryError instead of exhausting the
  machine.

No threads or signals: the checks run in the template's own code. They
cannot stop one long operation (a single C call); the CPU-time limit of the
worker process making the letter does (run/budget.py).
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import msgspec
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Node
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from letterkit.memory import memory_cap

MAX_POWER_BITS = 100_000
"""``a ** b`` may not produce a number longer than this: big powers cost time in one C call."""
CLOCK_EVERY = 0.001
"""CPU seconds of template steps between two readings of the clock, about: reading it at
every step was a tenth of a letter's own work, and a template stopped for time runs at
most about this much past its limit."""
MAX_STRIDE = 64
"""The most steps between two readings, however cheap the steps before them were."""


class LimitExceeded(SecurityError):
    """A template went over its letter's time, output or memory budget."""


class Budget(msgspec.Struct):
    """What one letter's templates may spend, and what they have spent."""

    seconds: float
    """CPU time for all the letter's templates together: the clock the worker's own limit
    (run/budget.py) counts on, so a busy machine does not stop a template early."""
    chars: int
    """Characters of output for all the letter's templates together; also the
    largest string or list a template may build."""
    memory: int
    """Bytes of memory a template may add while it runs."""
    deadline: float = 0.0
    """When the time is up (set from ``seconds`` when the budget is made)."""
    used: int = 0
    read: float = 0.0
    """When the clock was last read."""
    steps: int = 0
    """Template steps since then."""
    stride: int = 1
    """Steps until the clock is read again."""

    def __post_init__(self) -> None:
        self.read = time.process_time()
        self.deadline = self.read + self.seconds

    def tick(self) -> None:
        """Count one template step, reading the clock when the stride is done."""
        self.steps += 1
        if self.steps >= self.stride:
            self.check_time()

    def check_time(self) -> None:
        """Stop the template when the letter's time is up; pace the next reading."""
        now = time.process_time()
        if now > self.deadline:
            raise LimitExceeded(
                f"the templates ran longer than the time limit ({self.seconds:g} s); "
                "is a loop endless?"
            )
        self.stride = _stride(now - self.read, self.steps)
        self.read, self.steps = now, 0

    def spend(self, chars: int) -> None:
        """Count output, stopping the template when the letter's output is too large."""
        self.used += chars
        if self.used > self.chars:
            raise LimitExceeded(
                f"the templates wrote more than the output limit ({self.chars} characters)"
            )

    def check_size(self, size: float) -> None:
        """Refuse to build a value larger than a letter may print."""
        if size > self.chars:
            raise LimitExceeded(
                f"the template builds a value of {size:.0f} items, over the output "
                f"limit ({self.chars})"
            )


def _stride(spent: float, steps: int) -> int:
    """Steps worth about CLOCK_EVERY of CPU time, at the pace of the last ``steps``.

    Slow steps (or a first one that compiled a template) get the clock read at
    every step; cheap ones up to MAX_STRIDE steps apart.
    """
    if spent <= 0:  # a clock too coarse to see the steps: they are cheap
        return MAX_STRIDE
    return max(1, min(MAX_STRIDE, int(steps * CLOCK_EVERY / spent)))


class _TickingCodeGenerator(CodeGenerator):
    """Writes a budget check at the top of every block: each loop iteration runs one."""

    def blockvisit(self, nodes: Iterable[Node], frame: Frame) -> None:
        self.writeline("environment.tick()")
        super().blockvisit(nodes, frame)


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


class LetterSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, checking the current letter's budget as templates run.

    One letter renders at a time: :meth:`bounded` installs its budget.
    """

    code_generator_class = _TickingCodeGenerator
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget: Budget | None = None

    def tick(self) -> None:
        """Called by compiled templates at every block and loop iteration."""
        if self.budget is not None:
            self.budget.tick()

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call an object from a template, after a budget check."""
        __self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Look up an attribute from a template, after a budget check."""
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Look up an item from a template, after a budget check."""
        self.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**``, refused before they build something too large."""
        self.tick()
        if self.budget is not None:
            if operator == "*":
                _check_repeat(self.budget, left, right)
            elif operator == "**":
                _check_power(left, right)
        return super().call_binop(context, operator, left, right)

    @contextmanager
    def bounded(self, budget: Budget) -> Iterator[None]:
        """Run a letter's templates under its budget.

        The memory cap is set once for all of them: reading what the process
        maps and setting the limit for each template cost a tenth of a text letter.
        """
        self.budget = budget
        try:
            with memory_cap(budget.memory):
                yield
        finally:
            self.budget = None

    def render_bounded(self, name: str, context: Mapping[str, Any]) -> str:
        """Fill a template, counting its output against the current budget."""
        budget = self.budget
        assert budget is not None, "render_bounded runs inside bounded()"
        chunks = []
        try:
            # Compiling is inside the cap too (bounded() sets it): Jinja folds
            # constant expressions then.
            output = cast("Generator[str, None, None]", self.get_template(name).generate(context))
            for chunk in output:
                try:
                    budget.spend(len(chunk))
                    budget.tick()
                except LimitExceeded as exc:
                    # Raised where the template stands, so the error names its line.
                    output.throw(exc)
                chunks.append(chunk)
        except MemoryError as exc:
            message = f"the template needs more memory than the limit ({budget.memory >> 20} MB)"
            raise LimitExceeded(message).with_traceback(exc.__traceback__) from None
        except RecursionError as exc:
            message = "the template calls itself without end (a macro or loop recursing?)"
            raise LimitExceeded(message).with_traceback(exc.__traceback__) from None
        return "".join(chunks)


def _check_repeat(budget: Budget, left: Any, right: Any) -> None:
    for sized, count in ((left, right), (right, left)):
        length = _size(sized)
        if length is not None and isinstance(count, int):
            budget.check_size(length * count)


def _check_power(left: Any, right: Any) -> None:
    # Floats overflow quickly and cheaply (OverflowError); only integers grow without end.
    if isinstance(left, int) and isinstance(right, int) and right > 0:
        bits = max(left.bit_length(), 1) * right
        if bits > MAX_POWER_BITS:
            raise LimitExceeded(f"the number {left} ** {right} is too large to compute")
