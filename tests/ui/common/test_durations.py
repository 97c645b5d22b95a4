"""The one way the UI writes a length of time, and a routine's rough length."""

from __future__ import annotations

import pytest

from footcoach.ui.common.durations import duration_text, minutes_text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (-3, "0 s"), (45.4, "45 s"), (60, "1 min 00 s"), (845, "14 min 05 s")],
)
def test_duration_text(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(10, "about 1 min"), (185, "about 3 min"), (534, "about 9 min")]
)
def test_a_routine_length_is_rounded_to_whole_minutes(seconds: float, text: str) -> None:
    assert minutes_text(seconds) == text
