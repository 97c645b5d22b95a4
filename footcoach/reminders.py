"""When to remind the person of their routine: plain Python over an injected clock.

The companion asks :meth:`ReminderSchedule.check` about once a minute (and when the computer
wakes). A reminder time that passed since the last check is shown once, however long the
computer slept or was off, and only on its own day; a day whose routine is already done is
skipped; "Later" brings the same reminder back after the snooze. Times are wall-clock times
in the local zone, so a reminder at 18:00 stays at 18:00 across a change of the clocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from footcoach.history import History

LATE_AFTER = timedelta(minutes=2)
"""A reminder seen this long after its time fell while the computer slept or was off."""
LOOK_AHEAD_DAYS = 8


@dataclass(frozen=True)
class ReminderPlan:
    """The person's reminder settings."""

    days: frozenset[int]  # date.weekday() numbers
    times: tuple[time, ...]
    routine_id: str
    snooze: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Reminder:
    """A reminder to show now."""

    due: datetime  # aware, when it was meant for
    routine_id: str
    late: bool = False  # it fell while the computer slept or was off
    snoozed: bool = False  # it comes back after "Later"


class ReminderSchedule:
    """Decides which reminder, if any, is due; keeps where it got to (``handled_until``).

    ``now`` returns an aware datetime. ``zone`` is the local zone (``None``: this machine's,
    with its own rules for summer time). ``routine_done_on(routine_id, day)`` says whether the
    routine was done on a local day.
    """

    def __init__(
        self,
        plan: ReminderPlan,
        now: Callable[[], datetime],
        routine_done_on: Callable[[str, date], bool],
        *,
        handled_until: datetime | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self._now = now
        self._done_on = routine_done_on
        self._zone = zone
        self.plan = plan
        # The first run ever does not bring back times from before it.
        self.handled_until = handled_until if handled_until is not None else now()
        self.snoozed_until: datetime | None = None
        self._snoozed: Reminder | None = None

    def set_plan(self, plan: ReminderPlan) -> None:
        """New settings apply from now: no time that has already passed comes back."""
        self.plan = plan
        self.handled_until = max(self.handled_until, self._now())

    def check(self) -> Reminder | None:
        """The reminder to show now, or ``None``; each reminder time is answered once."""
        now = self._now()
        snoozed = self._take_snoozed(now)
        if snoozed is not None:
            return snoozed
        due = self._latest_slot(self.handled_until, now)
        self.handled_until = max(self.handled_until, now)
        if due is None:
            return None
        today = self._local(now).date()
        if self._local(due).date() != today:
            return None  # a day that has gone by is not brought back
        if self._done_on(self.plan.routine_id, today):
            return None
        return Reminder(due, self.plan.routine_id, late=now - due > LATE_AFTER)

    def snooze(self, reminder: Reminder) -> datetime:
        """ "Later": show ``reminder`` again after the snooze; returns when."""
        until = self._now() + self.plan.snooze
        self.snoozed_until = until
        self._snoozed = replace(reminder, snoozed=True, late=False)
        return until

    def next_due(self) -> datetime | None:
        """When the next reminder will be shown (a snoozed one included), if any."""
        now = max(self._now(), self.handled_until)
        candidates = [self.snoozed_until] if self.snoozed_until is not None else []
        day = self._local(now).date()
        for offset in range(LOOK_AHEAD_DAYS):
            slots = [s for s in self._slots_on(day + timedelta(days=offset)) if s > now]
            if slots:
                candidates.append(slots[0])
                break
        return min(candidates) if candidates else None

    def _take_snoozed(self, now: datetime) -> Reminder | None:
        if self.snoozed_until is None or now < self.snoozed_until or self._snoozed is None:
            return None
        reminder, self._snoozed, self.snoozed_until = self._snoozed, None, None
        if self._done_on(reminder.routine_id, self._local(now).date()):
            return None
        return reminder

    def _latest_slot(self, after: datetime, until: datetime) -> datetime | None:
        first = self._local(after).date()
        last = self._local(until).date()
        day = max(first, last - timedelta(days=LOOK_AHEAD_DAYS))
        latest: datetime | None = None
        while day <= last:
            for slot in self._slots_on(day):
                if after < slot <= until:
                    latest = slot
            day += timedelta(days=1)
        return latest

    def _slots_on(self, day: date) -> list[datetime]:
        if day.weekday() not in self.plan.days:
            return []
        return sorted(self._instant(day, moment) for moment in self.plan.times)

    def _instant(self, day: date, moment: time) -> datetime:
        """The instant of a wall-clock time; in a spring-forward gap, the moment clocks jump."""
        if self._zone is None:
            return datetime.combine(day, moment).astimezone()
        wall = datetime.combine(day, moment, tzinfo=self._zone)
        return wall.astimezone(UTC).astimezone(self._zone)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._zone) if self._zone is not None else moment.astimezone()


def routine_done_on(history: History, routine_id: str, day: date) -> bool:
    """Whether ``routine_id`` was completed on local ``day`` (what skips that day's reminder)."""
    return any(
        session.completed and session.routine == routine_id
        for session in history.sessions(since=day, until=day)
    )
