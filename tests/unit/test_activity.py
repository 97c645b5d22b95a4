"""Desk-break nudges and the pain check on return, from idle times on a fake wall clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from footcoach.activity import ActivityWatch, NudgePlan, Offer, WorkingHours

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)
HOURS = WorkingHours(frozenset(range(5)), time(9, 0), time(17, 30))


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class Desk:
    """A person at the computer, observed once a minute."""

    def __init__(self, start: datetime, interval: int = 60) -> None:
        self.now = start
        self.watch = ActivityWatch(NudgePlan(HOURS, timedelta(minutes=interval)), zone=LONDON)
        self.idle = timedelta(0)

    def work(self, minutes: int) -> list[tuple[datetime, Offer]]:
        return self._minutes(minutes, lambda: timedelta(seconds=10))

    def away(self, minutes: int, locked: bool = False) -> list[tuple[datetime, Offer]]:
        start = self.now
        return self._minutes(minutes, lambda: self.now - start, locked)

    def _minutes(self, minutes, idle, locked=False):  # type: ignore[no-untyped-def]
        offers = []
        for _ in range(minutes):
            self.now += timedelta(minutes=1)
            offer = self.watch.observe(self.now, idle(), locked)
            if offer is not None:
                offers.append((self.now, offer))
        return offers


def test_an_hour_of_use_in_working_hours_offers_a_desk_break() -> None:
    desk = Desk(at(8, 59))  # first seen at 9:00
    assert desk.work(150) == [(at(10), Offer.DESK_BREAK), (at(11), Offer.DESK_BREAK)]


def test_nothing_outside_working_hours_or_days() -> None:
    assert Desk(at(17, 30)).work(180) == []
    assert Desk(at(9, day=MONDAY + timedelta(days=5))).work(180) == []  # Saturday


def test_use_before_the_day_starts_does_not_count() -> None:
    desk = Desk(at(8))
    assert desk.work(120)[0] == (at(10), Offer.DESK_BREAK)


def test_a_break_resets_the_count_and_a_short_pause_does_not() -> None:
    desk = Desk(at(8, 59))
    desk.work(40)
    desk.away(3)  # three minutes: not a break
    assert desk.work(18) == [(at(10), Offer.DESK_BREAK)]
    desk.work(40)
    desk.away(6)  # a break: the hour starts again when they are back
    assert desk.work(59) == []
    assert desk.work(2)[0][1] is Offer.DESK_BREAK


def test_suspend_counts_as_rest_and_the_returner_is_not_interrupted_at_once() -> None:
    desk = Desk(at(9))
    desk.work(55)
    desk.now += timedelta(minutes=20)  # the computer slept: no observations at all
    offers = desk.work(70)
    assert offers == [(at(11, 16), Offer.DESK_BREAK)]  # an hour after the return, not at once


def test_a_locked_screen_is_rest() -> None:
    desk = Desk(at(9))
    desk.work(50)
    desk._minutes(10, lambda: timedelta(seconds=5), locked=True)  # locked, mouse jiggled
    assert desk.work(30) == []


def test_just_back_is_left_alone_for_a_few_minutes() -> None:
    desk = Desk(at(9), interval=20)
    desk.work(15)
    desk.away(10)
    offers = desk.work(30)
    assert offers[0][0] >= at(9, 25) + timedelta(minutes=20)


def test_after_a_long_time_away_a_pain_check_is_offered_once() -> None:
    desk = Desk(at(12))
    desk.work(10)
    assert desk.away(50) == []
    offers = desk.work(5)
    assert offers == [(at(13, 1), Offer.PAIN_CHECK)]
    desk.away(10)
    assert desk.work(5) == []  # a short absence: no check


def test_unknown_idle_offers_nothing() -> None:
    desk = Desk(at(9))
    assert desk._minutes(180, lambda: None) == []


def test_later_offers_again_after_the_snooze() -> None:
    desk = Desk(at(8, 59))
    first = desk.work(61)
    assert first == [(at(10), Offer.DESK_BREAK)]
    desk.watch.later(desk.now, timedelta(minutes=15))
    assert desk.work(16)[0] == (at(10, 15), Offer.DESK_BREAK)
