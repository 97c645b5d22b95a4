"""Fakes for tests that need no Qt: a clock that only moves when told.

Plain Python on purpose (``tests/unit/test_test_doubles.py`` checks that importing it loads no
PySide6), so domain tests stay Qt-free; the Qt-side doubles live in ``fake_cues.py``.
"""

from __future__ import annotations


class FakeClock:
    """A monotonic clock for tests: call it for the time, ``advance`` it to move on."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds
