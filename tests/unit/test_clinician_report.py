"""The clinician report's content, without Qt: period, figures, sections, words."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from footcoach.catalog import load_catalog
from footcoach.clinician_report import (
    DEFAULT_DAYS,
    PeriodError,
    build_report,
    choose_period,
)
from footcoach.history import History, LevelChangeRow
from footcoach.pain import SafetySignal, safety_message
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, new_id
from footcoach.screening import ScreeningAnswers, load_screening
from footcoach.trends import load_summary

TODAY = date(2025, 3, 23)


def at(day: date, hour: int = 8) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, 0).astimezone())


def pain(
    day: date, score: int, context: PainContext = PainContext.MORNING, note: str = ""
) -> PainEntry:
    return PainEntry(new_id(), at(day), score, context, note)


def report_of(history: History, start: date, end: date, **options: object):  # type: ignore[no-untyped-def]
    return build_report(
        history,
        load_catalog(),
        choose_period(history.first_day(), TODAY, start, end),
        screening=load_screening(),
        made_on=TODAY,
        version="9.9",
        **options,  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- the period


def test_the_default_period_is_the_last_90_days_within_the_history() -> None:
    period = choose_period(date(2020, 1, 1), TODAY)
    assert (period.start, period.end, period.days) == (
        TODAY - timedelta(days=DEFAULT_DAYS - 1),
        TODAY,
        DEFAULT_DAYS,
    )
    assert period.notes == ()
    young = choose_period(TODAY - timedelta(days=10), TODAY)
    assert young.start == TODAY - timedelta(days=10) and young.notes == ()  # nothing was asked


def test_dates_outside_the_history_are_clamped_with_a_note() -> None:
    period = choose_period(date(2025, 1, 5), TODAY, date(2024, 1, 1), date(2026, 1, 1))
    assert (period.start, period.end) == (date(2025, 1, 5), TODAY)
    assert period.notes == (
        "The period was asked to end on 1 Jan 2026; it ends today instead.",
        "The history starts on 5 Jan 2025, so the period starts there (asked: 1 Jan 2024).",
    )


def test_a_period_before_the_history_stays_and_says_so() -> None:
    period = choose_period(date(2025, 1, 5), TODAY, date(2024, 1, 1), date(2024, 2, 1))
    assert (period.start, period.end) == (date(2024, 1, 1), date(2024, 2, 1))
    assert period.notes == ("The history starts on 5 Jan 2025, after this period.",)


def test_the_first_day_after_the_last_is_refused() -> None:
    with pytest.raises(PeriodError, match="is after the last"):
        choose_period(None, TODAY, date(2025, 3, 10), date(2025, 3, 1))


# --------------------------------------------------------------------------- the content


@pytest.fixture
def history(data_dir: Path):  # type: ignore[no-untyped-def]
    with History.open(data_dir) as opened:
        yield opened


def test_the_table_holds_the_figures_of_summary_for_the_period(history: History) -> None:
    # Mornings 6 for a week, then 3; a period from the 10th starts at 6, ends at 3.
    for k in range(28):
        day = date(2025, 2, 24) + timedelta(days=k)
        history.add_pain(pain(day, 8 if k < 14 else (6 if k < 21 else 3)))
    report = report_of(history, date(2025, 3, 10), TODAY)
    summary = load_summary(history, TODAY, since=date(2025, 3, 10))
    assert report.summary == summary
    pain_section = report.sections[0]
    assert pain_section.title == "Pain by context"
    assert pain_section.table is not None
    (row,) = pain_section.table.rows
    assert row == (
        "Morning pain (headline)",
        "14",
        "6.0",
        "3.0",
        "-3.0",
        "-50%",
        "-2.3",
        "Improving",
    )
    assert "Morning pain: Improving." in pain_section.lines
    assert report.glance == (
        "At a glance: Morning pain: improving, 6.0 at the start, 3.0 in the last 7 days. "
        "No safety signal active. Sessions on 0.0 days a week."
    )
    assert "footcoach summary --from 2025-03-10 --to 2025-03-23" in pain_section.after[-1]
    # The whole history's start (8) is not the period's.
    assert load_summary(history, TODAY).headline.baseline_mean == pytest.approx(8.0)


def test_the_safety_signals_read_the_whole_history_even_for_a_short_period(
    history: History,
) -> None:
    for k in range(21):
        day = TODAY - timedelta(days=20 - k)
        history.add_pain(pain(day, 2 if k < 7 else 5))
    report = report_of(history, TODAY - timedelta(days=3), TODAY)
    assert SafetySignal.RISE_2_OVER_2_WEEKS in report.summary.safety_signals
    safety = next(s for s in report.sections if s.title == "Safety")
    message = safety_message(report.summary.safety_signals)
    assert message is not None and message in safety.lines[0]


def test_an_empty_period_is_short_and_honest(history: History) -> None:
    report = report_of(history, date(2025, 3, 1), TODAY)
    assert report.is_empty and report.chart is None
    assert report.glance == "Nothing was recorded in this period."
    assert [s.title for s in report.sections] == ["Pain", "Exercise done", "Safety"]
    assert report.sections[0].lines[0] == (
        "No pain scores and no exercise sessions were recorded in this period."
    )
    assert report.sections[1].lines == (
        "No exercise sessions in this period.",
        "Current routine: none done yet.",
    )


def test_adherence_sets_routine_and_level_changes(history: History) -> None:
    history.add_pain(pain(TODAY - timedelta(days=20), 3))
    for k in range(3):
        day = TODAY - timedelta(days=k)
        session = SessionRecord(new_id(), "daily-foot-routine", at(day, 18), at(day, 19), True)
        history.start_session(SessionRecord(session.id, session.routine, session.started))
        history.finish_session(session.id, at(day, 19), completed=True)
    history.add_level_change(
        LevelChangeRow(
            new_id(),
            "daily-foot-routine",
            at(TODAY - timedelta(days=1)),
            2,
            1,
            "Three good sessions",
        )
    )
    history.add_level_change(
        LevelChangeRow(
            new_id(), "daily-foot-routine", at(date(2024, 1, 1)), 1, 1, "Before the period"
        )
    )
    report = report_of(history, TODAY - timedelta(days=13), TODAY)
    adherence = next(s for s in report.sections if s.title == "Exercise done")
    assert adherence.lines[0].startswith("Days with a finished session: 3 of 14 (1.5 days a week).")
    assert adherence.lines[1] == "Current routine: Daily foot routine, level 2 of 5."
    assert adherence.after[-2:] == (
        "Level changes:",
        "22 Mar 2025: Daily foot routine, level 1 to 2. Reason: Three good sessions",
    )


def test_red_flag_answers_in_plain_words(history: History) -> None:
    history.add_screening(
        ScreeningAnswers(
            new_id(), at(date(2025, 3, 2)), (("fever", False), ("reduced-feeling", True))
        )
    )
    history.add_pain(pain(TODAY, 2))
    report = report_of(history, TODAY - timedelta(days=6), TODAY)
    safety = next(s for s in report.sections if s.title == "Safety")
    assert safety.lines[1].startswith(
        "Red-flag questions (answered 2 Mar 2025): yes to Diabetes or reduced feeling in the feet."
    )
    assert "FootCoach suggests no move up a level until a professional agrees." in safety.lines[2]


def test_notes_only_when_the_person_includes_them(history: History) -> None:
    history.add_pain(pain(TODAY, 5, PainContext.DAY, "after a long\nwalk"))
    history.add_pain(pain(TODAY, 2))
    without = report_of(history, TODAY, TODAY)
    assert all("Notes" not in s.title for s in without.sections)
    with_notes = report_of(history, TODAY, TODAY, include_notes=True)
    notes = with_notes.sections[-1]
    assert notes.table is not None
    assert notes.table.rows == (("23 Mar 2025", "Daytime", "5 (moderate)", "after a long walk"),)
