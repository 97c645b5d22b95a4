"""Export and import of the whole history as CSV or JSON (format: ``docs/data-format.md``).

Export writes every pain entry, session and set in a fixed order, so the same history always
gives the same bytes. Import is all or nothing: every row is parsed and checked first, any
problem raises one :class:`DataImportError` naming the row, the field and what was expected,
and nothing is written. Records keep their ids, so importing a file twice adds nothing.
No pickle, no eval: CSV through :mod:`csv`, JSON through :mod:`json`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

from footcoach.errors import FootCoachError
from footcoach.factors import DailyFactors, Footwear
from footcoach.function_goals import FunctionGoal, GoalRating, goal_name
from footcoach.limits import (
    EARLIEST,
    MAX_COLUMNS,
    MAX_HISTORY_FILE_BYTES,
    MAX_HOURS_ON_FEET,
    MAX_NOTE_CHARS,
    MAX_SESSION_ROUTINE_CHARS,
    MAX_TRIAL_BLOCK_DAYS,
    MAX_TRIAL_BLOCKS,
    MIN_TRIAL_BLOCK_DAYS,
    MIN_TRIAL_BLOCKS,
    LimitError,
    check_offset,
    check_text,
    check_trial_change,
    shown,
)
from footcoach.records import (
    PAIN_MAX,
    PAIN_MIN,
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)
from footcoach.screening import ScreeningAnswers, parse_answers
from footcoach.self_tests import FEET, SelfTestKind, SelfTestResult, check_value
from footcoach.trials import Trial, TrialStatus

FORMAT_NAME = "footcoach-history"
FORMAT_VERSION = 3
#: Versions import reads: version 1 CSV wrote times with their offset in one ISO 8601 cell;
#: version 3 added function goals, their ratings, self-tests, daily factors and trials (and
#: their columns).
READABLE_VERSIONS = (1, 2, 3)
EXTENSIONS = (".csv", ".json")
#: Clocks differ between machines; a time up to this far ahead is not "in the future".
FUTURE_TOLERANCE = timedelta(minutes=10)
MAX_REPS = 1000
MAX_SET_NUMBER = 100
MAX_HOLD_SECONDS = 3600.0
MAX_PROBLEMS_KEPT = 100

# Cells starting with one of these are read as formulas by spreadsheets; they get a leading
# apostrophe, and so does a cell that already starts with one, which makes the step reversible.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


_Record = (
    PainEntry
    | SessionRecord
    | SetRecord
    | ScreeningAnswers
    | FunctionGoal
    | GoalRating
    | SelfTestResult
    | DailyFactors
    | Trial
)


class RecordType(StrEnum):
    """The kind of record a row holds."""

    PAIN = "pain"
    SESSION = "session"
    SET = "set"
    SCREENING = "screening"  # answers to the red-flag questions
    GOAL = "goal"  # a function goal (version 3)
    GOAL_RATING = "goal-rating"  # one rating of a function goal (version 3)
    SELF_TEST = "self-test"  # one self-test result of one foot (version 3)
    DAILY_FACTORS = "daily-factors"  # what a day held: shoes, pad, hours on feet, impact
    TRIAL = "trial"  # a fair trial of a change


#: Columns of version 3 (function goals, self-tests, daily factors, trials); their presence
#: marks a version 3 CSV.
V3_COLUMNS: tuple[str, ...] = (
    "name",
    "goal_id",
    "test",
    "value",
    "footwear",
    "pad",
    "hours_on_feet",
    "high_impact",
    "change",
    "start_date",
    "block_days",
    "blocks",
    "first_with",
    "status",
)
#: The CSV header, in order. JSON records use the same names, without the offset columns
#: (in JSON a time carries its offset, as in version 1 CSV).
COLUMNS: tuple[str, ...] = (
    "record_type",
    "local_date",
    "time",
    "utc_offset_minutes",
    "score",
    "context",
    "note",
    "routine",
    "end_time",
    "end_utc_offset_minutes",
    "completed",
    "exercise_id",
    "side",
    "set_number",
    "reps",
    "hold_seconds",
    "answers",
    "professional_agreed",
    *V3_COLUMNS,
    "session_id",
    "id",
    "format_version",
)
#: Columns added after the first release: a file without them still imports.
NEWER_COLUMNS: tuple[str, ...] = ("answers", "professional_agreed")
#: The CSV header of version 2 files.
COLUMNS_V2 = tuple(column for column in COLUMNS if column not in V3_COLUMNS)
#: The CSV header of version 1 files, which import still reads.
COLUMNS_V1 = tuple(column for column in COLUMNS_V2 if not column.endswith("utc_offset_minutes"))
_COLUMNS_OF = {1: COLUMNS_V1, 2: COLUMNS_V2, 3: COLUMNS}
#: CSV (version 2 on) writes a time as the local clock and its offset in a column of its own:
#: spreadsheets read `2024-03-31 08:05:00` as a date-time, and keep a whole number intact.
OFFSET_COLUMNS = {"time": "utc_offset_minutes", "end_time": "end_utc_offset_minutes"}

#: The fields each record type uses (in JSON, exactly these keys); others stay empty in CSV.
FIELDS: dict[RecordType, tuple[str, ...]] = {
    RecordType.PAIN: ("record_type", "id", "local_date", "time", "score", "context", "note"),
    RecordType.SESSION: (
        "record_type",
        "id",
        "local_date",
        "time",
        "routine",
        "end_time",
        "completed",
    ),
    RecordType.SET: (
        "record_type",
        "id",
        "local_date",
        "time",
        "session_id",
        "exercise_id",
        "side",
        "set_number",
        "reps",
        "hold_seconds",
    ),
    RecordType.SCREENING: (
        "record_type",
        "id",
        "local_date",
        "time",
        "answers",
        "professional_agreed",
    ),
    # A goal's time is when it was named, its end_time when it was retired (empty: active).
    RecordType.GOAL: ("record_type", "id", "local_date", "time", "name", "end_time"),
    RecordType.GOAL_RATING: ("record_type", "id", "local_date", "time", "goal_id", "score"),
    RecordType.SELF_TEST: ("record_type", "id", "local_date", "time", "test", "side", "value"),
    RecordType.DAILY_FACTORS: (
        "record_type",
        "id",
        "local_date",
        "time",
        "footwear",
        "pad",
        "hours_on_feet",
        "high_impact",
    ),
    RecordType.TRIAL: (
        "record_type",
        "id",
        "local_date",
        "time",
        "change",
        "start_date",
        "block_days",
        "blocks",
        "first_with",
        "status",
        "end_time",
    ),
}

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_EXERCISE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_WHOLE = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[0-9]{1,9}(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,3})?")
_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(Z|[+-][0-9]{2}:[0-5][0-9])"
)
# The local clock of version 2 CSV; a spreadsheet that saves times as shown may drop seconds.
_LOCAL_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
)
_OFFSET_MINUTES = re.compile(r"-?[0-9]{1,4}")
# How spreadsheets write booleans (LibreOffice and Excel: TRUE/FALSE) and what people type.
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class DataImportError(FootCoachError):
    """An import file that cannot be imported; the message names the row, field and problem."""

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: str | None = None,
        field: str | None = None,
        more: int = 0,
        problems: Sequence[str] = (),
        rows: int = 1,
    ) -> None:
        self.file = file
        self.problem = problem
        self.row = row
        self.field = field
        self.more = more
        self.problems = tuple(problems)
        self.rows = rows
        where = ", ".join(part for part in (row, field) if part)
        if rows > 1:  # one column wrong throughout (a spreadsheet's doing): say it once
            where = f"{field} in {rows} rows (first {row})"
        text = f"{file}: {where}: {problem}" if where else f"{file}: {problem}"
        if more:
            text += f" (and {more} more problem{'s' if more != 1 else ''})"
        # The file name and the values in a problem may hold any character: keep it one line.
        super().__init__(shown(f"{text}; nothing was imported", limit=None))


class DataExportError(FootCoachError):
    """The history could not be written to the export file."""


class HistoryStore(Protocol):
    """What export and import need of ``footcoach.history.History``."""

    def pain_entries(self) -> Sequence[PainEntry]: ...  # noqa: D102

    def sessions(self) -> Sequence[SessionRecord]: ...  # noqa: D102

    def sets(self) -> Sequence[SetRecord]: ...  # noqa: D102

    def screenings(self) -> Sequence[ScreeningAnswers]: ...  # noqa: D102

    def function_goals(self) -> Sequence[FunctionGoal]: ...  # noqa: D102

    def goal_ratings(self) -> Sequence[GoalRating]: ...  # noqa: D102

    def self_test_results(self) -> Sequence[SelfTestResult]: ...  # noqa: D102
    def daily_factors(self) -> Sequence[DailyFactors]: ...  # noqa: D102

    def trials(self) -> Sequence[Trial]: ...  # noqa: D102

    def add_records(  # noqa: D102
        self,
        pain: Sequence[PainEntry] = (),
        sessions: Sequence[SessionRecord] = (),
        sets: Sequence[SetRecord] = (),
        screenings: Sequence[ScreeningAnswers] = (),
        goals: Sequence[FunctionGoal] = (),
        goal_ratings: Sequence[GoalRating] = (),
        self_tests: Sequence[SelfTestResult] = (),
        factors: Sequence[DailyFactors] = (),
        trials: Sequence[Trial] = (),
    ) -> int: ...


@dataclass(frozen=True)
class RecordSet:
    """Pain entries, sessions and sets, as read from a file or to be written to one."""

    pain: tuple[PainEntry, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    sets: tuple[SetRecord, ...] = ()
    screenings: tuple[ScreeningAnswers, ...] = ()
    goals: tuple[FunctionGoal, ...] = ()
    goal_ratings: tuple[GoalRating, ...] = ()
    self_tests: tuple[SelfTestResult, ...] = ()
    factors: tuple[DailyFactors, ...] = ()
    trials: tuple[Trial, ...] = ()

    @property
    def total(self) -> int:
        """Number of records of all kinds."""
        return sum(len(part) for part in self._parts())

    def _parts(self) -> tuple[tuple[object, ...], ...]:
        return (
            self.pain,
            self.sessions,
            self.sets,
            self.screenings,
            self.goals,
            self.goal_ratings,
            self.self_tests,
            self.factors,
            self.trials,
        )


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    pain: int
    sessions: int
    sets: int
    screenings: int = 0
    insights: int = 0  # function goals, their ratings and self-tests
    factors: int = 0
    trials: int = 0

    @property
    def total(self) -> int:
        """Number of records written."""
        return (
            self.pain
            + self.sessions
            + self.sets
            + self.screenings
            + self.insights
            + self.factors
            + self.trials
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import read and how many of those records were new."""

    pain: int
    sessions: int
    sets: int
    added: int
    screenings: int = 0
    insights: int = 0  # function goals, their ratings and self-tests
    factors: int = 0
    trials: int = 0

    @property
    def total(self) -> int:
        """Number of records in the file."""
        return (
            self.pain
            + self.sessions
            + self.sets
            + self.screenings
            + self.insights
            + self.factors
            + self.trials
        )

    @property
    def skipped(self) -> int:
        """Records already in the history (same id), left as they were."""
        return self.total - self.added


# --------------------------------------------------------------------------- export


def export_history(history: HistoryStore, path: str | os.PathLike[str]) -> ExportResult:
    """Write the whole history to ``path`` (``.csv`` or ``.json``), replacing it atomically."""
    records = RecordSet(
        pain=tuple(history.pain_entries()),
        sessions=tuple(history.sessions()),
        sets=tuple(history.sets()),
        screenings=tuple(history.screenings()),
        goals=tuple(history.function_goals()),
        goal_ratings=tuple(history.goal_ratings()),
        self_tests=tuple(history.self_test_results()),
        factors=tuple(history.daily_factors()),
        trials=tuple(history.trials()),
    )
    return write_history_file(path, records)


def write_history_file(path: str | os.PathLike[str], records: RecordSet) -> ExportResult:
    """Write ``records`` to ``path`` in the format its extension names; return the counts."""
    target = Path(path)
    kind = target.suffix.lower()
    if kind not in EXTENSIONS:
        raise DataExportError(f"{target.name}: expected a file name ending in .csv or .json")
    data = encode_records(records, kind)
    write_atomically(target, data)
    return ExportResult(
        target,
        len(records.pain),
        len(records.sessions),
        len(records.sets),
        len(records.screenings),
        _insights(records),
        len(records.factors),
        len(records.trials),
    )


