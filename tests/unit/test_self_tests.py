"""Self-tests: values, the two-weekly offer, progress and the whole run on a fake clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers.fakes import FakeClock

from footcoach import self_tests as st
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry, Side
from footcoach.self_tests import SelfTestKind, SelfTestResult, SelfTestRun, StepState

STAND, MARBLES, RAISES = SelfTestKind
L, R = Side.LEFT, Side.RIGHT
D0 = date(2026, 3, 2)
BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int = 18) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


def result(rid: str, kind: SelfTestKind, side: Side, day: date, value: float) -> SelfTestResult:
    return SelfTestResult(rid, kind, side, at(day), value)


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        (STAND, 0, True),
        (STAND, 42.3, True),  # seconds keep their tenths
        (STAND, 60, True),  # the cap
        (STAND, 60.1, False),
        (STAND, -1, False),
        (MARBLES, 12, True),
        (MARBLES, 12.5, False),  # a count is whole
        (MARBLES, 60, True),
        (MARBLES, 61, False),
        (RAISES, 200, True),
        (RAISES, 201, False),
        (RAISES, True, False),
    ],
)
def test_values_fit_their_test(kind: SelfTestKind, value: float, ok: bool) -> None:
    if ok:
        assert st.check_value(kind, value) == float(value)
    else:
        with pytest.raises(ValueError, match=kind.label):
            st.check_value(kind, value)


def test_a_self_test_is_for_one_foot() -> None:
    with pytest.raises(ValueError, match="left or right"):
        SelfTestResult("x", STAND, Side.BOTH, at(D0), 10)


@pytest.mark.parametrize(
    ("scores", "allowed"),
    [((), True), ((3, 6), True), ((6,), True), ((7,), False), ((2, 9), False)],
)
def test_heel_raises_wait_for_a_day_without_severe_pain(
    scores: tuple[int, ...], allowed: bool
) -> None:
    assert st.heel_raises_allowed(scores) is allowed
    kinds = {step.kind for step in st.plan_steps(scores)}
    assert (RAISES in kinds) is allowed


@pytest.mark.parametrize(
    ("last_done", "last_skipped", "today", "due"),
    [
        (None, None, D0, True),  # never done: offered at once
        (D0, None, D0 + timedelta(days=13), False),
        (D0, None, D0 + timedelta(days=14), True),  # two weeks
        (D0, D0 + timedelta(days=14), D0 + timedelta(days=20), False),  # skipped: wait
        (D0, D0 + timedelta(days=14), D0 + timedelta(days=28), True),
        (None, D0, D0 + timedelta(days=1), False),
    ],
)
def test_self_tests_are_offered_every_two_weeks(
    last_done: date | None, last_skipped: date | None, today: date, due: bool
) -> None:
    assert st.self_tests_due(last_done, last_skipped, today) is due


def test_two_weeks_across_dst_are_fourteen_local_days() -> None:
    done = Moment.from_datetime(datetime(2026, 3, 20, 18, tzinfo=BERLIN))
    now = Moment.from_datetime(datetime(2026, 4, 3, 17, 30, tzinfo=BERLIN))
    assert now.utc - done.utc < timedelta(days=14)  # an hour short, by the clock change
    assert st.self_tests_due(done.local_date, None, now.local_date)


def test_progress_per_test_and_foot() -> None:
    results = [
        result("a", STAND, L, D0, 14.5),
        result("b", STAND, L, D0 + timedelta(days=14), 20.0),
        result("c", STAND, L, D0 + timedelta(days=28), 31.2),
        result("d", STAND, R, D0, 18.0),
        result("e", MARBLES, R, D0, 7),
        result("f", MARBLES, R, D0 + timedelta(days=14), 10),
        result("g", RAISES, L, D0 + timedelta(days=42), 25),  # after today: left out
    ]
    rows = st.self_test_progress(results, today=D0 + timedelta(days=28))
    assert [(p.kind, p.side) for p in rows] == [(STAND, L), (STAND, R), (MARBLES, R)]
    stand_left = rows[0]
    assert stand_left.change == pytest.approx(16.7)
    assert stand_left.as_dict() == {
        "test": "single-leg-stand",
        "side": "left",
        "unit": "s",
        "first": 14.5,
        "first_day": "2026-03-02",
        "latest": 31.2,
        "latest_day": "2026-03-30",
        "change": 16.7,
        "results": 3,
    }
    assert rows[1].as_dict()["change"] == 0
    assert rows[2].as_dict()["first"] == 7 and rows[2].as_dict()["change"] == 3
    # The words of History's table and of ``summary``: first -> latest, whole numbers.
    # (14.5 s shows as 14: Python rounds a half to even, as the table always did.)
    assert [p.text() for p in rows] == ["14 → 31 s", "18 s", "7 → 10 marbles"]
    assert rows[2].sentence() == "Marbles in 30 s, right foot: 7 → 10 marbles."
    assert st.last_taken_line(rows) == "First → latest; last taken Mon 30 Mar."
    assert st.last_taken_line(()) is None


# --------------------------------------------------------------------------- the run


class Run:
    """A run on a fake clock whose results are kept as the history would get them."""

    def __init__(self, scores: tuple[int, ...] = ()) -> None:
        self.clock = FakeClock()
        self.stored: list[SelfTestResult] = []
        self.run = SelfTestRun(self.stored.append, scores, clock=self.clock, now=lambda: at(D0, 18))

    def wait(self, seconds: float, step: float = 0.5) -> None:
        """Let time pass as the dialog would see it, polling twice a second."""
        while seconds > 1e-9:
            move = min(step, seconds)
            self.clock.advance(move)
            seconds -= move
            self.run.poll()


def test_standing_is_timed_by_the_hold_timer_from_go_to_stop() -> None:
    r = Run()
    assert (r.run.step.kind, r.run.step.side) == (STAND, L)
    r.run.start()
    r.wait(st.GET_READY_SECONDS)  # the get-ready seconds are not measured
    assert r.run.measuring()
    r.wait(23.4, step=0.1)
    taken = r.run.stop()
    assert taken is not None and taken.value == pytest.approx(23.4)
    assert r.stored == [taken] and (taken.kind, taken.side) == (STAND, L)
    assert (r.run.step.kind, r.run.step.side, r.run.state) == (STAND, R, StepState.READY)


def test_standing_stops_by_itself_at_60_seconds() -> None:
    r = Run()
    r.run.start()
    r.wait(st.GET_READY_SECONDS + 90)
    assert [x.value for x in r.stored] == [60.0]
    assert r.run.step.side is R


def test_stop_during_get_ready_measures_nothing() -> None:
    r = Run()
    r.run.start()
    r.wait(2)
    assert not r.run.measuring()
    assert r.run.stop() is None
    assert r.stored == [] and r.run.state is StepState.READY and r.run.step.side is L


def test_marbles_ask_for_the_count_after_30_seconds() -> None:
    r = Run()
    r.run.skip()  # standing, left
    r.run.skip()  # standing, right
    assert r.run.step.kind is MARBLES
    r.run.start()
    r.wait(st.GET_READY_SECONDS + 29)
    assert r.run.state is StepState.TIMING
    with pytest.raises(ValueError, match="no count"):
        r.run.enter_count(5)
    r.wait(1)
    assert r.run.state is StepState.COUNT
    with pytest.raises(ValueError, match="0 to 60"):
        r.run.enter_count(61)
    r.run.enter_count(11)
    assert [(x.kind, x.side, x.value) for x in r.stored] == [(MARBLES, L, 11.0)]


def test_a_whole_run_records_each_result_as_it_is_taken() -> None:
    r = Run(scores=(4,))
    values = [31.0, 27.5]
    for held in values:
        r.run.start()
        r.wait(st.GET_READY_SECONDS)
        r.wait(held, step=0.25)
        r.run.stop()
    for count in (9, 12):
        r.run.start()
        r.wait(st.GET_READY_SECONDS + st.MARBLE_SECONDS)
        r.run.enter_count(count)
    assert r.run.step.kind is RAISES
    r.run.start()
    assert r.run.state is StepState.COUNT  # heel raises are counted, not timed
    r.run.enter_count(18)
    r.run.skip()  # right heel raises skipped
    assert r.run.finished
    assert [(x.kind.value, x.side.value, x.value) for x in r.stored] == [
        ("single-leg-stand", "left", 31.0),
        ("single-leg-stand", "right", 27.5),
        ("marbles", "left", 9.0),
        ("marbles", "right", 12.0),
        ("heel-raises", "left", 18.0),
    ]
    assert [(s.kind, s.side) for s in r.run.skipped] == [(RAISES, R)]


def test_a_day_of_severe_pain_leaves_heel_raises_out_of_the_run() -> None:
    r = Run(scores=(3, 7))
    assert r.run.heel_raises_left_out
    assert [s.kind for s in r.run.steps] == [STAND, STAND, MARBLES, MARBLES]


def test_results_reach_the_history_and_the_offer(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        assert st.offer_due(history, D0)
        clock = FakeClock()
        run = SelfTestRun(history.add_self_test, (), clock=clock, now=lambda: at(D0))
        run.start()
        clock.advance(st.GET_READY_SECONDS)
        run.poll()
        clock.advance(12.5)
        run.stop()
        assert [(x.kind, x.side, x.value) for x in history.self_test_results()] == [
            (STAND, L, 12.5)
        ]
        assert not st.offer_due(history, D0 + timedelta(days=13))
        assert st.offer_due(history, D0 + timedelta(days=14))
        history.set_meta(st.SKIPPED_META_KEY, (D0 + timedelta(days=14)).isoformat())
        assert not st.offer_due(history, D0 + timedelta(days=20))


def test_no_offer_on_a_day_of_severe_pain(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        assert st.offer_due(history, D0)
        history.add_pain(PainEntry("p1", at(D0, 8), 6, PainContext.MORNING))
        assert st.offer_due(history, D0)  # 6 is moderate
        history.add_pain(PainEntry("p2", at(D0, 12), 7, PainContext.DAY))
        assert not st.offer_due(history, D0)  # 7 is severe: no prompt today
        assert st.offer_due(history, D0 + timedelta(days=1))
