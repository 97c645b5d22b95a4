"""The demo history: deterministic, realistic, fast, and valid for the store and for export."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import mean

import pytest

from footcoach import demo
from footcoach.catalog import load_catalog
from footcoach.history import History
from footcoach.records import PainContext, PainEntry, Side

END = date(2025, 6, 30)


@pytest.fixture(scope="module")
def half_year() -> demo.DemoHistory:
    return demo.generate(180, seed=3, end=END)


def _morning_day_means(entries: tuple[PainEntry, ...]) -> tuple[float, float]:
    morning = [p.score for p in entries if p.context is PainContext.MORNING]
    day = [p.score for p in entries if p.context is PainContext.DAY]
    return mean(morning), mean(day)


def test_same_seed_same_records_ids_included() -> None:
    first = demo.generate(90, seed=11, end=END)
    second = demo.generate(90, seed=11, end=END)
    assert first == second
    assert [p.id for p in first.pain] == [p.id for p in second.pain]


def test_other_seed_other_records() -> None:
    first = demo.generate(90, seed=11, end=END)
    other = demo.generate(90, seed=12, end=END)
    assert {p.id for p in first.pain}.isdisjoint({p.id for p in other.pain})
    assert [p.score for p in first.pain] != [p.score for p in other.pain]


def test_ids_are_unique_across_all_records(half_year: demo.DemoHistory) -> None:
    ids = [
        r.id
        for r in (
            *half_year.pain,
            *half_year.sessions,
            *half_year.sets,
            *half_year.goals,
            *half_year.goal_ratings,
            *half_year.self_tests,
            *half_year.factors,
            *half_year.trials,
        )
    ]
    assert len(ids) == len(set(ids)) == half_year.total + half_year.insight_total
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_span_and_order(half_year: demo.DemoHistory) -> None:
    days = {p.at.local_date for p in half_year.pain}
    assert min(days) >= END - timedelta(days=179) and max(days) <= END
    for records in (half_year.pain, half_year.sets):
        stamps = [r.at.utc for r in records]
        assert stamps == sorted(stamps)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_starting_pain_is_moderate_and_eases(seed: int) -> None:
    history = demo.generate(180, seed=seed, end=END)
    start = history.pain[0].at.local_date
    first_fortnight = [p.score for p in history.pain if (p.at.local_date - start).days < 14]
    last_month = [p.score for p in history.pain if (p.at.local_date - start).days >= 150]
    assert 4.5 <= mean(first_fortnight) <= 7.0
    assert mean(last_month) <= mean(first_fortnight) - 1.0


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_mornings_hurt_more_than_daytime(seed: int) -> None:
    morning, day = _morning_day_means(demo.generate(120, seed=seed, end=END).pain)
    assert morning > day + 0.5


def test_all_contexts_sides_and_routines_occur(half_year: demo.DemoHistory) -> None:
    assert {p.context for p in half_year.pain} == set(PainContext)
    assert {s.side for s in half_year.sets} == set(Side)
    assert {s.routine for s in half_year.sessions} == set(demo.ROUTINES)
    assert any(p.note for p in half_year.pain)


def test_missed_days_a_lapse_week_and_a_flare_up(half_year: demo.DemoHistory) -> None:
    session_days = {s.started.local_date for s in half_year.sessions}
    all_days = {END - timedelta(days=n) for n in range(180)}
    assert 0.1 < len(all_days - session_days) / len(all_days) < 0.5  # missed days, not most
    (lapse_start, lapse_end), *_ = half_year.lapses
    lapse = {lapse_start + timedelta(days=n) for n in range((lapse_end - lapse_start).days + 1)}
    assert len(lapse) >= 7
    assert len(lapse & session_days) <= 1  # the lapse week is (nearly) empty
    flare = half_year.flare_ups[0]
    before = [p.score for p in half_year.pain if flare - timedelta(7) <= p.at.local_date < flare]
    during = [p.score for p in half_year.pain if flare <= p.at.local_date < flare + timedelta(3)]
    assert mean(during) >= mean(before) + 1.5
    assert any(p.note.startswith("Flare-up") for p in half_year.pain)


def test_sessions_have_their_sets(half_year: demo.DemoHistory) -> None:
    by_session: dict[str | None, list[str]] = defaultdict(list)
    for record in half_year.sets:
        by_session[record.session_id].append(record.exercise_id)
    finished = [s for s in half_year.sessions if s.completed]
    assert finished and all(by_session[s.id] for s in half_year.sessions)
    for session in finished:
        assert set(by_session[session.id]) == set(demo.ROUTINES[session.routine])
        assert session.ended is not None and session.ended.utc > session.started.utc
    assert any(not s.completed for s in half_year.sessions)
    for record in half_year.sets:
        assert record.reps is not None and record.reps >= 1
        assert record.hold_seconds is None or record.hold_seconds > 0


def test_exercise_ids_exist_in_the_catalogue() -> None:
    assert set(demo.EXERCISE_IDS) <= set(load_catalog().ids())


def test_sessions_store_the_routine_id_as_the_app_does(half_year: demo.DemoHistory) -> None:
    from footcoach.routines import load_builtin_routines

    builtin = {routine.id for routine in load_builtin_routines(load_catalog())}
    assert {session.routine for session in half_year.sessions} <= builtin
    assert {e for routine in demo.ROUTINES.values() for e in routine} <= set(demo.EXERCISE_IDS)


def test_local_dates_and_offsets_follow_berlin_dst() -> None:
    history = demo.generate(365, seed=2, end=END)
    offsets = {p.at.local_date.month: p.at.utc_offset_minutes for p in history.pain}
    assert offsets[1] == 60 and offsets[7] == 120
    for entry in history.pain:
        assert entry.at.local().date() == entry.at.local_date


def test_no_record_after_now() -> None:
    now = datetime(2025, 6, 30, 9, 0, tzinfo=UTC)
    history = demo.generate(30, seed=1, end=END, now=now)
    stamps = [r.at.utc for r in (*history.pain, *history.sets)]
    stamps += [s.ended.utc for s in history.sessions if s.ended is not None]
    assert stamps and max(stamps) <= now
    session_ids = {s.id for s in history.sessions}
    assert all(s.session_id is None or s.session_id in session_ids for s in history.sets)


@pytest.mark.parametrize("days", [0, -1, demo.MAX_DAYS + 1])
def test_bad_day_counts_are_refused(days: int) -> None:
    with pytest.raises(ValueError, match="days must be"):
        demo.generate(days, seed=1)


@pytest.mark.parametrize("days", [1, 2, 7, 20])
def test_short_spans_work(days: int) -> None:
    history = demo.generate(days, seed=4, end=END)
    assert all(END - timedelta(days=days) < p.at.local_date <= END for p in history.pain)


def test_ten_years_generate_and_write(data_dir: Path) -> None:
    history = demo.generate(3650, seed=1)
    with History.open(data_dir) as store:
        added = store.add_records(history.pain, history.sessions, history.sets)
    assert added == history.total > 30_000