def _insights(records: RecordSet) -> int:
    return len(records.goals) + len(records.goal_ratings) + len(records.self_tests)


def encode_records(records: RecordSet, kind: str) -> bytes:
    """The bytes of ``records`` as a ``.csv`` or ``.json`` history file."""
    rows = [_row_of(record) for record in _ordered(records)]
    if kind == ".json":
        return _encode_json([_with_iso_times(row) for row in rows])
    if kind == ".csv":
        return _encode_csv([_with_local_times(row) for row in rows])
    raise ValueError(f"unknown file kind {kind!r}")


def _ordered(records: RecordSet) -> list[_Record]:
    """Every record in time order; ties broken by kind then id, so the order is unique."""
    keyed: list[tuple[tuple[datetime, int, str], _Record]] = []
    keyed += [((s.started.utc, 0, s.id), s) for s in records.sessions]
    keyed += [((s.at.utc, 1, s.id), s) for s in records.sets]
    keyed += [((p.at.utc, 2, p.id), p) for p in records.pain]
    keyed += [((a.at.utc, 3, a.id), a) for a in records.screenings]
    keyed += [((g.created.utc, 4, g.id), g) for g in records.goals]
    keyed += [((r.at.utc, 5, r.id), r) for r in records.goal_ratings]
    keyed += [((t.at.utc, 6, t.id), t) for t in records.self_tests]
    keyed += [((f.at.utc, 7, f.id), f) for f in records.factors]
    keyed += [((t.created.utc, 8, t.id), t) for t in records.trials]
    keyed.sort(key=lambda item: item[0])
    return [record for _, record in keyed]


def _head(kind: RecordType, ident: str, moment: Moment) -> dict[str, object]:
    """The fields every record starts with: its type, id, local date and time."""
    return {
        "record_type": kind.value,
        "id": ident,
        "local_date": moment.local_date.isoformat(),
        "time": moment,
    }


def _row_of(record: _Record) -> dict[str, object]:
    """The JSON-typed fields of one record (None for an empty optional field)."""
    if isinstance(record, FunctionGoal):
        return {
            **_head(RecordType.GOAL, record.id, record.created),
            "name": record.name,
            "end_time": record.retired,
        }
    if isinstance(record, GoalRating):
        return {
            **_head(RecordType.GOAL_RATING, record.id, record.at),
            "goal_id": record.goal_id,
            "score": record.score,
        }
    if isinstance(record, SelfTestResult):
        return {
            **_head(RecordType.SELF_TEST, record.id, record.at),
            "test": record.kind.value,
            "side": record.side.value,
            "value": record.value,
        }
    if isinstance(record, DailyFactors):
        return {
            **_head(RecordType.DAILY_FACTORS, record.id, record.at),
            "footwear": None if record.footwear is None else record.footwear.value,
            "pad": record.pad,
            "hours_on_feet": record.hours_on_feet,
            "high_impact": record.high_impact,
        }
    if isinstance(record, Trial):
        return {
            **_head(RecordType.TRIAL, record.id, record.created),
            "change": record.change,
            "start_date": record.start.isoformat(),
            "block_days": record.block_days,
            "blocks": record.blocks,
            "first_with": record.first_with,
            "status": record.status.value,
            "end_time": record.ended,
        }
    if isinstance(record, ScreeningAnswers):
        return {
            **_head(RecordType.SCREENING, record.id, record.at),
            "answers": dict(record.answers),
            "professional_agreed": record.professional_agreed,
        }
    if isinstance(record, PainEntry):
        return {
            **_head(RecordType.PAIN, record.id, record.at),
            "score": record.score,
            "context": record.context.value,
            "note": record.note,
        }
    if isinstance(record, SessionRecord):
        return {
            **_head(RecordType.SESSION, record.id, record.started),
            "routine": record.routine,
            "end_time": record.ended,
            "completed": record.completed,
        }
    return {
        **_head(RecordType.SET, record.id, record.at),
        "session_id": record.session_id,
        "exercise_id": record.exercise_id,
        "side": record.side.value,
        "set_number": record.set_number,
        "reps": record.reps,
        "hold_seconds": record.hold_seconds,
    }


def _with_iso_times(row: Mapping[str, object]) -> dict[str, object]:
    return {key: format_time(v) if isinstance(v, Moment) else v for key, v in row.items()}


