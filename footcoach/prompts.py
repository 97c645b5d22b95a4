"""What the companion offers, in words: a routine reminder, a desk break, the pain check on
return. Plain Python: the companion only shows these, as a notification, a tray message or a
banner.

While a safety signal is active (``pain.safety_message``: high or rising pain), nothing here
asks for exercise: a reminder becomes a pain check carrying the same message as History and
the routine list, and no desk break is offered (clinical rule 46).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from footcoach.pain import SafetySignal, safety_message
from footcoach.reminders import Reminder


class PromptKind(StrEnum):
    """What answering "start" does."""

    REMINDER = "reminder"  # starts the routine
    DESK_BREAK = "desk-break"  # starts the seated routine
    PAIN_CHECK = "pain-check"  # opens the pain entry


@dataclass(frozen=True)
class RoutineWords:
    """A routine as a prompt names it: its name and roughly how long it takes."""

    routine_id: str
    name: str
    duration: str  # "about 4 min", or "whenever suits you" when it cannot be told


@dataclass(frozen=True)
class Prompt:
    """Something offered to the person: its words and what "start" and "Later" do."""

    kind: PromptKind
    title: str
    body: str
    start_text: str
    routine_id: str | None = None
    reminder: Reminder | None = None

    @property
    def can_wait(self) -> bool:
        """True when "Later" is offered (a pain check is now or never)."""
        return self.kind is not PromptKind.PAIN_CHECK


PAIN_CHECK_QUESTION = "How is the forefoot now? One key logs it (0-10)."


def reminder_prompt(
    reminder: Reminder,
    routine: RoutineWords,
    signals: Sequence[SafetySignal],
    zone: tzinfo | None = None,
) -> Prompt:
    """The reminder of ``routine``, or while a signal is active, a pain check instead."""
    message = safety_message(signals)
    if message is not None:
        return Prompt(
            PromptKind.PAIN_CHECK,
            "Time to check on your foot",
            f"{message} {PAIN_CHECK_QUESTION}",
            "Log pain",
            reminder=reminder,
        )
    body = f"{routine.name}, {routine.duration}."
    if reminder.late:
        due = reminder.due.astimezone(zone) if zone is not None else reminder.due.astimezone()
        body += f" It was due at {due:%H:%M}, while the computer was asleep or off."
    return Prompt(
        PromptKind.REMINDER,
        "Time for your foot routine",
        body,
        "Start routine",
        routine.routine_id,
        reminder,
    )


def desk_break_prompt(routine: RoutineWords, signals: Sequence[SafetySignal]) -> Prompt | None:
    """The seated desk break, or ``None`` while a signal says to ease off."""
    if signals:
        return None
    return Prompt(
        PromptKind.DESK_BREAK,
        "Time for a desk break",
        f"You have been at the computer a while. {routine.name}: {routine.duration}, seated.",
        "Start desk break",
        routine.routine_id,
    )


def return_prompt() -> Prompt:
    """Back after a long time away, likely on their feet: the one-key pain check."""
    return Prompt(PromptKind.PAIN_CHECK, "Welcome back", PAIN_CHECK_QUESTION, "Log pain")
