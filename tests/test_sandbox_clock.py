"""The template budget's clock: read every few cheap steps, at every slow one, never too late."""

from __future__ import annotations

import time

import jinja2
import pytest

from letterkit.sandbox import CLOCK_EVERY, MAX_STRIDE, Budget, LetterSandbox, LimitExceeded, _stride

ENDLESS = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"


def _burn(seconds: float) -> None:
    """Spend CPU time, as a slow template step does."""
    until = time.process_time() + seconds
    while time.process_time() < until:
        pass


def test_the_stride_is_about_a_millisecond_of_steps_and_bounded() -> None:
    assert _stride(CLOCK_EVERY, 32) == 32
    assert _stride(CLOCK_EVERY / 4, 8) == 32
    assert _stride(1e-9, 1) == MAX_STRIDE
    assert _stride(0.0, 3) == MAX_STRIDE, "a clock too coarse to move: cheap steps"
    assert _stride(10 * CLOCK_EVERY, 1) == 1
    assert _stride(0.5, 0) == 1, "a reading with no step since the last"


def test_cheap_steps_past_the_limit_are_stopped_within_one_stride() -> None:
    budget = Budget(60.0, 1000, 0)
    for _ in range(200):
        budget.tick()
    assert 1 <= budget.stride <= MAX_STRIDE
    budget.deadline = budget.read  # the time is up from now on
    with pytest.raises(LimitExceeded, match="ran longer than the time limit"):
        for _ in range(MAX_STRIDE):
            budget.tick()


def test_slow_steps_read_the_clock_at_every_step() -> None:
    budget = Budget(60.0, 1000, 0)
    for _ in range(3):
        _burn(2 * CLOCK_EVERY)
        budget.tick()
        assert budget.stride == 1
        assert budget.steps == 0
    budget.deadline = budget.read
    _burn(2 * CLOCK_EVERY)
    with pytest.raises(LimitExceeded):
        budget.tick()


def test_an_endless_template_is_stopped_by_the_sandbox_itself() -> None:
    env = LetterSandbox(loader=jinja2.DictLoader({"endless.j2": ENDLESS}))
    with env.bounded(Budget(0.1, 1000, 1 << 30)), pytest.raises(LimitExceeded) as stopped:
        env.render_bounded("endless.j2", {})
    assert str(stopped.value).startswith("the templates ran longer than the time limit (0.1 s)")