def _with_local_times(row: Mapping[str, object]) -> dict[str, object]:
    cells = dict(row)
    for key, offset_column in OFFSET_COLUMNS.items():
        moment = row.get(key)
        if isinstance(moment, Moment):
            cells[key] = format_clock(moment, " ")
            cells[offset_column] = moment.utc_offset_minutes
    return cells


def format_time(moment: Moment) -> str:
    """Local wall-clock time with its UTC offset, e.g. ``2024-03-31T08:05:00+02:00``."""
    sign = "-" if moment.utc_offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(moment.utc_offset_minutes), 60)
    return f"{format_clock(moment, 'T')}{sign}{hours:02d}:{minutes:02d}"


def format_clock(moment: Moment, separator: str) -> str:
    """Local wall-clock time, e.g. ``2024-03-31 08:05:00``; fractions only when present."""
    local = moment.local()
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}"
        f"{separator}{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    )
    if local.microsecond:
        text += f".{local.microsecond:06d}"
    return text


def _encode_json(rows: Sequence[Mapping[str, object]]) -> bytes:
    lines = [
        "{",
        f'"format": "{FORMAT_NAME}",',
        f'"version": {FORMAT_VERSION},',
        '"records": [',
    ]
    for index, row in enumerate(rows):
        comma = "," if index < len(rows) - 1 else ""
        lines.append("  " + json.dumps(row, ensure_ascii=False, allow_nan=False) + comma)
    lines += ["]", "}", ""]
    return "\n".join(lines).encode("utf-8")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):  # -240 (an offset) is a number to a spreadsheet, not a formula
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dict):  # a screening's answers: JSON text in one cell
        return neutralise(json.dumps(value, ensure_ascii=False))
    return neutralise(str(value))


def neutralise(cell: str) -> str:
    """Guard a CSV cell against formula injection: prefix ``'`` (reversed by ``restore``)."""
    if cell.startswith(_FORMULA_STARTS) or cell.startswith(_QUOTE):
        return _QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`."""
    return cell[1:] if cell.startswith(_QUOTE) else cell


def _encode_csv(rows: Sequence[Mapping[str, object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = {**row, "format_version": FORMAT_VERSION}
        writer.writerow([_csv_cell(cells.get(column)) for column in COLUMNS])
    # The BOM lets Excel recognise UTF-8 (accents in notes); LibreOffice accepts it too.
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` (private mode) in one step: a reader never sees half a
    file; a ``DataExportError`` names the file on failure."""
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as error:
        raise DataExportError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise DataExportError(f"cannot write {target}: {error.strerror or error}") from None


# --------------------------------------------------------------------------- import


def import_history(
    history: HistoryStore, path: str | os.PathLike[str], *, now: datetime | None = None
) -> ImportResult:
    """Check every record in ``path``, then add the new ones in one transaction.

    Raises :class:`DataImportError` (and writes nothing) if any record is bad.
    """
    known_sessions = {session.id for session in history.sessions()}
    known_goals = {goal.id for goal in history.function_goals()}
    records = read_history_file(
        path, now=now, known_session_ids=known_sessions, known_goal_ids=known_goals
    )
    return import_records(history, records)


def import_records(history: HistoryStore, records: RecordSet) -> ImportResult:
    """Add records already checked by :func:`read_history_file` in one transaction."""
    added = history.add_records(
        pain=records.pain,
        sessions=records.sessions,
        sets=records.sets,
        screenings=records.screenings,
        goals=records.goals,
        goal_ratings=records.goal_ratings,
        self_tests=records.self_tests,
        factors=records.factors,
        trials=records.trials,
    )
    return ImportResult(
        len(records.pain),
        len(records.sessions),
        len(records.sets),
        added,
        len(records.screenings),
        _insights(records),
        len(records.factors),
        len(records.trials),
    )


def read_history_file(
    path: str | os.PathLike[str],
    *,
    now: datetime | None = None,
    known_session_ids: Collection[str] = (),
    known_goal_ids: Collection[str] = (),
) -> RecordSet:
    """Read and check a ``.csv`` or ``.json`` history file; no side effects.

    A set may name a session in the file or one of ``known_session_ids``, a goal rating a
    goal in the file or one of ``known_goal_ids``.
    Raises :class:`DataImportError` on the first bad row (counting the others).
    """
    source = Path(path)
    name = source.name
    kind = source.suffix.lower()
    if kind not in EXTENSIONS:
        raise DataImportError(name, "expected a .csv or .json file (a FootCoach export)")
    text = _read_text(source)
    latest = (now if now is not None else datetime.now(UTC)).astimezone(UTC) + FUTURE_TOLERANCE
    rows = _json_rows(name, text) if kind == ".json" else _csv_rows(name, text)
    checker = _Checker(name, latest, set(known_session_ids), set(known_goal_ids))
    for row in rows:
        checker.check(row)
    return checker.result()


def _read_text(source: Path) -> str:
    name = source.name
    try:
        with source.open("rb") as stream:
            data = stream.read(MAX_HISTORY_FILE_BYTES + 1)
    except OSError as error:
        raise DataImportError(name, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_HISTORY_FILE_BYTES:
        limit = MAX_HISTORY_FILE_BYTES // (1024 * 1024)
        raise DataImportError(name, f"file is larger than {limit} MB; not a FootCoach history")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataImportError(name, "file is UTF-16 or UTF-32 text; save it as UTF-8 and retry")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise DataImportError(
            name, f"not UTF-8 text (byte 0x{byte:02X} on line {line}); save it as UTF-8 and retry"
        ) from None
    if not text.strip():
        raise DataImportError(name, "file is empty")
    return text


@dataclass(frozen=True)
class _Row:
    """One raw record: where it is, whether its values are text (CSV), and the values."""

    label: str  # "row 5" or "record 3"
    field_word: str  # "column" or "field"
    textual: bool
    values: Mapping[str, object]
    version: int = FORMAT_VERSION


def _csv_rows(name: str, text: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[_Row] = []
    header: list[str] | None = None
    version = FORMAT_VERSION
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if header is None:
                header, version = _check_header(name, cells)
                continue
            if not any(cells):
                continue  # blank lines, or rows of empty cells a spreadsheet left behind
            if len(cells) != len(header):
                raise DataImportError(
                    name,
                    f"expected {len(header)} cells (one per header column), got {len(cells)}",
                    row=f"row {number}",
                )
            values = dict.fromkeys((*NEWER_COLUMNS, *V3_COLUMNS), "")  # absent from older files
            values |= {column: restore(cell) for column, cell in zip(header, cells, strict=True)}
            rows.append(_Row(f"row {number}", "column", True, values, version))
    except csv.Error as error:
        raise DataImportError(name, f"not valid CSV ({error})", row=f"row {number + 1}") from None
    return rows


def _check_header(name: str, cells: list[str]) -> tuple[list[str], int]:
    """The header's columns and their format version (version 1 has no offsets).

    Checked in linear time: a hostile header may be very wide.
    """
    if len(cells) > MAX_COLUMNS:
        raise DataImportError(
            name,
            f"the header has {len(cells):,} columns; a FootCoach history has {len(COLUMNS)}",
            row="row 1",
        )
    header = [restore(cell) for cell in cells]
    if not set(header) & set(COLUMNS):
        start = ",".join(header)[:40]
        raise DataImportError(
            name,
            f"not a FootCoach history file: the first row should be the header "
            f"{','.join(COLUMNS[:3])},... (got {start!r})",
            row="row 1",
        )
    duplicates = sorted(column for column, count in Counter(header).items() if count > 1)
    if duplicates:
        raise DataImportError(name, f"duplicate column {', '.join(duplicates)}", row="row 1")
    if not set(header) & set(OFFSET_COLUMNS.values()):
        version = 1
    else:
        version = 3 if set(header) & set(V3_COLUMNS) else 2
    columns = _COLUMNS_OF[version]
    missing = [c for c in columns if c not in header and c not in NEWER_COLUMNS]
    if missing:
        raise DataImportError(name, f"missing column {', '.join(missing)}", row="row 1")
    extra = [column for column in header if column not in columns]
    if extra:
        shown = ", ".join(repr(column[:40]) for column in extra[:5])
        raise DataImportError(
            name, f"unexpected column {shown}; expected only {', '.join(columns)}", row="row 1"
        )
    return header, version


def _json_rows(name: str, text: str) -> list[_Row]:
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise DataImportError(
            name, f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except _DuplicateKey as error:
        raise DataImportError(name, f"not valid JSON (key {error.key!r} given twice)") from None
    except RecursionError:
        raise DataImportError(name, "not valid JSON (nested too deeply)") from None
    except ValueError as error:  # e.g. a number with more digits than Python converts
        raise DataImportError(name, f"not valid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise DataImportError(
            name,
            f'not a FootCoach history file (expected an object with "format": "{FORMAT_NAME}")',
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DataImportError(name, f"field version: expected the number {FORMAT_VERSION}")
    if version not in READABLE_VERSIONS:
        readable = " and ".join(map(str, READABLE_VERSIONS))
        raise DataImportError(
            name,
            f"format version {version} is not one this FootCoach reads (it reads {readable})"
            + ("; update FootCoach" if version > FORMAT_VERSION else ""),
        )
    extra = sorted(set(document) - {"format", "version", "records"})
    if extra:
        raise DataImportError(name, f"unexpected field {', '.join(map(repr, extra[:5]))}")
    records = document.get("records")
    if not isinstance(records, list):
        raise DataImportError(name, 'field records: expected a list ("records": [...])')
    rows: list[_Row] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise DataImportError(name, "expected an object {...}", row=f"record {number}")
        rows.append(_Row(f"record {number}", "field", False, record, version))
    return rows


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _Problem(Exception):
    """A bad field: which one and what was expected."""

    def __init__(self, field: str, expected: str, got: object = None, *, show: bool = True):
        self.field = field
        self.text = f"expected {expected}" + (f", got {_show(got)}" if show else "")
        super().__init__(self.text)

    @classmethod
    def over_limit(cls, field: str, error: LimitError) -> _Problem:
        """The words of ``footcoach.limits``, as every other door shows them."""
        problem = cls(field, "", show=False)
        problem.text = error.problem
        return problem


def _show(value: object) -> str:
    if value is None or value == "":
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_E = TypeVar("_E", bound=StrEnum)


class _Checker:
    """Checks rows one by one, collecting records and problems."""

    def __init__(
        self, name: str, latest: datetime, known_sessions: set[str], known_goals: set[str]
    ) -> None:
        self.name = name
        self.latest = latest
        self.known_sessions = known_sessions
        self.known_goals = known_goals
        self.goals: list[FunctionGoal] = []
        self.goal_ratings: list[GoalRating] = []
        self.self_tests: list[SelfTestResult] = []
        self.rating_labels: dict[str, tuple[str, str]] = {}  # rating id -> (label, field word)
        self.pain: list[PainEntry] = []
        self.sessions: list[SessionRecord] = []
        self.sets: list[SetRecord] = []
        self.screenings: list[ScreeningAnswers] = []
        self.factors: list[DailyFactors] = []
        self.trials: list[Trial] = []
        self.factor_days: dict[date, str] = {}  # local date -> row label (one record a day)
        self.count = 0
        self.problems: list[str] = []
        # The first problem in each field, and how many rows have one there: the error names
        # the field with most, so a column a spreadsheet rewrote is one message, not thousands.
        self.first: dict[str, DataImportError] = {}
        self.per_field: dict[str, int] = {}
        self.failed_ids: set[str] = set()  # ids of bad rows: their sets are not wrong too
        self.seen: dict[str, str] = {}  # id -> row label
        self.set_labels: dict[str, tuple[str, str]] = {}  # set id -> (row label, field word)

    def check(self, row: _Row) -> None:
        try:
            record = self._record(row)
        except _Problem as problem:
            self._fail(row.label, f"{row.field_word} {problem.field}", problem.text)
            if isinstance(row.values.get("id"), str):
                self.failed_ids.add(str(row.values["id"]))
            return
        if record.id in self.seen:
            self._fail(
                row.label,
                f"{row.field_word} id",
                f"expected an id used once, got {_show(record.id)} (also {self.seen[record.id]})",
            )
            return
        self.seen[record.id] = row.label
        if isinstance(record, PainEntry):
            self.pain.append(record)
        elif isinstance(record, SessionRecord):
            self.sessions.append(record)
        elif isinstance(record, ScreeningAnswers):
            self.screenings.append(record)
        elif isinstance(record, FunctionGoal):
            self.goals.append(record)
        elif isinstance(record, GoalRating):
            self.goal_ratings.append(record)
            self.rating_labels[record.id] = (row.label, row.field_word)
        elif isinstance(record, SelfTestResult):
            self.self_tests.append(record)
        elif isinstance(record, DailyFactors):
            day = record.at.local_date
            if day in self.factor_days:
                self._fail(
                    row.label,
                    f"{row.field_word} local_date",
                    f"expected one daily-factors record a day, got {day.isoformat()} "
                    f"(also {self.factor_days[day]})",
                )
                return
            self.factor_days[day] = row.label
            self.factors.append(record)
        elif isinstance(record, Trial):
            self.trials.append(record)
        else:
            self.sets.append(record)
            self.set_labels[record.id] = (row.label, row.field_word)

    def _fail(self, label: str, field: str, problem: str) -> None:
        self.count += 1
        self.per_field[field] = self.per_field.get(field, 0) + 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(f"{label}, {field}: {problem}")
        if field not in self.first:
            self.first[field] = DataImportError(self.name, problem, row=label, field=field)

    def result(self) -> RecordSet:
        session_ids = {session.id for session in self.sessions} | self.known_sessions
        for record in self.sets:
            if record.session_id in self.failed_ids:
                continue
            if record.session_id is not None and record.session_id not in session_ids:
                label, word = self.set_labels[record.id]
                self._fail(
                    label,
                    f"{word} session_id",
                    "expected the id of a session in this file or in the history, "
                    f"got {_show(record.session_id)}",
                )
        goal_ids = {goal.id for goal in self.goals} | self.known_goals
        for rating in self.goal_ratings:
            if rating.goal_id not in goal_ids and rating.goal_id not in self.failed_ids:
                label, word = self.rating_labels[rating.id]
                self._fail(
                    label,
                    f"{word} goal_id",
                    "expected the id of a goal in this file or in the history, "
                    f"got {_show(rating.goal_id)}",
                )
        if self.first:
            field = max(self.per_field, key=self.per_field.__getitem__)
            first, rows = self.first[field], self.per_field[field]
            raise DataImportError(
                self.name,
                first.problem,
                row=first.row,
                field=first.field,
                more=self.count - rows,
                problems=self.problems,
                rows=rows,
            )
        return RecordSet(
            tuple(self.pain),
            tuple(self.sessions),
            tuple(self.sets),
            tuple(self.screenings),
            tuple(self.goals),
            tuple(self.goal_ratings),
            tuple(self.self_tests),
            tuple(self.factors),
            tuple(self.trials),
        )

    # -- one record

    def _record(self, row: _Row) -> _Record:
        kind = self._choice(row, "record_type", RecordType)
        fields = FIELDS[kind]
        if row.textual:
            used = {*fields, "format_version"}
            if row.version > 1:
                used |= {OFFSET_COLUMNS[key] for key in fields if key in OFFSET_COLUMNS}
            for column in row.values:
                if column not in used and row.values[column]:
                    raise _Problem(column, f"nothing for a {kind} row", row.values[column])
            version = row.values["format_version"]
            if version != str(row.version):
                raise _Problem(
                    "format_version", f"{row.version} (the version of this file's header)", version
                )
        else:
            for key in fields:
                if key not in row.values:
                    raise _Problem(key, f"this field in a {kind} record", show=False)
            for key in row.values:
                if key not in fields:
                    raise _Problem(
                        str(key)[:40], f"only the fields {', '.join(fields)}", show=False
                    )
        record_id = self._match(row, "id", _ID, "an id of letters, digits, - or _ (at most 64)")
        at = self._moment(row, "time", "local_date")
        if kind is RecordType.PAIN:
            return PainEntry(
                id=record_id,
                at=at,
                score=self._whole(row, "score", PAIN_MIN, PAIN_MAX, "a whole number from 0 to 10"),
                context=self._choice(row, "context", PainContext),
                note=self._text(row, "note", MAX_NOTE_CHARS, lines=True) or "",
            )
        if kind is RecordType.SESSION:
            routine = self._text(row, "routine", MAX_SESSION_ROUTINE_CHARS, lines=False)
            if not routine:
                raise _Problem("routine", "the routine's name", routine)
            ended = self._end(row, at)
            completed = self._flag(row, "completed")
            if completed and ended is None:
                raise _Problem(
                    "completed", "false for a session with no end_time", True, show=False
                )
            return SessionRecord(record_id, routine, at, ended, completed)
        if kind is RecordType.SCREENING:
            return ScreeningAnswers(
                record_id, at, self._answers(row), self._flag(row, "professional_agreed")
            )
        if kind is RecordType.GOAL:
            return FunctionGoal(record_id, self._goal_name(row), at, self._end(row, at))
        if kind is RecordType.GOAL_RATING:
            return GoalRating(
                id=record_id,
                goal_id=self._match(row, "goal_id", _ID, "the id of a goal"),
                at=at,
                score=self._whole(row, "score", 0, 10, "a whole number from 0 to 10"),
            )
        if kind is RecordType.SELF_TEST:
            test = self._choice(row, "test", SelfTestKind)
            return SelfTestResult(
                id=record_id,
                kind=test,
                side=self._foot(row),
                at=at,
                value=self._test_value(row, test),
            )
        if kind is RecordType.DAILY_FACTORS:
            return self._daily_factors(row, record_id, at)
        if kind is RecordType.TRIAL:
            return self._trial(row, record_id, at)
        session_id = self._optional(row, "session_id")
        if session_id is not None:
            session_id = self._match(row, "session_id", _ID, "a session id or nothing")
        reps = self._optional_whole(row, "reps", 0, MAX_REPS)
        hold = self._hold(row)
        if reps is None and hold is None:
            raise _Problem("reps", "reps or hold_seconds (or both) for a set", show=False)
        return SetRecord(
            id=record_id,
            session_id=session_id,
            exercise_id=self._match(
                row, "exercise_id", _EXERCISE_ID, "an exercise id like heel-raises"
            ),
            side=self._choice(row, "side", Side),
            set_number=self._whole(
                row, "set_number", 1, MAX_SET_NUMBER, f"a whole number from 1 to {MAX_SET_NUMBER}"
            ),
            at=at,
            reps=reps,
            hold_seconds=hold,
        )

    def _daily_factors(self, row: _Row, record_id: str, at: Moment) -> DailyFactors:
        footwear = self._optional(row, "footwear")
        factors = DailyFactors(
            id=record_id,
            at=at,
            footwear=None if footwear is None else self._choice(row, "footwear", Footwear),
            pad=self._optional_flag(row, "pad"),
            hours_on_feet=self._optional_whole(row, "hours_on_feet", 0, MAX_HOURS_ON_FEET),
            high_impact=self._optional_flag(row, "high_impact"),
        )
        if factors.is_empty:
            raise _Problem("footwear", "at least one of footwear, pad, hours_on_feet, high_impact")
        return factors

    def _trial(self, row: _Row, record_id: str, at: Moment) -> Trial:
        change = self._string(row, "change", "the change the trial tests")
        try:
            change = check_trial_change(change)
        except LimitError as error:
            raise _Problem.over_limit("change", error) from None
        start_text = self._string(row, "start_date", "a date like 2024-03-31")
        try:
            start = date.fromisoformat(start_text)
        except ValueError:
            raise _Problem("start_date", "a date like 2024-03-31", start_text) from None
        if start_text != start.isoformat():
            raise _Problem("start_date", "a date like 2024-03-31", start_text)
        block_days = self._whole(
            row,
            "block_days",
            MIN_TRIAL_BLOCK_DAYS,
            MAX_TRIAL_BLOCK_DAYS,
            f"a whole number from {MIN_TRIAL_BLOCK_DAYS} to {MAX_TRIAL_BLOCK_DAYS}",
        )
        expected_blocks = f"an even number from {MIN_TRIAL_BLOCKS} to {MAX_TRIAL_BLOCKS}"
        blocks = self._whole(row, "blocks", MIN_TRIAL_BLOCKS, MAX_TRIAL_BLOCKS, expected_blocks)
        if blocks % 2:
            raise _Problem("blocks", expected_blocks, row.values["blocks"])
        first_with = self._flag(row, "first_with")
        status = self._choice(row, "status", TrialStatus)
        ended = self._end(row, at)
        if (status is TrialStatus.RUNNING) != (ended is None):
            raise _Problem(
                "end_time", "an end_time exactly when the status is not running", show=False
            )
        return Trial(record_id, at, change, start, block_days, blocks, first_with, status, ended)

    def _optional_flag(self, row: _Row, key: str) -> bool | None:
        if self._optional(row, key) is None:
            return None
        return self._flag(row, key)

    # -- fields

    @staticmethod
    def _optional(row: _Row, key: str) -> object:
        if key not in row.values:  # only JSON records can lack a key
            raise _Problem(key, "this field", show=False)
        value = row.values[key]
        return None if row.textual and value == "" else value

    def _string(self, row: _Row, key: str, expected: str) -> str:
        value = self._optional(row, key)
        if not isinstance(value, str):
            raise _Problem(key, expected, value)
        return value

    def _match(self, row: _Row, key: str, pattern: re.Pattern[str], expected: str) -> str:
        value = self._string(row, key, expected)
        if not pattern.fullmatch(value):
            raise _Problem(key, expected, value)
        return value

    def _choice(self, row: _Row, key: str, kind: type[_E]) -> _E:
        expected = "one of " + ", ".join(member.value for member in kind)
        value = self._string(row, key, expected)
        try:
            return kind(value)
        except ValueError:
            raise _Problem(key, expected, value) from None

    def _text(self, row: _Row, key: str, limit: int, *, lines: bool) -> str | None:
        value = self._optional(row, key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise _Problem(key, "text", value)
        try:
            return check_text(value, limit, lines=lines)
        except LimitError as error:
            raise _Problem.over_limit(key, error) from None

    def _whole(self, row: _Row, key: str, low: int, high: int, expected: str) -> int:
        value = self._optional_whole(row, key, low, high, expected)
        if value is None:
            raise _Problem(key, expected, None)
        return value

    def _optional_whole(
        self, row: _Row, key: str, low: int, high: int, expected: str | None = None
    ) -> int | None:
        expected = expected or f"a whole number from {low} to {high} or nothing"
        value = self._optional(row, key)
        if value is None:
            return None
        number: int
        if row.textual and isinstance(value, str) and _WHOLE.fullmatch(value):
            number = int(value)
        elif not row.textual and isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raise _Problem(key, expected, value)
        if not low <= number <= high:
            raise _Problem(key, expected, value)
        return number

    def _hold(self, row: _Row) -> float | None:
        key = "hold_seconds"
        expected = f"seconds from 0 to {MAX_HOLD_SECONDS:g} (like 20 or 17.5) or nothing"
        value = self._optional(row, key)
        if value is None:
            return None
        number: float
        if row.textual and isinstance(value, str) and _DECIMAL.fullmatch(value):
            number = float(value)
        elif not row.textual and isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            raise _Problem(key, expected, value)
        if not math.isfinite(number) or not 0 <= number <= MAX_HOLD_SECONDS:
            raise _Problem(key, expected, value)
        return number

    def _goal_name(self, row: _Row) -> str:
        value = self._optional(row, "name")
        if not isinstance(value, str):
            raise _Problem("name", "the goal's name", value)
        try:
            return goal_name(value)
        except LimitError as error:
            raise _Problem.over_limit("name", error) from None

    def _foot(self, row: _Row) -> Side:
        side = self._choice(row, "side", Side)
        if side not in FEET:
            raise _Problem("side", "left or right for a self-test", side.value)
        return side

    def _test_value(self, row: _Row, test: SelfTestKind) -> float:
        expected = f"a number from 0 to {test.maximum} for {test.value}"
        if not test.timed:
            expected = f"a whole number from 0 to {test.maximum} for {test.value}"
        value = self._optional(row, "value")
        number: float
        if row.textual and isinstance(value, str) and _DECIMAL.fullmatch(value):
            number = float(value)
        elif not row.textual and isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            raise _Problem("value", expected, value)
        try:
            return check_value(test, number)
        except ValueError:
            raise _Problem("value", expected, value) from None

    def _answers(self, row: _Row) -> tuple[tuple[str, bool], ...]:
        value = self._optional(row, "answers")
        try:
            return parse_answers(value)
        except ValueError:
            raise _Problem(
                "answers", "a JSON object of question ids to true or false", value
            ) from None

    def _flag(self, row: _Row, key: str) -> bool:
        value = self._optional(row, key)
        if row.textual and isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        if not row.textual and isinstance(value, bool):
            return value
        raise _Problem(key, "true or false", value)

    def _moment(self, row: _Row, key: str, date_key: str) -> Moment:
        instant, offset = self._instant(row, key)
        expected_date = instant.astimezone(timezone(timedelta(minutes=offset))).date()
        text = self._string(row, date_key, f"the local date {expected_date.isoformat()}")
        if text != expected_date.isoformat():
            raise _Problem(date_key, f"{expected_date.isoformat()} (the date in {key})", text)
        return Moment(utc=instant, local_date=expected_date, utc_offset_minutes=offset)

    def _end(self, row: _Row, start: Moment) -> Moment | None:
        if self._optional(row, "end_time") is None:
            column = OFFSET_COLUMNS["end_time"]
            if row.textual and row.values.get(column):
                raise _Problem(column, "nothing when end_time is empty", row.values[column])
            return None
        instant, offset = self._instant(row, "end_time")
        if instant < start.utc:
            raise _Problem("end_time", "a time at or after the start (the time column)", show=False)
        return Moment.from_datetime(instant.astimezone(timezone(timedelta(minutes=offset))))

    def _instant(self, row: _Row, key: str) -> tuple[datetime, int]:
        """An aware UTC datetime and its offset in minutes, from a time with offset."""
        if row.textual and row.version > 1:
            expected = "a date and time like 2024-03-31 08:05:00"
            value = self._string(row, key, expected)
            match = _LOCAL_TIME.fullmatch(value)
            if not match:
                raise _Problem(key, expected, value)
            year, month, day, hour, minute, second, fraction = match.groups()
            offset = self._offset(row, OFFSET_COLUMNS[key])
        else:
            expected = "a date and time like 2024-03-31T08:05:00+02:00"
            value = self._string(row, key, expected)
            match = _TIME.fullmatch(value)
            if not match:
                raise _Problem(key, expected, value)
            year, month, day, hour, minute, second, fraction, zone = match.groups()
            if zone == "Z":
                offset = 0
            else:
                offset = int(zone[1:3]) * 60 + int(zone[4:6])
                offset = -offset if zone[0] == "-" else offset
        try:
            check_offset(timedelta(minutes=offset))
        except LimitError as error:
            raise _Problem.over_limit(key, error) from None
        try:
            local = datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second or "0"),
                int((fraction or "0").ljust(6, "0")),
                tzinfo=timezone(timedelta(minutes=offset)),
            )
            instant = local.astimezone(UTC)
        except (ValueError, OverflowError):
            raise _Problem(key, expected + " (a real calendar date)", value) from None
        if instant < EARLIEST:
            raise _Problem(key, "a time in 1970 or later", value)
        if instant > self.latest:
            raise _Problem(key, "a time that is not in the future", value)
        return instant, offset

    def _offset(self, row: _Row, key: str) -> int:
        expected = "the UTC offset in whole minutes (like 120 or -300)"
        value = self._string(row, key, expected)
        if not _OFFSET_MINUTES.fullmatch(value):
            raise _Problem(key, expected, value)
        try:
            return check_offset(timedelta(minutes=int(value)))
        except LimitError as error:
            raise _Problem.over_limit(key, error) from None
