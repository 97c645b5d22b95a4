"""The reminder schedule over a fake wall clock: days, summer time, suspend, done days, snooze."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from footcoach.history import History
from footcoach.records import Moment, SessionRecord
from footcoach.reminders import ReminderPlan, ReminderSchedule, routine_done_on

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = frozenset(range(5))


class WallClock:
    """An aware wall clock that moves only when told (as the computer's clock would)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def to(self, moment: datetime) -> None:
        assert moment >= self.now
        self.now = moment

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def schedule(clock: WallClock, *, days=WEEKDAYS, times=(time(18, 0),), done=None):  # type: ignore[no-untyped-def]
    plan = ReminderPlan(days, times, "daily-foot-routine", snooze=timedelta(minutes=15))
    done_days = done if done is not None else set()
    return ReminderSchedule(plan, clock, lambda _id, day: day in done_days, zone=LONDON)


def run_minutes(clock: WallClock, reminders: ReminderSchedule, minutes: int) -> list:  # type: ignore[type-arg]
    """Check once a minute for ``minutes``, as the companion's timer does; what was shown."""
    shown = []
    for _ in range(minutes):
        clock.advance(minutes=1)
        reminder = reminders.check()
        if reminder is not None:
            shown.append((clock.now, reminder))
    return shown


def test_a_reminder_is_shown_once_at_its_time_on_its_days_only() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 9))
    reminders = schedule(clock)
    shown = run_minutes(clock, reminders, 7 * 24 * 60)
    assert [when.astimezone(LONDON) for when, _ in shown] == [
        at(monday + timedelta(days=n), 18) for n in range(5)
    ]
    assert all(not reminder.late for _, reminder in shown)


def test_spring_forward_keeps_the_wall_clock_time_and_shows_once() -> None:
    # In London the clocks go forward at 01:00 on Sunday 29 March 2026.
    saturday = date(2026, 3, 28)
    clock = WallClock(at(saturday, 12))
    reminders = schedule(clock, days=frozenset(range(7)), times=(time(8, 0),))
    shown = run_minutes(clock, reminders, 48 * 60)
    local = [when.astimezone(LONDON) for when, _ in shown]
    assert [(t.date(), t.hour, t.minute) for t in local] == [
        (date(2026, 3, 29), 8, 0),
        (date(2026, 3, 30), 8, 0),
    ]
    assert local[0].utcoffset() == timedelta(hours=1)


def test_a_reminder_inside_the_skipped_hour_shows_as_the_clocks_jump_and_only_once() -> None:
    saturday = date(2026, 3, 28)
    clock = WallClock(at(saturday, 23))
    reminders = schedule(clock, days=frozenset(range(7)), times=(time(1, 30),))
    shown = run_minutes(clock, reminders, 6 * 60)
    assert len(shown) == 1
    when = shown[0][0].astimezone(LONDON)
    assert (when.hour, when.utcoffset()) == (2, timedelta(hours=1))  # 01:30 does not exist


def test_the_repeated_hour_in_autumn_shows_once() -> None:
    # Clocks go back at 02:00 BST on Sunday 25 October 2026: 01:00-01:59 happens twice.
    saturday = date(2026, 10, 24)
    clock = WallClock(at(saturday, 23))
    reminders = schedule(clock, days=frozenset(range(7)), times=(time(1, 30),))
    shown = run_minutes(clock, reminders, 5 * 60)
    assert len(shown) == 1


def test_a_reminder_that_fell_while_asleep_is_shown_once_on_waking() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 17, 50))
    reminders = schedule(clock, times=(time(12, 0), time(18, 0), time(19, 0)))
    assert reminders.check() is None
    clock.to(at(monday, 19, 30))  # suspended 17:50-19:30: both 18:00 and 19:00 fell asleep
    woke = reminders.check()
    assert woke is not None and woke.late
    assert woke.due == at(monday, 19)
    assert run_minutes(clock, reminders, 4 * 60) == []  # never repeated


def test_a_reminder_from_a_day_gone_by_is_not_brought_back() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 17))
    reminders = schedule(clock)
    clock.to(at(monday + timedelta(days=1), 9))  # off overnight: Monday's 18:00 is stale
    assert reminders.check() is None


def test_off_at_the_time_and_started_later_the_same_day_shows_it_once() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 17))
    first = schedule(clock)
    first.check()
    handled = first.handled_until  # what the companion keeps in the settings file
    clock.to(at(monday, 20))
    plan = first.plan
    again = ReminderSchedule(plan, clock, lambda *_: False, handled_until=handled, zone=LONDON)
    reminder = again.check()
    assert reminder is not None and reminder.late
    restarted = ReminderSchedule(
        plan, clock, lambda *_: False, handled_until=again.handled_until, zone=LONDON
    )
    assert restarted.check() is None


def test_a_day_whose_routine_is_done_is_skipped() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 9))
    reminders = schedule(clock, done={monday})
    shown = run_minutes(clock, reminders, 36 * 60)
    assert [when.astimezone(LONDON).date() for when, _ in shown] == [monday + timedelta(days=1)]


def test_later_brings_it_back_after_the_snooze_unless_done_meanwhile() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 17, 59))
    done: set[date] = set()
    reminders = schedule(clock, done=done)
    shown = run_minutes(clock, reminders, 1)
    assert len(shown) == 1
    until = reminders.snooze(shown[0][1])
    assert until == at(monday, 18, 15)
    assert reminders.next_due() == at(monday, 18, 15)
    again = run_minutes(clock, reminders, 20)
    assert [(when, r.snoozed) for when, r in again] == [(at(monday, 18, 15), True)]
    reminders.snooze(again[0][1])
    done.add(monday)
    assert run_minutes(clock, reminders, 20) == []


def test_new_settings_do_not_bring_back_a_time_already_past() -> None:
    monday = date(2026, 3, 2)
    clock = WallClock(at(monday, 12))
    reminders = schedule(clock)
    reminders.set_plan(ReminderPlan(WEEKDAYS, (time(9, 0),), "desk-break"))
    assert reminders.check() is None
    assert reminders.next_due() == at(monday + timedelta(days=1), 9)


def test_no_days_means_no_reminder() -> None:
    clock = WallClock(at(date(2026, 3, 2), 12))
    reminders = schedule(clock, days=frozenset())
    assert reminders.next_due() is None
    assert run_minutes(clock, reminders, 3 * 24 * 60) == []


def test_done_means_a_completed_session_of_that_routine_on_that_day(tmp_path) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 3, 2)
    started = Moment(datetime(2026, 3, 2, 8, tzinfo=UTC), day, 0)
    with History.open(tmp_path) as history:
        history.start_session(SessionRecord("s1", "desk-break", started))
        history.finish_session("s1", started, completed=True)
        history.start_session(SessionRecord("s2", "daily-foot-routine", started))
        assert routine_done_on(history, "desk-break", day)
        assert not routine_done_on(history, "daily-foot-routine", day)  # started, not finished
        assert not routine_done_on(history, "desk-break", day + timedelta(days=1))
