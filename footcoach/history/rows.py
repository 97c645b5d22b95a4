"""Records to rows and back: the column lists, the INSERT and SELECT statements, day ranges."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from footcoach.factors import DailyFactors, Footwear
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.records import (
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)

if TYPE_CHECKING:
    from footcoach.screening import ScreeningAnswers
    from footcoach.self_tests import SelfTestResult
    from footcoach.trials import Trial

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoutineRow:
    """A stored custom routine; ``steps`` is JSON text that ``footcoach.routines`` validates."""

    id: str
    name: str
    description: str
    note: str
    level: int
    steps: str
    saved: Moment


@dataclass(frozen=True)
class LevelChangeRow:
    """One stored change of a routine's level."""

    id: str
    routine_id: str
    at: Moment
    level: int
    previous_level: int
    reason: str


# --------------------------------------------------------------------------- encoding


def _utc_text(when: datetime) -> str:
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def moment_row(moment: Moment) -> tuple[str, str, int]:
    return _utc_text(moment.utc), moment.local_date.isoformat(), moment.utc_offset_minutes


# Records come many to a day: parse each day's text once.
parse_day = functools.lru_cache(maxsize=8192)(date.fromisoformat)


def _moment(utc: str, day: str, offset: int) -> Moment:
    return Moment(datetime.fromisoformat(utc), parse_day(day), offset)


def pain_row(entry: PainEntry) -> tuple[Any, ...]:
    return (entry.id, *moment_row(entry.at), entry.score, entry.context.value, entry.note)


def session_row(session: SessionRecord) -> tuple[Any, ...]:
    ended = moment_row(session.ended) if session.ended is not None else (None, None, None)
    return (
        session.id,
        session.routine,
        *moment_row(session.started),
        *ended,
        int(session.completed),
    )


def set_row(record: SetRecord) -> tuple[Any, ...]:
    hold = float(record.hold_seconds) if record.hold_seconds is not None else None
    return (
        record.id,
        record.session_id,
        record.exercise_id,
        record.side.value,
        record.set_number,
        *moment_row(record.at),
        record.reps,
        hold,
    )


PAIN_COLUMNS = "id, at_utc, local_date, utc_offset_minutes, score, context, note"
_SESSION_COLUMNS = (
    "id, routine, started_utc, local_date, utc_offset_minutes,"
    " ended_utc, ended_local_date, ended_utc_offset_minutes, completed"
)
_SET_COLUMNS = (
    "id, session_id, exercise_id, side, set_number,"
    " at_utc, local_date, utc_offset_minutes, reps, hold_seconds"
)

INSERT_PAIN = f"INSERT INTO pain_entries ({PAIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
INSERT_SESSION = f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_SET = f"INSERT INTO sets ({_SET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# Bulk writes skip records already stored (a re-import adds nothing) but, unlike OR IGNORE,
# still fail loudly on a CHECK or NOT NULL violation.
NEW_ONLY = " ON CONFLICT (id) DO NOTHING"

SCREENING_COLUMNS = "id, at_utc, local_date, utc_offset_minutes, answers, professional_agreed"
INSERT_SCREENING = f"INSERT INTO screenings ({SCREENING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"


def screening_row(answers: ScreeningAnswers) -> tuple[Any, ...]:
    return (
        answers.id,
        *moment_row(answers.at),
        answers.answers_text(),
        int(answers.professional_agreed),
    )


def screening_from_row(row: Sequence[Any]) -> ScreeningAnswers:
    from footcoach.screening import ScreeningAnswers, parse_answers  # see self_test_from_row

    return ScreeningAnswers(
        id=row[0],
        at=_moment(row[1], row[2], row[3]),
        answers=parse_answers(row[4]),
        professional_agreed=bool(row[5]),
    )


# Reads, with {where} filled from day_range (fixed text; values go in as parameters).
DAY_QUERIES = {
    "pain_entries": f"SELECT {PAIN_COLUMNS} FROM pain_entries WHERE {{where}} ORDER BY at_utc, id",
    "sessions": f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE {{where}} ORDER BY started_utc, id",
    "sets": f"SELECT {_SET_COLUMNS} FROM sets WHERE {{where}} ORDER BY at_utc, set_number, id",
    "daily_pain_means": "SELECT local_date, context, avg(score), count(*) FROM pain_entries"
    " WHERE {where} GROUP BY local_date, context",
    "session_days": "SELECT DISTINCT local_date FROM sessions WHERE {where} AND completed = 1"
    " ORDER BY local_date",
    "high_scores": "SELECT local_date, max(score) FROM pain_entries WHERE {where} AND score >= ?"
    " GROUP BY local_date ORDER BY local_date",
}


def pain_from_row(row: Sequence[Any]) -> PainEntry:
    return PainEntry(
        id=row[0],
        at=_moment(row[1], row[2], row[3]),
        score=row[4],
        context=PainContext(row[5]),
        note=row[6],
    )


def session_from_row(row: Sequence[Any]) -> SessionRecord:
    ended = _moment(row[5], row[6], row[7]) if row[5] is not None else None
    return SessionRecord(
        id=row[0],
        routine=row[1],
        started=_moment(row[2], row[3], row[4]),
        ended=ended,
        completed=bool(row[8]),
    )


def set_from_row(row: Sequence[Any]) -> SetRecord:
    return SetRecord(
        id=row[0],
        session_id=row[1],
        exercise_id=row[2],
        side=Side(row[3]),
        set_number=row[4],
        at=_moment(row[5], row[6], row[7]),
        reps=row[8],
        hold_seconds=row[9],
    )


ROUTINE_COLUMNS = (
    "id, name, description, note, level, steps,"
    " saved_utc, saved_local_date, saved_utc_offset_minutes"
)
LEVEL_COLUMNS = (
    "id, routine_id, at_utc, local_date, utc_offset_minutes, level, previous_level, reason"
)


def routine_row(routine: RoutineRow) -> tuple[Any, ...]:
    return (
        routine.id,
        routine.name,
        routine.description,
        routine.note,
        routine.level,
        routine.steps,
        *moment_row(routine.saved),
    )


def routine_from_row(row: Sequence[Any]) -> RoutineRow:
    return RoutineRow(
        id=row[0],
        name=row[1],
        description=row[2],
        note=row[3],
        level=row[4],
        steps=row[5],
        saved=_moment(row[6], row[7], row[8]),
    )


def level_row(change: LevelChangeRow) -> tuple[Any, ...]:
    return (
        change.id,
        change.routine_id,
        *moment_row(change.at),
        change.level,
        change.previous_level,
        change.reason,
    )


def level_from_row(row: Sequence[Any]) -> LevelChangeRow:
    return LevelChangeRow(
        id=row[0],
        routine_id=row[1],
        at=_moment(row[2], row[3], row[4]),
        level=row[5],
        previous_level=row[6],
        reason=row[7],
    )


def day_range(since: date | None, until: date | None) -> tuple[str, list[str]]:
    """A WHERE fragment on ``local_date`` (inclusive bounds) and its parameters."""
    clauses: list[str] = []
    params: list[str] = []
    if since is not None:
        clauses.append("local_date >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("local_date <= ?")
        params.append(until.isoformat())
    return " AND ".join(clauses) or "1", params


# --------------------------------------------------------------------------- function goals and
# self-tests (schema v3.1)

GOAL_COLUMNS = (
    "id, name, created_utc, created_local_date, created_utc_offset_minutes,"
    " retired_utc, retired_local_date, retired_utc_offset_minutes"
)
RATING_COLUMNS = "id, goal_id, at_utc, local_date, utc_offset_minutes, score"
SELF_TEST_COLUMNS = "id, test, side, at_utc, local_date, utc_offset_minutes, value"
INSERT_GOAL = f"INSERT INTO function_goals ({GOAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_RATING = f"INSERT INTO goal_ratings ({RATING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
INSERT_SELF_TEST = f"INSERT INTO self_tests ({SELF_TEST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"


def goal_row(goal: FunctionGoal) -> tuple[Any, ...]:
    retired = moment_row(goal.retired) if goal.retired is not None else (None, None, None)
    return (goal.id, goal.name, *moment_row(goal.created), *retired)


def goal_from_row(row: Sequence[Any]) -> FunctionGoal:
    retired = _moment(row[5], row[6], row[7]) if row[5] is not None else None
    return FunctionGoal(row[0], row[1], _moment(row[2], row[3], row[4]), retired)


def rating_row(rating: GoalRating) -> tuple[Any, ...]:
    return (rating.id, rating.goal_id, *moment_row(rating.at), rating.score)


def rating_from_row(row: Sequence[Any]) -> GoalRating:
    return GoalRating(row[0], row[1], _moment(row[2], row[3], row[4]), row[5])


def self_test_row(result: SelfTestResult) -> tuple[Any, ...]:
    return (
        result.id,
        result.kind.value,
        result.side.value,
        *moment_row(result.at),
        float(result.value),
    )


def self_test_from_row(row: Sequence[Any]) -> SelfTestResult:
    # Imported on use, as in trial_from_row: a FootCoach waiting for a reminder opens the
    # history without loading the self-tests and trials (about 2 MiB with what they import).
    from footcoach.self_tests import SelfTestKind, SelfTestResult

    return SelfTestResult(
        row[0], SelfTestKind(row[1]), Side(row[2]), _moment(row[3], row[4], row[5]), row[6]
    )


# --------------------------------------------------------------------------- daily factors and
# trials (schema 3.2)

FACTORS_COLUMNS = (
    "id, at_utc, local_date, utc_offset_minutes, footwear, pad, hours_on_feet, high_impact"
)
# One record per local day: a later one replaces the day's answers (its id stays).
SAVE_FACTORS = (
    f"INSERT INTO daily_factors ({FACTORS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (local_date) DO UPDATE SET at_utc = excluded.at_utc,"
    " utc_offset_minutes = excluded.utc_offset_minutes, footwear = excluded.footwear,"
    " pad = excluded.pad, hours_on_feet = excluded.hours_on_feet,"
    " high_impact = excluded.high_impact"
)
# Import keeps a day already recorded (same id or same day) as it is.
IMPORT_FACTORS = (
    f"INSERT INTO daily_factors ({FACTORS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT DO NOTHING"
)
TRIAL_COLUMNS = (
    "id, at_utc, local_date, utc_offset_minutes, change, start_date, block_days, blocks,"
    " first_with, status, ended_utc, ended_local_date, ended_utc_offset_minutes"
)
INSERT_TRIAL = (
    f"INSERT INTO trials ({TRIAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _flag_or_none(value: bool | None) -> int | None:
    return None if value is None else int(value)


def factors_row(factors: DailyFactors) -> tuple[Any, ...]:
    return (
        factors.id,
        *moment_row(factors.at),
        None if factors.footwear is None else factors.footwear.value,
        _flag_or_none(factors.pad),
        factors.hours_on_feet,
        _flag_or_none(factors.high_impact),
    )


def factors_from_row(row: Sequence[Any]) -> DailyFactors:
    return DailyFactors(
        id=row[0],
        at=_moment(row[1], row[2], row[3]),
        footwear=None if row[4] is None else Footwear(row[4]),
        pad=None if row[5] is None else bool(row[5]),
        hours_on_feet=row[6],
        high_impact=None if row[7] is None else bool(row[7]),
    )


def trial_row(trial: Trial) -> tuple[Any, ...]:
    ended = moment_row(trial.ended) if trial.ended is not None else (None, None, None)
    return (
        trial.id,
        *moment_row(trial.created),
        trial.change,
        trial.start.isoformat(),
        trial.block_days,
        trial.blocks,
        int(trial.first_with),
        trial.status.value,
        *ended,
    )


def trial_from_row(row: Sequence[Any]) -> Trial:
    from footcoach.trials import Trial, TrialStatus

    return Trial(
        id=row[0],
        created=_moment(row[1], row[2], row[3]),
        change=row[4],
        start=parse_day(row[5]),
        block_days=row[6],
        blocks=row[7],
        first_with=bool(row[8]),
        status=TrialStatus(row[9]),
        ended=_moment(row[10], row[11], row[12]) if row[10] is not None else None,
    )
