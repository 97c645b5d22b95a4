"""Records to rows and back: the column lists, the INSERT and SELECT statements, day ranges."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from footcoach.records import (
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)
from footcoach.screening import ScreeningAnswers, parse_answers

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
