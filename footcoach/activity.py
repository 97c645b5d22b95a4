"""Desk-break nudges and the pain check on return: plain Python over observed idle time.

The companion calls :meth:`ActivityWatch.observe` about once a minute with the wall clock and
how long the session has been idle (from the desktop over D-Bus, or else from FootCoach's own
windows, the only activity it can tell then). Idle time, a locked screen and a suspended
computer all count as rest. After ``interval`` of use within working hours it offers the
seated desk break; someone who has just come back is left alone for a few minutes, and after a
long time away (likely on their feet) it offers a quick pain check instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import Enum

REST_BREAK = timedelta(minutes=5)
"""Idle this long counts as a break: the count of time at the desk starts again."""
BACK_GRACE = timedelta(minutes=5)
"""Someone who has just come back is not interrupted for this long."""
AWAY_FOR_PAIN_CHECK = timedelta(minutes=45)
"""Away this long (on their feet, most likely): offer the pain check on return."""
ASLEEP_AFTER = timedelta(minutes=3)
"""A gap this long between two observations (once a minute) means the computer slept."""
DESK_BREAK_ROUTINE = "desk-break"


class Offer(Enum):
    """What the companion offers."""

    DESK_BREAK = "desk-break"
    PAIN_CHECK = "pain-check"


@dataclass(frozen=True)
class WorkingHours:
    """The days and hours in which desk breaks are offered."""

    days: frozenset[int]  # date.weekday() numbers
    start: time
    end: time

    def contains(self, local: datetime) -> bool:
        """Whether the local wall-clock time ``local`` falls in working hours."""
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def start_of(self, local: datetime) -> datetime:
        """The start of that day's working hours, in ``local``'s zone."""
        return local.replace(hour=self.start.hour, minute=self.start.minute, second=0)


@dataclass(frozen=True)
class NudgePlan:
    """The person's nudge settings."""

    hours: WorkingHours
    interval: timedelta


class ActivityWatch:
    """Follows use and rest from observations; says when to offer a break or a pain check."""

    def __init__(self, plan: NudgePlan, zone: tzinfo | None = None) -> None:
        self.plan = plan
        self._zone = zone
        self._last_seen: datetime | None = None
        self._active_since: datetime | None = None
        self._rest_since: datetime | None = None
        self._back_at: datetime | None = None

    def observe(self, now: datetime, idle: timedelta | None, locked: bool = False) -> Offer | None:
        """Take one observation; ``idle`` ``None`` means nobody can tell (nothing is offered)."""
        last, self._last_seen = self._last_seen, now
        if last is not None and now - last > ASLEEP_AFTER:
            # The computer slept (or FootCoach was not running): that was rest.
            self._start_rest(last)
        if idle is None:
            return None
        if locked or idle >= REST_BREAK:
            self._start_rest(now - idle if not locked else now)
            return None
        return self._active(now, now - idle)

    def later(self, now: datetime, snooze: timedelta) -> None:
        """ "Later" on a desk break: offer it again after ``snooze`` of use."""
        self._active_since = now - self.plan.interval + snooze

    def took_break(self, now: datetime) -> None:
        """The person took the break (or a routine): the time at the desk starts again."""
        self._active_since = now

    def _start_rest(self, since: datetime) -> None:
        if self._rest_since is None or since < self._rest_since:
            self._rest_since = since
        self._active_since = None

    def _active(self, now: datetime, last_input: datetime) -> Offer | None:
        if self._rest_since is not None:
            away = last_input - self._rest_since
            self._rest_since = None
            self._back_at = last_input
            self._active_since = last_input
            if away >= AWAY_FOR_PAIN_CHECK:
                return Offer.PAIN_CHECK
        if self._active_since is None:
            self._active_since = now
        local = now.astimezone(self._zone) if self._zone is not None else now.astimezone()
        hours = self.plan.hours
        if not hours.contains(local):
            return None
        if self._back_at is not None and now - self._back_at < BACK_GRACE:
            return None
        counted_from = max(self._active_since, hours.start_of(local))
        if now - counted_from < self.plan.interval:
            return None
        self._active_since = now
        return Offer.DESK_BREAK
