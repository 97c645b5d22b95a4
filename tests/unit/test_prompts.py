"""What the companion offers: a reminder or desk break, never while a safety signal is active."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from footcoach.pain import SafetySignal, safety_message
from footcoach.prompts import (
    PromptKind,
    RoutineWords,
    desk_break_prompt,
    reminder_prompt,
    return_prompt,
)
from footcoach.reminders import Reminder

LONDON = ZoneInfo("Europe/London")
DAILY = RoutineWords("daily-foot-routine", "Daily foot routine", "about 9 min")
DESK = RoutineWords("desk-break", "Desk break", "about 2 min")
DUE = Reminder(datetime(2026, 3, 2, 18, 0, tzinfo=LONDON), "daily-foot-routine")


def test_without_a_signal_a_reminder_offers_the_routine() -> None:
    prompt = reminder_prompt(DUE, DAILY, (), LONDON)
    assert prompt.kind is PromptKind.REMINDER
    assert prompt.routine_id == "daily-foot-routine" and prompt.reminder is DUE
    assert prompt.body == "Daily foot routine, about 9 min."
    assert prompt.can_wait


def test_a_late_reminder_says_when_it_was_due_in_local_time() -> None:
    late = Reminder(datetime(2026, 7, 1, 17, 0, tzinfo=ZoneInfo("UTC")), "x", late=True)
    assert "It was due at 18:00" in reminder_prompt(late, DAILY, (), LONDON).body


def test_with_a_signal_a_reminder_asks_about_the_foot_and_never_for_exercise() -> None:
    signals = (SafetySignal.SEVERE_SCORE,)
    prompt = reminder_prompt(DUE, DAILY, signals, LONDON)
    assert prompt.kind is PromptKind.PAIN_CHECK and prompt.routine_id is None
    message = safety_message(signals)
    assert message is not None and prompt.body.startswith(message)
    assert "routine" not in prompt.start_text.lower() and not prompt.can_wait


def test_with_a_signal_no_desk_break_is_offered() -> None:
    assert desk_break_prompt(DESK, (SafetySignal.RISE_2_OVER_2_WEEKS,)) is None
    offered = desk_break_prompt(DESK, ())
    assert offered is not None and offered.kind is PromptKind.DESK_BREAK
    assert offered.routine_id == "desk-break" and "seated" in offered.body


def test_the_return_check_is_one_key_and_cannot_wait() -> None:
    prompt = return_prompt()
    assert prompt.kind is PromptKind.PAIN_CHECK and "forefoot" in prompt.body
    assert not prompt.can_wait
