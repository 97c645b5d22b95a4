"""The guided-session flow without a screen: pain contexts, records, resume, the end screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from footcoach.catalog import Catalog, Dose, Sides, load_catalog
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.pain import EASE_OFF_ADVICE
from footcoach.records import Moment, PainContext, PainEntry, Side
from footcoach.routines import Routine, RoutineStep, RoutineStore
from footcoach.screening import ScreeningAnswers
from footcoach.session_flow import (
    EndScreen,
    ResumeResult,
    SessionFlow,
    Stage,
    context_before,
    end_screen,
)
from footcoach.session_progress import SessionSummary
from footcoach.timing import SetDone

ZONE = timezone(timedelta(hours=2))
SHORT = Routine(
    id="short-test",
    name="Short test",
    steps=(
        RoutineStep("toe-spread", Dose(1, 2, 2, Sides.EACH, hold_seconds=3)),
        RoutineStep("towel-curls", Dose(1, 3, 4, Sides.BOTH, rep_seconds=1)),
    ),
)


class Wall:
    """A wall clock for stamps and a monotonic one for elapsed time, moved together."""

    def __init__(self, start: datetime) -> None:
        self.at = start
        self.seconds = 100.0

    def now(self) -> Moment:
        return Moment.from_datetime(self.at)

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.seconds += seconds


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def history(data_dir: Path) -> Iterator[History]:
    with History.open(data_dir) as opened:
        yield opened


@pytest.fixture
def wall() -> Wall:
    return Wall(datetime(2025, 3, 3, 14, 0, tzinfo=ZONE))


def make_flow(catalog: Catalog, history: History, wall: Wall) -> SessionFlow:
    store = RoutineStore(history, catalog)
    if store.find(SHORT.id) is None:
        store.save(SHORT)
    return SessionFlow(
        catalog,
        history,
        store,
        lead_in_seconds=2.0,
        clock=wall.monotonic,
        now=wall.now,
        today=lambda: wall.at.date(),
    )


def done(side: Side, reps: int = 2, seconds: float = 6.0) -> SetDone:
    return SetDone(side, 1, reps, reps, seconds, 0.0)


def start(flow: SessionFlow, pain: int | None = 3) -> None:
    flow.begin(SHORT)
    if pain is None:
        flow.skip_pain()
    else:
        flow.record_pain(pain)
    assert flow.stage is Stage.SESSION
    flow.timer_started()


# --- the red-flag questions first ----------------------------------------------------


def test_the_red_flag_answers_are_needed_until_saved_and_are_saved_as_of_now(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    assert flow.screening_needed()
    given = ScreeningAnswers(
        "s-1",
        Moment.from_datetime(datetime(2020, 1, 1, tzinfo=ZONE)),
        tuple((i, False) for i in flow.screening.ids()),
    )
    assert flow.save_screening(given)
    stored = history.latest_screening()
    assert stored is not None and stored.answers == given.answers
    assert stored.at == wall.now()  # saved as today, not when the form was filled in
    assert not flow.screening_needed()
    assert flow.stage is Stage.IDLE and history.sessions() == []  # saving starts nothing


def test_a_demo_that_writes_nothing_asks_nothing(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    flow.writes = False
    assert not flow.screening_needed()


# --- pain contexts --------------------------------------------------------------------


def test_the_check_before_is_morning_until_10_59_and_the_day_from_11_00() -> None:
    def at(hour: int, minute: int) -> Moment:
        return Moment.from_datetime(datetime(2025, 3, 3, hour, minute, tzinfo=ZONE))

    assert context_before(at(10, 59)) is PainContext.MORNING
    assert context_before(at(11, 0)) is PainContext.DAY
    # The person's local hour decides, not UTC (10:30 here is 08:30 UTC; 11:30 is 09:30).
    assert context_before(at(11, 30)) is PainContext.DAY


def test_pain_before_is_logged_in_its_context_and_after_as_after_exercise(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    wall.at = wall.at.replace(hour=8)
    flow = make_flow(catalog, history, wall)
    start(flow, pain=2)
    wall.advance(60)
    flow.set_finished(done(Side.LEFT))
    assert flow.end(completed=False)
    assert flow.stage is Stage.PAIN_AFTER
    flow.record_pain(4)
    assert [(p.score, p.context, p.note) for p in history.pain_entries()] == [
        (2, PainContext.MORNING, "Before Short test"),
        (4, PainContext.AFTER_EXERCISE, "After Short test"),
    ]
    assert flow.stage is Stage.SUMMARY
    assert flow.summary is not None
    assert (flow.summary.pain_before, flow.summary.pain_after) == (2, 4)


# --- records --------------------------------------------------------------------------


def test_the_session_row_is_written_on_the_first_start_and_sets_as_they_finish(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    flow.begin(SHORT)
    flow.record_pain(3)
    assert flow.stage is Stage.SESSION and history.sessions() == []
    session = flow.timer_started()
    assert session is not None and history.sessions() == [session]
    assert flow.timer_started() is None  # later phases write nothing more
    wall.advance(10)
    record = flow.set_finished(done(Side.LEFT))
    assert record is not None and history.sets() == [record]
    assert flow.set_finished(done(Side.RIGHT, reps=0, seconds=0)) is None  # no rep: no record
    wall.advance(20)
    assert flow.end(completed=True)
    [ended] = history.sessions()
    assert ended.completed and ended.ended == wall.now()
    assert flow.summary is not None and flow.summary.seconds == 30
    assert flow.summary.sets_done == 1


def test_ending_before_any_start_writes_nothing_and_goes_back_to_the_list(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    flow.begin(SHORT)
    flow.skip_pain()
    assert not flow.end(completed=False)
    assert flow.stage is Stage.IDLE and history.sessions() == []


def test_a_refused_write_is_reported_and_the_session_goes_on(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    heard: list[str] = []
    flow = make_flow(catalog, history, wall)
    flow._on_write_error = heard.append

    def refuse(entry: PainEntry) -> None:
        raise FootCoachError("disk full")

    history.add_pain = refuse  # type: ignore[method-assign]
    flow.begin(SHORT)
    assert flow.record_pain(3) is None
    assert heard == ["disk full"] and flow.stage is Stage.SESSION and flow.pain_before == 3


def test_nothing_is_written_when_writes_are_off(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    flow.writes = False
    start(flow)
    flow.set_finished(done(Side.LEFT))
    assert history.is_empty()


# --- severe pain before ---------------------------------------------------------------


def test_severe_pain_before_gives_advice_and_the_seated_routine_can_be_taken(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    standing = flow.store.find("daily-foot-routine")
    assert standing is not None
    flow.begin(standing)
    flow.record_pain(7)
    assert flow.stage is Stage.ADVICE and flow.advice is not None
    seated = flow.seated_routine()
    assert seated is not None and seated != standing
    flow.take_seated()
    assert flow.stage is Stage.SESSION and flow.routine == seated
    flow.stop()
    assert flow.stage is Stage.IDLE and history.sessions() == []


def test_pain_6_before_goes_straight_to_the_session(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    flow.begin(SHORT)
    flow.record_pain(6)
    assert flow.stage is Stage.SESSION and flow.advice is None


# --- resume and discard ---------------------------------------------------------------


def cut_off(catalog: Catalog, history: History, wall: Wall, pain: int | None = 4) -> None:
    """A session with one set done, then the app was killed (never ended)."""
    flow = make_flow(catalog, history, wall)
    flow.begin(SHORT)
    if pain is None:
        flow.skip_pain()
    else:
        flow.record_pain(pain)
    wall.advance(90)  # a minute and a half reading the exercise before Start
    flow.timer_started()
    wall.advance(10)
    flow.set_finished(done(Side.LEFT))


def test_resume_keeps_the_pain_before(catalog: Catalog, history: History, wall: Wall) -> None:
    cut_off(catalog, history, wall, pain=4)
    wall.advance(600)
    flow = make_flow(catalog, history, wall)
    assert flow.offer_resume() is not None
    assert flow.resume() is ResumeResult.RESUMED
    assert flow.pain_before == 4
    flow.set_finished(done(Side.RIGHT))
    flow.end(completed=True)
    flow.record_pain(5)
    assert flow.summary is not None
    assert (flow.summary.pain_before, flow.summary.pain_after) == (4, 5)


def test_resume_finds_no_pain_before_when_the_check_was_skipped_or_belongs_elsewhere(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    history.add_pain(  # logged by hand long before: not this session's check
        PainEntry("hand", Moment.from_datetime(wall.at - timedelta(hours=3)), 8, PainContext.DAY)
    )
    history.add_pain(  # an after-exercise check of an earlier session
        PainEntry(
            "after",
            Moment.from_datetime(wall.at - timedelta(minutes=30)),
            7,
            PainContext.AFTER_EXERCISE,
            "After Short test",
        )
    )
    cut_off(catalog, history, wall, pain=None)
    flow = make_flow(catalog, history, wall)
    flow.offer_resume()
    assert flow.resume() is ResumeResult.RESUMED
    assert flow.pain_before is None


def test_discard_ends_the_cut_off_session_at_its_last_set_and_keeps_the_sets(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    cut_off(catalog, history, wall)
    [record] = history.sets()
    wall.advance(3600)
    flow = make_flow(catalog, history, wall)
    assert flow.offer_resume() is not None
    flow.discard()
    [session] = history.sessions()
    assert session.ended == record.at and not session.completed
    assert history.sets() == [record]
    assert flow.resume() is ResumeResult.NOTHING


def test_starting_anew_instead_of_resuming_closes_the_old_session(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    cut_off(catalog, history, wall)
    flow = make_flow(catalog, history, wall)
    assert flow.offer_resume() is not None
    start(flow)
    old, new = sorted(history.sessions(), key=lambda s: s.started.utc)
    assert old.ended is not None and new.ended is None and flow.resume_offer is None


def test_resuming_a_session_whose_routine_was_deleted_discards_it(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    cut_off(catalog, history, wall)
    flow = make_flow(catalog, history, wall)
    flow.offer_resume()
    flow.store.delete(SHORT.id)
    assert flow.resume() is ResumeResult.ROUTINE_GONE
    [session] = history.sessions()
    assert session.ended is not None and len(history.sets()) == 1


# --- the end screen -------------------------------------------------------------------


def summary(before: int | None, after: int | None) -> SessionSummary:
    return SessionSummary(600.0, 6, 6, 3, 0, 3, pain_before=before, pain_after=after)


@pytest.mark.parametrize(
    ("before", "after", "title", "says_ease_off", "says_professional"),
    [
        (None, None, "Well done!", False, False),
        (3, None, "Well done!", False, False),
        (None, 5, "Well done!", False, False),  # 5 is acceptable
        (4, 5, "Well done!", False, False),  # a rise of 1
        (3, 5, "Ease off next time", True, False),  # a rise of 2
        (None, 6, "Ease off next time", True, False),  # above 5
        (6, 6, "Ease off next time", True, False),  # above 5, no rise
        (1, 3, "Ease off next time", True, False),  # low, but a rise of 2
        (5, 6, "Ease off next time", True, False),
        (None, 7, "Rest your foot, and get advice", False, True),  # the severe threshold
        (8, 8, "Rest your foot, and get advice", False, True),
        (2, 9, "Rest your foot, and get advice", False, True),
        (8, 3, "Well done!", False, False),  # better after the session
    ],
)
def test_the_end_screen_reflects_the_pain(
    before: int | None, after: int | None, title: str, says_ease_off: bool, says_professional: bool
) -> None:
    screen = end_screen(summary(before, after), "Daily foot routine", completed=True)
    assert screen.title == title
    assert ("ease off next time" in screen.advice) is says_ease_off
    assert (EASE_OFF_ADVICE in screen.advice) is says_professional
    assert screen.see_professional is says_professional
    assert bool(screen.advice) is (says_ease_off or says_professional)


def test_the_end_screen_names_the_numbers_behind_its_advice() -> None:
    rose = end_screen(summary(2, 5), "Daily foot routine", completed=False)
    assert rose.advice.startswith("Your pain went from 2/10 to 5/10 during this session.")
    high = end_screen(summary(None, 6), "Daily foot routine", completed=False)
    assert high.advice.startswith("Your foot is at 6/10 after this session.")
    calm = end_screen(summary(2, 2), "Daily foot routine", completed=False)
    assert calm == EndScreen(
        "Session ended",
        "Daily foot routine \u2013 the sets you did are saved in your history.",
        "",
        False,
        summary(2, 2),
    )


def test_the_flow_ends_with_the_end_screen_of_its_pain(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    start(flow, pain=2)
    flow.end(completed=True)
    flow.record_pain(8)
    screen = flow.end_screen()
    assert screen.see_professional and "8/10" in screen.advice
    flow.close()
    assert flow.stage is Stage.IDLE and flow.summary is None


def test_no_moment_is_taken_from_the_machine_clock(
    catalog: Catalog, history: History, wall: Wall
) -> None:
    flow = make_flow(catalog, history, wall)
    start(flow)
    [session] = history.sessions()
    assert session.started.utc == wall.at.astimezone(UTC)
    assert session.started.local_date == date(2025, 3, 3)
