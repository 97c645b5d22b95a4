"""The history store: one SQLite file holding pain entries, sessions and completed sets.

``History`` is the one way code reads and writes history; no SQL lives outside this module.
Opening a data dir creates the database, checks it, refuses a damaged file untouched
(:class:`HistoryDamagedError` names the backup to restore; nothing starts a new history on its
own), migrates an older schema after taking a copy, refuses a newer one untouched, and takes a
daily backup. Where nothing can be written (a read-only disk, a full disk, no permission),
:meth:`History.open_read_only` reads the history without writing a byte beside it. Every
write is one transaction, committed (``synchronous=FULL``) before the call returns.
Environment problems (disk full, locked, read-only, unreadable) become :class:`HistoryError`
with one plain line; anything else is a bug and stays loud.

Schema v1, one row per record, each stamped with its UTC instant (``YYYY-MM-DDTHH:MM:SS.ffffffZ``
text, which sorts as time), the person's local date (``YYYY-MM-DD``) and UTC offset then::

    pain_entries(id, at_utc, local_date, utc_offset_minutes, score, context, note)
    sessions(id, routine, started_utc, local_date, utc_offset_minutes,
             ended_utc, ended_local_date, ended_utc_offset_minutes, completed)
    sets(id, session_id -> sessions, exercise_id, side, set_number,
         at_utc, local_date, utc_offset_minutes, reps, hold_seconds)
    meta(key, value)

Schema v2 adds custom routines and the log of level changes (see ``footcoach.routines``)::

    routines(id, name, description, note, level, steps (JSON text),
             saved_utc, saved_local_date, saved_utc_offset_minutes)
    routine_levels(id, routine_id, at_utc, local_date, utc_offset_minutes,
                   level, previous_level, reason)

Day-range queries go through indexes that lead with ``local_date``, so their cost follows the
days asked for, not the rows stored.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shlex
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from footcoach import paths
from footcoach.errors import FootCoachError
from footcoach.records import (
    DailyMean,
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)
from footcoach.screening import ScreeningAnswers, parse_answers

log = logging.getLogger(__name__)

DB_FILE_NAME = "history.sqlite3"
BACKUP_DIR_NAME = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
# Long enough to ride out another process's commit, short enough that a person is not left
# waiting on a stuck lock.
BUSY_TIMEOUT_MS = 2000
# "FCh1" in the header: lets us tell our files from any other SQLite database.
APPLICATION_ID = 0x46436831
COUNT_KEYS = ("pain_entries", "sessions", "sets")
MIN_SQLITE = (3, 37, 0)  # STRICT tables

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_DAILY_NAME = re.compile(r"^history-(\d{4}-\d{2}-\d{2})\.sqlite3$")
_MIGRATION_NAME = re.compile(r"^history-v(\d+)-before-migration-(\d{8}T\d{6}Z)(?:-\d+)?\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%SZ"
_CONTEXT_RANK = {context.value: index for index, context in enumerate(PainContext)}
_CONTEXT_BY_VALUE = {context.value: context for context in PainContext}


class HistoryError(FootCoachError):
    """The history cannot be read or written because of the environment or a damaged file."""


class HistoryDamagedError(HistoryError):
    """The history file is damaged. It was left byte for byte as it was, and nothing opened.

    The CLI prints the message (one line naming the backup to restore); the GUI offers
    ``backup`` instead. Both reach it the same way, whichever command found the damage.
    """

    def __init__(self, data_dir: Path, reason: str, backup: BackupInfo | None) -> None:
        self.data_dir = Path(data_dir)
        self.path = database_path(self.data_dir)
        self.reason = reason
        self.backup = backup
        super().__init__(_damage_message(self.data_dir, reason, backup))


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was taken, of what kind, and what it holds."""

    path: Path
    day: date
    kind: str  # "daily", "pre-migration" or "other"
    schema_version: int | None
    counts: Mapping[str, int] | None  # None when the file cannot be read

    @property
    def readable(self) -> bool:
        """Whether the file opened as a FootCoach history and its rows could be counted."""
        return self.counts is not None

    @property
    def records(self) -> int:
        """How many pain entries, sessions and sets it holds (0 when unreadable)."""
        return sum(self.counts.values()) if self.counts else 0


@dataclass(frozen=True)
class Health:
    """The result of :func:`check_health`: healthy or not, with a one-line reason."""

    path: Path
    exists: bool
    ok: bool
    reason: str
    schema_version: int | None
    counts: Mapping[str, int] | None
    problems: tuple[str, ...] = ()
    #: The file is damaged (not merely foreign or newer): ``reason`` says how.
    damaged: bool = False


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


# --------------------------------------------------------------------------- schema

_UTC_GLOB = (
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
    ".[0-9][0-9][0-9][0-9][0-9][0-9]Z'"
)


def _moment_columns(utc: str, day: str, offset: str, *, nullable: bool = False) -> str:
    """Column definitions for one Moment, with checks that keep text sortable as time."""
    null = "" if nullable else " NOT NULL"
    return (
        f"{utc} TEXT{null} CHECK ({utc} GLOB {_UTC_GLOB}),\n"
        f"    {day} TEXT{null} CHECK (date({day}) IS {day}),\n"
        f"    {offset} INTEGER{null} CHECK ({offset} BETWEEN -1440 AND 1440)"
    )


_ENDED_COLUMNS = _moment_columns(
    "ended_utc", "ended_local_date", "ended_utc_offset_minutes", nullable=True
)
_CONTEXTS = ", ".join(f"'{context.value}'" for context in PainContext)
_SIDES = ", ".join(f"'{side.value}'" for side in Side)

_V1_STATEMENTS = (
    f"""CREATE TABLE pain_entries (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    context TEXT NOT NULL CHECK (context IN ({_CONTEXTS})),
    note TEXT NOT NULL DEFAULT ''
) STRICT""",
    # Covers the daily means (GROUP BY local_date, context) without touching the table.
    "CREATE INDEX pain_entries_by_day ON pain_entries (local_date, context, score)",
    f"""CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    routine TEXT NOT NULL,
    {_moment_columns("started_utc", "local_date", "utc_offset_minutes")},
    {_ENDED_COLUMNS},
    completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    CHECK ((ended_utc IS NULL) = (ended_local_date IS NULL)
           AND (ended_utc IS NULL) = (ended_utc_offset_minutes IS NULL)),
    CHECK (completed = 0 OR ended_utc IS NOT NULL)
) STRICT""",
    "CREATE INDEX sessions_by_day ON sessions (local_date, completed)",
    f"""CREATE TABLE sets (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    session_id TEXT REFERENCES sessions (id),
    exercise_id TEXT NOT NULL CHECK (exercise_id <> ''),
    side TEXT NOT NULL CHECK (side IN ({_SIDES})),
    set_number INTEGER NOT NULL CHECK (set_number >= 1),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    reps INTEGER CHECK (reps >= 0),
    hold_seconds REAL CHECK (hold_seconds >= 0),
    CHECK (reps IS NOT NULL OR hold_seconds IS NOT NULL)
) STRICT""",
    # The foreign key needs its own index, else each session lookup scans every set.
    "CREATE INDEX sets_by_session ON sets (session_id)",
    "CREATE INDEX sets_by_day ON sets (local_date)",
    """CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID""",
    f"PRAGMA application_id = {APPLICATION_ID:d}",
)


def _create_v1(connection: sqlite3.Connection) -> None:
    for statement in _V1_STATEMENTS:
        connection.execute(statement)


# v2: custom routines (steps as JSON text, validated on read by footcoach.routines) and every
# change of a routine's level. Built-in routines live in assets/routines.toml, so level rows
# name a routine id without a foreign key.
_V2_STATEMENTS = (
    f"""CREATE TABLE routines (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    description TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    steps TEXT NOT NULL,
    {_moment_columns("saved_utc", "saved_local_date", "saved_utc_offset_minutes")}
) STRICT""",
    "CREATE UNIQUE INDEX routines_by_name ON routines (name COLLATE NOCASE)",
    f"""CREATE TABLE routine_levels (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    routine_id TEXT NOT NULL CHECK (routine_id <> ''),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    previous_level INTEGER NOT NULL CHECK (previous_level BETWEEN 1 AND 5),
    reason TEXT NOT NULL CHECK (trim(reason) <> '')
) STRICT""",
    "CREATE INDEX routine_levels_by_routine ON routine_levels (routine_id, at_utc)",
)


def _create_v2(connection: sqlite3.Connection) -> None:
    for statement in _V2_STATEMENTS:
        connection.execute(statement)


# v3: the answers to the red-flag questions asked before the first exercise, every time they
# were given (the newest count). Answers are a JSON object of question id to true/false,
# checked by footcoach.screening on write and read (JSON functions are refused in a CHECK
# while the schema is not trusted).
_V3_STATEMENTS = (
    f"""CREATE TABLE screenings (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    answers TEXT NOT NULL CHECK (answers LIKE '{{%}}'),
    professional_agreed INTEGER NOT NULL CHECK (professional_agreed IN (0, 1))
) STRICT""",
)


def _create_v3(connection: sqlite3.Connection) -> None:
    for statement in _V3_STATEMENTS:
        connection.execute(statement)


# Step i turns schema version i into i + 1; each runs inside one transaction. Steps never
# change once released: a new schema is a new step appended here.
_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1, _create_v2, _create_v3]
SCHEMA_VERSION = len(_MIGRATIONS)


def _latest_version() -> int:
    return len(_MIGRATIONS)


# --------------------------------------------------------------------------- errors

# Primary SQLite result codes that come from the environment, not from our code.
_ENVIRONMENT_CODES = {
    3: "permission denied",  # SQLITE_PERM
    5: "the history is in use by another program",  # SQLITE_BUSY
    6: "the history is locked",  # SQLITE_LOCKED
    7: "out of memory",  # SQLITE_NOMEM
    8: "the history file or its folder is read-only",  # SQLITE_READONLY
    10: "the disk could not be read or written",  # SQLITE_IOERR
    11: "the history file is damaged",  # SQLITE_CORRUPT
    13: "the disk is full",  # SQLITE_FULL
    14: "the history file cannot be opened",  # SQLITE_CANTOPEN
    15: "the history is locked",  # SQLITE_PROTOCOL
    26: "the history file is not a database",  # SQLITE_NOTADB
}
_DAMAGE_CODES = {11, 26}


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _environment_reason(error: sqlite3.Error) -> str | None:
    code = _primary_code(error)
    return None if code is None else _ENVIRONMENT_CODES.get(code)


@contextmanager
def _translated(action: str, path: Path) -> Iterator[None]:
    """Turn environment failures into a one-line HistoryError; let bugs through untouched."""
    try:
        yield
    except sqlite3.Error as error:
        reason = _environment_reason(error)
        if reason is None:
            raise
        if _primary_code(error) in _DAMAGE_CODES and path.name == DB_FILE_NAME:
            raise damaged_error(path.parent, str(error)) from error
        raise HistoryError(f"Cannot {action}: {reason} ({path})") from error
    except OSError as error:
        where = error.filename or path
        raise HistoryError(f"Cannot {action}: {error.strerror or error} ({where})") from error


# --------------------------------------------------------------------------- encoding


def _utc_text(when: datetime) -> str:
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _moment_row(moment: Moment) -> tuple[str, str, int]:
    return _utc_text(moment.utc), moment.local_date.isoformat(), moment.utc_offset_minutes


# Records come many to a day: parse each day's text once.
_parse_day = functools.lru_cache(maxsize=8192)(date.fromisoformat)


def _moment(utc: str, day: str, offset: int) -> Moment:
    return Moment(datetime.fromisoformat(utc), _parse_day(day), offset)


def _pain_row(entry: PainEntry) -> tuple[Any, ...]:
    return (entry.id, *_moment_row(entry.at), entry.score, entry.context.value, entry.note)


def _session_row(session: SessionRecord) -> tuple[Any, ...]:
    ended = _moment_row(session.ended) if session.ended is not None else (None, None, None)
    return (
        session.id,
        session.routine,
        *_moment_row(session.started),
        *ended,
        int(session.completed),
    )


def _set_row(record: SetRecord) -> tuple[Any, ...]:
    hold = float(record.hold_seconds) if record.hold_seconds is not None else None
    return (
        record.id,
        record.session_id,
        record.exercise_id,
        record.side.value,
        record.set_number,
        *_moment_row(record.at),
        record.reps,
        hold,
    )


_PAIN_COLUMNS = "id, at_utc, local_date, utc_offset_minutes, score, context, note"
_SESSION_COLUMNS = (
    "id, routine, started_utc, local_date, utc_offset_minutes,"
    " ended_utc, ended_local_date, ended_utc_offset_minutes, completed"
)
_SET_COLUMNS = (
    "id, session_id, exercise_id, side, set_number,"
    " at_utc, local_date, utc_offset_minutes, reps, hold_seconds"
)

_INSERT_PAIN = f"INSERT INTO pain_entries ({_PAIN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
_INSERT_SESSION = f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_SET = f"INSERT INTO sets ({_SET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# Bulk writes skip records already stored (a re-import adds nothing) but, unlike OR IGNORE,
# still fail loudly on a CHECK or NOT NULL violation.
_NEW_ONLY = " ON CONFLICT (id) DO NOTHING"

_SCREENING_COLUMNS = "id, at_utc, local_date, utc_offset_minutes, answers, professional_agreed"
_INSERT_SCREENING = f"INSERT INTO screenings ({_SCREENING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"


def _screening_row(answers: ScreeningAnswers) -> tuple[Any, ...]:
    return (
        answers.id,
        *_moment_row(answers.at),
        answers.answers_text(),
        int(answers.professional_agreed),
    )


def _screening_from_row(row: Sequence[Any]) -> ScreeningAnswers:
    return ScreeningAnswers(
        id=row[0],
        at=_moment(row[1], row[2], row[3]),
        answers=parse_answers(row[4]),
        professional_agreed=bool(row[5]),
    )


# Reads, with {where} filled from _day_range (fixed text; values go in as parameters).
_SELECT = {
    "pain_entries": f"SELECT {_PAIN_COLUMNS} FROM pain_entries WHERE {{where}} ORDER BY at_utc, id",
    "sessions": f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE {{where}} ORDER BY started_utc, id",
    "sets": f"SELECT {_SET_COLUMNS} FROM sets WHERE {{where}} ORDER BY at_utc, set_number, id",
    "daily_pain_means": "SELECT local_date, context, avg(score), count(*) FROM pain_entries"
    " WHERE {where} GROUP BY local_date, context",
    "session_days": "SELECT DISTINCT local_date FROM sessions WHERE {where} AND completed = 1"
    " ORDER BY local_date",
    "high_scores": "SELECT local_date, max(score) FROM pain_entries WHERE {where} AND score >= ?"
    " GROUP BY local_date ORDER BY local_date",
}


def _pain_from_row(row: Sequence[Any]) -> PainEntry:
    return PainEntry(
        id=row[0],
        at=_moment(row[1], row[2], row[3]),
        score=row[4],
        context=PainContext(row[5]),
        note=row[6],
    )


def _session_from_row(row: Sequence[Any]) -> SessionRecord:
    ended = _moment(row[5], row[6], row[7]) if row[5] is not None else None
    return SessionRecord(
        id=row[0],
        routine=row[1],
        started=_moment(row[2], row[3], row[4]),
        ended=ended,
        completed=bool(row[8]),
    )


def _set_from_row(row: Sequence[Any]) -> SetRecord:
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


_ROUTINE_COLUMNS = (
    "id, name, description, note, level, steps,"
    " saved_utc, saved_local_date, saved_utc_offset_minutes"
)
_LEVEL_COLUMNS = (
    "id, routine_id, at_utc, local_date, utc_offset_minutes, level, previous_level, reason"
)


def _routine_row(routine: RoutineRow) -> tuple[Any, ...]:
    return (
        routine.id,
        routine.name,
        routine.description,
        routine.note,
        routine.level,
        routine.steps,
        *_moment_row(routine.saved),
    )


def _routine_from_row(row: Sequence[Any]) -> RoutineRow:
    return RoutineRow(
        id=row[0],
        name=row[1],
        description=row[2],
        note=row[3],
        level=row[4],
        steps=row[5],
        saved=_moment(row[6], row[7], row[8]),
    )


def _level_row(change: LevelChangeRow) -> tuple[Any, ...]:
    return (
        change.id,
        change.routine_id,
        *_moment_row(change.at),
        change.level,
        change.previous_level,
        change.reason,
    )


def _level_from_row(row: Sequence[Any]) -> LevelChangeRow:
    return LevelChangeRow(
        id=row[0],
        routine_id=row[1],
        at=_moment(row[2], row[3], row[4]),
        level=row[5],
        previous_level=row[6],
        reason=row[7],
    )


def _day_range(since: date | None, until: date | None) -> tuple[str, list[str]]:
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


# --------------------------------------------------------------------------- files


def database_path(data_dir: Path) -> Path:
    """Where the history database of ``data_dir`` lives."""
    return Path(data_dir) / DB_FILE_NAME


def backup_dir(data_dir: Path) -> Path:
    """Where the backups of ``data_dir`` live."""
    return Path(data_dir) / BACKUP_DIR_NAME


def _companions(path: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it (which belong with it)."""
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def _has_companions(path: Path) -> bool:
    return any(companion.exists() for companion in _companions(path)[1:])


def _remove_inspection_leftovers(path: Path, existed: set[Path]) -> None:
    """Remove the shm and empty WAL that our read-only look created, so only the person's
    files travel with the damaged one (an shm is a rebuildable index, never data)."""
    for companion in _companions(path)[1:]:
        if companion in existed or not companion.exists():
            continue
        if companion.name.endswith("-shm") or companion.stat().st_size == 0:
            companion.unlink()


def _move_aside(path: Path, label: str) -> Path:
    """Rename ``path`` (and its WAL, shm, journal) to ``<name>.<label>-<timestamp>``; keep all."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    base = path.with_name(f"{path.name}.{label}-{stamp}")
    serial = 1
    while any(p.exists() for p in _companions(base)):
        serial += 1
        base = path.with_name(f"{path.name}.{label}-{stamp}-{serial}")
    for source, target in zip(_companions(path), _companions(base), strict=True):
        if source.exists():
            os.replace(source, target)
    return base


def _create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (SQLite gives its WAL and shm the same mode)."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _file_problem(path: Path) -> str | None:
    """Why the file cannot be a whole SQLite database, judged from its size and header alone.

    SQLite reads a file shorter than its header as an empty database, and a file cut inside
    its last page can pass ``quick_check``; both mean lost rows, so we catch them here.
    """
    size = path.stat().st_size
    if size == 0:
        return None  # SQLite's own fresh file: nothing was ever committed to it
    with path.open("rb") as handle:
        header = handle.read(_HEADER_SIZE)
    if not header.startswith(_MAGIC[: len(header)]) or len(header) < len(_MAGIC):
        return "it is not a database"
    if len(header) < _HEADER_SIZE:
        return f"it is truncated to {size} bytes"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # The WAL may hold pages a checkpoint had not finished writing: let SQLite judge.
        return None
    if size % page_size:
        return f"it is truncated to {size} bytes, not a whole number of pages"
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96] and pages > 0
    if header_size_valid and size < pages * page_size:
        return f"it is truncated to {size} of {pages * page_size} bytes"
    return None


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads ``path`` and writes nothing to it, wherever it lies.

    SQLite reads a WAL database through an shm file it creates beside it; in a folder where
    it cannot (a read-only or full disk, no permission), plain ``mode=ro`` fails. With no WAL
    to replay nothing can change the file, so ``immutable=1`` reads it as it is; committed
    rows still in a WAL are replayed in a private copy instead, as ``immutable`` skips them.
    """
    uri = path.resolve().as_uri()
    if paths.write_problem(path.parent) is None:
        return _connect_uri(f"{uri}?mode=ro")
    wal = path.with_name(path.name + "-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return _connect_uri(f"{uri}?mode=ro&immutable=1")
    return _replayed_copy(path)


def _connect_uri(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    return connection


def _replayed_copy(path: Path) -> sqlite3.Connection:
    """An in-memory copy of ``path`` with its WAL applied, made in a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="footcoach-") as folder:
        copy = Path(folder) / DB_FILE_NAME
        for source, target in zip(_companions(path)[:2], _companions(copy)[:2], strict=True):
            shutil.copyfile(source, target)
        return _in_memory(sqlite3.connect(copy, isolation_level=None))


def _schema_state(connection: sqlite3.Connection) -> tuple[int, int, int]:
    """(user_version, application_id, number of tables) of an open database."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = connection.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
    ).fetchone()[0]
    return int(version), int(app_id), int(tables)


def _foreign_problem(version: int, app_id: int, tables: int) -> str | None:
    """Why a readable database is not one this app may open, or None."""
    if app_id not in (0, APPLICATION_ID) or (version == 0 and tables > 0):
        return "history.sqlite3 is not a FootCoach history (it holds another program's data)"
    if version > _latest_version():
        return (
            f"the history was written by a newer FootCoach (schema v{version}; this version "
            f"reads up to v{_latest_version()}); update FootCoach to open it"
        )
    return None


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    row = connection.execute(
        "SELECT (SELECT count(*) FROM pain_entries), (SELECT count(*) FROM sessions),"
        " (SELECT count(*) FROM sets)"
    ).fetchone()
    return dict(zip(COUNT_KEYS, (int(n) for n in row), strict=True))


def _quick_check(connection: sqlite3.Connection) -> str | None:
    rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first.splitlines()[-1][:200]


def _inspect(path: Path) -> tuple[str | None, int]:
    """Read-only look at an existing file: (reason it is damaged or None, schema version).

    A file this app may not open (newer, foreign) raises HistoryError and is left as it is.
    Read-only, so a damaged file is not checkpointed or otherwise written before we move it.
    """
    problem = _file_problem(path)
    if problem is not None:
        return problem, 0
    try:
        with closing(_connect_read_only(path)) as connection:
            version, app_id, tables = _schema_state(connection)
            refusal = _foreign_problem(version, app_id, tables)
            if refusal is not None:
                raise HistoryError(f"Cannot open the history: {refusal}")
            return _quick_check(connection), version
    except sqlite3.DatabaseError as error:
        if _primary_code(error) in _DAMAGE_CODES:
            return str(error), 0
        raise
    except OSError as error:  # a copy for replaying the WAL cut short: the file is not whole
        return f"it cannot be read ({error.strerror or error})", 0


# --------------------------------------------------------------------------- backups


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy with the online backup API into ``target`` (0600), atomically renamed into place."""
    partial = target.with_name(target.name + ".partial")
    for stale in _companions(partial):
        stale.unlink(missing_ok=True)
    _create_private_file(partial)
    with closing(sqlite3.connect(partial, isolation_level=None)) as copy:
        source.backup(copy)
        # A standalone file: rollback journal, so a read-only look never needs a WAL beside it.
        copy.execute("PRAGMA journal_mode = DELETE")
    os.replace(partial, target)


def _backup_info(path: Path) -> BackupInfo | None:
    daily = _DAILY_NAME.match(path.name)
    migration = _MIGRATION_NAME.match(path.name)
    if daily:
        day, kind = date.fromisoformat(daily.group(1)), "daily"
    elif migration:
        stamp = datetime.strptime(migration.group(2), _STAMP).replace(tzinfo=UTC)
        day, kind = stamp.astimezone().date(), "pre-migration"
    elif path.suffix == ".sqlite3":
        day, kind = datetime.fromtimestamp(path.stat().st_mtime).date(), "other"
    else:
        return None
    version: int | None = None
    counts: dict[str, int] | None = None
    with suppress(sqlite3.Error), closing(_connect_read_only(path)) as connection:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        counts = _counts(connection)
    return BackupInfo(path=path, day=day, kind=kind, schema_version=version, counts=counts)


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups of ``data_dir``, newest first, with their dates and record counts."""
    directory = backup_dir(data_dir)
    if not directory.is_dir():
        return []
    infos = [info for path in directory.iterdir() if (info := _backup_info(path)) is not None]
    infos.sort(key=lambda info: (info.day, info.path.stat().st_mtime, info.path.name))
    infos.reverse()
    return infos


def is_good_backup(path: Path) -> bool:
    """Whether ``path`` is a whole FootCoach history this version can open."""
    try:
        problem, _version = _inspect(path)
    except (HistoryError, sqlite3.Error, OSError):
        return False
    return problem is None


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes ``quick_check`` and holds records, or None."""
    for info in list_backups(data_dir):
        if info.readable and info.counts and any(info.counts.values()):
            if is_good_backup(info.path):
                return info
    return None


def _damage_message(data_dir: Path, reason: str, backup: BackupInfo | None) -> str:
    first = (
        f"the history file is damaged ({reason}) and was left exactly as it is: "
        f"{database_path(data_dir)}"
    )
    if backup is None:
        return (
            f"{first}. No good backup was found: keep that file, and move it out of "
            f"{data_dir} to start a new, empty history"
        )
    return (
        f"{first}. Restore the newest good backup ({backup.day.isoformat()}, "
        f"{backup.records} records) with: {restore_command(data_dir, backup.path)}"
    )


def restore_command(data_dir: Path, backup: Path) -> str:
    """The command line that restores ``backup`` into ``data_dir``."""
    words = ["footcoach"]
    if Path(data_dir) != paths.resolve_data_dir(None):
        words += ["--data-dir", str(data_dir)]
    inside = backup.parent == backup_dir(data_dir)
    words += ["restore", backup.name if inside else str(backup)]
    return shlex.join(words)


def damaged_error(data_dir: Path, reason: str) -> HistoryDamagedError:
    """The error for a damaged history in ``data_dir``, offering its newest good backup."""
    return HistoryDamagedError(data_dir, reason, newest_good_backup(data_dir))


def set_aside_damaged(data_dir: Path) -> Path:
    """Rename a damaged history (and its WAL) to ``history.sqlite3.damaged-<time>``, kept whole.

    Only on the person's explicit choice (the GUI's "Start a new history"); never on its own.
    """
    with _translated("set the damaged history aside", database_path(data_dir)):
        return _move_aside(database_path(data_dir), "damaged")


def backups_to_keep(
    days: Iterable[date], daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> set[date]:
    """The rotation: the ``daily`` newest days, plus the newest day of ``weekly`` earlier weeks."""
    ordered = sorted(set(days), reverse=True)
    keep = set(ordered[:daily])
    weeks_seen = {day.isocalendar()[:2] for day in keep}
    weeks_kept = 0
    for day in ordered[daily:]:
        week = day.isocalendar()[:2]
        if week in weeks_seen:
            continue
        if weeks_kept == weekly:
            break
        weeks_seen.add(week)
        keep.add(day)
        weeks_kept += 1
    return keep


def _rotate(directory: Path, current_records: int) -> None:
    """Delete daily backups outside the rotation (other files there are never touched).

    The newest backup that passes ``quick_check`` and holds more records than the history now
    is always spared: after damage, or a history started afresh, it may be the only whole copy.
    """
    dated = {
        date.fromisoformat(match.group(1)): path
        for path in directory.iterdir()
        if (match := _DAILY_NAME.match(path.name))
    }
    keep = backups_to_keep(dated)
    doomed = [day for day in dated if day not in keep]
    if not doomed:
        return
    spared = _newest_fuller_backup(dated, current_records)
    for day in doomed:
        if day != spared:
            dated[day].unlink(missing_ok=True)


def _newest_fuller_backup(dated: Mapping[date, Path], current_records: int) -> date | None:
    for day in sorted(dated, reverse=True):
        info = _backup_info(dated[day])
        if info is not None and info.records > current_records and is_good_backup(info.path):
            return day
    return None


def restore_backup(data_dir: Path, backup: Path) -> Path | None:
    """Make ``backup`` the history, moving the current file aside first; return where it went.

    Close any open ``History`` on ``data_dir`` first (and hold the instance lock).
    """
    backup = Path(backup)
    target = database_path(data_dir)
    with _translated("restore the backup", backup):
        if not backup.is_file():
            raise HistoryError(f"Cannot restore: no backup file at {backup}")
        problem, _version = _inspect(backup)
        if problem is not None:
            raise HistoryError(f"Cannot restore {backup.name}: {problem}")
        Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".restoring")
        with closing(_connect_read_only(backup)) as source:
            _copy_database(source, staged)
        moved = (
            _move_aside(target, "replaced") if target.exists() or _has_companions(target) else None
        )
        os.replace(staged, target)
    return moved


# --------------------------------------------------------------------------- health


def check_health(data_dir: Path) -> Health:
    """Run ``integrity_check`` and ``foreign_key_check`` read-only; never changes a file."""
    path = database_path(data_dir)
    if not path.exists():
        return Health(path, False, True, "", None, None)
    existed = {companion for companion in _companions(path) if companion.exists()}
    health = _check(path)
    if health.damaged:
        # Only beside a damaged file: a healthy one may be in use, its shm shared.
        with suppress(OSError):
            _remove_inspection_leftovers(path, existed)
    return health


def _check(path: Path) -> Health:
    with _translated("check the history", path):
        problem = _file_problem(path)
        if problem is not None:
            return Health(path, True, False, problem, None, None, (problem,), damaged=True)
        try:
            with closing(_connect_read_only(path)) as connection:
                version, app_id, tables = _schema_state(connection)
                refusal = _foreign_problem(version, app_id, tables)
                if refusal is not None:
                    return Health(path, True, False, refusal, version, None)
                rows = connection.execute("PRAGMA integrity_check(20)").fetchall()
                problems = tuple(str(row[0]) for row in rows if row[0] != "ok")
                foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
                problems += tuple(
                    f"{row[0]} row {row[1]} points to a missing {row[2]} row" for row in foreign
                )
                counts = _counts(connection) if version >= 1 and not problems else None
        except sqlite3.DatabaseError as error:
            if _primary_code(error) not in _DAMAGE_CODES:
                raise
            return Health(path, True, False, str(error), None, None, (str(error),), damaged=True)
    if problems:
        first = problems[0].splitlines()[0]
        return Health(path, True, False, first, version, None, problems, damaged=True)
    return Health(path, True, True, "", version, counts)


# --------------------------------------------------------------------------- the store


def _require_sqlite() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise HistoryError(
            f"Cannot open the history: FootCoach needs SQLite {'.'.join(map(str, MIN_SQLITE))}"
            f" or newer, this Python has {sqlite3.sqlite_version}"
        )


def _write_problem(data_dir: Path) -> str | None:
    """Why the history of ``data_dir`` cannot be written (read-only, full, permission), or None."""
    if not data_dir.is_dir():
        return None  # created on open; a failure there says why
    problem = paths.write_problem(data_dir)
    path = database_path(data_dir)
    if problem is None and path.exists() and not os.access(path, os.W_OK):
        problem = "the history file is read-only"
    return problem


def _refuse_damaged(data_dir: Path) -> None:
    """Raise HistoryDamagedError if the history of ``data_dir`` is damaged; change nothing."""
    path = database_path(data_dir)
    existed = {companion for companion in _companions(path) if companion.exists()}
    problem, _version = _inspect(path)
    if problem is None:
        return
    with suppress(OSError):
        _remove_inspection_leftovers(path, existed)
    raise damaged_error(data_dir, problem)


def _in_memory(connection: sqlite3.Connection) -> sqlite3.Connection:
    """A copy in memory (for a migration that must not touch the file); closes ``connection``."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    with closing(connection):
        connection.backup(memory)
    return memory


class History:
    """A person's history in ``<data dir>/history.sqlite3``; use :meth:`open`, then close it.

    Not thread-safe: use it from the thread that opened it.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        data_dir: Path,
        read_only: str | None = None,
    ) -> None:
        self._connection = connection
        self.data_dir = data_dir
        self.path = database_path(data_dir)
        #: Why this history is open read-only (a plain phrase), or None when it can be written.
        self.read_only = read_only
        #: The daily backup taken at open, if one was taken.
        self.backup: Path | None = None
        #: Why the daily backup failed (the store still works), if it did.
        self.backup_problem: str | None = None
        #: The copy taken before a migration, if one ran.
        self.migration_backup: Path | None = None

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(
        cls, data_dir: Path, *, today: date | None = None, or_read_only: bool = False
    ) -> History:
        """Open (create, check, migrate, back up) the history of ``data_dir``.

        A damaged file raises :class:`HistoryDamagedError` and stays as it is. Where nothing
        can be written, ``or_read_only`` opens it read-only; without it, HistoryError says why.
        """
        _require_sqlite()
        data_dir = Path(data_dir)
        path = database_path(data_dir)
        problem = _write_problem(data_dir)
        if problem is not None:
            if or_read_only:
                return cls.open_read_only(data_dir, problem)
            raise HistoryError(f"Cannot write to the history: {problem} ({data_dir})")
        with _translated("open the history", path):
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if path.exists():
                _refuse_damaged(data_dir)
            elif _has_companions(path):
                # A WAL without its database would be replayed into the new file: keep it apart.
                _move_aside(path, "orphaned")
            _create_private_file(path)
            paths.restrict_mode(path)
            connection = sqlite3.connect(path, isolation_level=None)
        history = cls(connection, data_dir)
        try:
            with _translated("open the history", path):
                history._configure()
                history._migrate()
            history._daily_backup(today or date.today())
        except BaseException:
            history.close()
            raise
        return history

    @classmethod
    def open_read_only(cls, data_dir: Path, reason: str, source: Path | None = None) -> History:
        """Open the history of ``data_dir`` (or the file ``source``, e.g. a backup) to read only.

        Nothing is written beside the file. An older schema is migrated in a copy in memory;
        with no file yet, the history is empty. ``reason`` says why, for the person.
        """
        _require_sqlite()
        data_dir = Path(data_dir)
        path = Path(source) if source is not None else database_path(data_dir)
        with _translated("open the history", path):
            if not path.exists():
                connection = sqlite3.connect(":memory:", isolation_level=None)
            else:
                if source is None:
                    _refuse_damaged(data_dir)
                connection = _connect_read_only(path)
                if int(connection.execute("PRAGMA user_version").fetchone()[0]) < SCHEMA_VERSION:
                    connection = _in_memory(connection)
        history = cls(connection, data_dir, read_only=reason)
        try:
            with _translated("open the history", path):
                history._configure()
                history._migrate()
        except BaseException:
            history.close()
            raise
        return history

    def close(self) -> None:
        """Close the database (SQLite checkpoints the WAL into the main file)."""
        with suppress(sqlite3.Error):
            self._connection.execute("PRAGMA optimize")
        self._connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _configure(self) -> None:
        execute = self._connection.execute
        execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        execute("PRAGMA foreign_keys = ON")
        execute("PRAGMA trusted_schema = OFF")
        if self.read_only is not None:
            return
        mode = execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise HistoryError(f"Cannot open the history: WAL mode is unavailable ({self.path})")
        # Health data: a committed entry must survive a power cut, not only a crash.
        execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        version, app_id, tables = _schema_state(self._connection)
        refusal = _foreign_problem(version, app_id, tables)
        if refusal is not None:
            raise HistoryError(f"Cannot open the history: {refusal}")
        if version >= _latest_version():
            return
        if version > 0 and self.read_only is None:
            self.migration_backup = self._migration_backup(version)
        while True:
            with self._transaction():
                # Read inside the write lock: another process may have migrated meanwhile.
                version = int(self._connection.execute("PRAGMA user_version").fetchone()[0])
                if version >= _latest_version():
                    return
                log.info("migrating history from schema v%d to v%d", version, version + 1)
                _MIGRATIONS[version](self._connection)
                self._connection.execute(f"PRAGMA user_version = {version + 1:d}")

    def _migration_backup(self, version: int) -> Path:
        directory = backup_dir(self.data_dir)
        directory.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now(UTC).strftime(_STAMP)
        target = directory / f"history-v{version}-before-migration-{stamp}.sqlite3"
        serial = 1
        while target.exists():
            serial += 1
            target = directory / f"history-v{version}-before-migration-{stamp}-{serial}.sqlite3"
        _copy_database(self._connection, target)
        return target

    def _daily_backup(self, today: date) -> None:
        directory = backup_dir(self.data_dir)
        target = directory / f"history-{today.isoformat()}.sqlite3"
        try:
            with _translated("back up the history", target):
                if target.exists() or self.is_empty():
                    # An empty history is not worth a slot that could hold a good one.
                    return
                directory.mkdir(mode=0o700, exist_ok=True)
                _copy_database(self._connection, target)
                self.backup = target
                _rotate(directory, sum(self.counts().values()))
        except HistoryError as error:
            # The history itself is fine; the UI can mention the failed backup.
            log.warning("%s", error)
            self.backup_problem = str(error)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front; commit or roll back."""
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                with suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            raise

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        with _translated(action, self.path), self._transaction() as connection:
            yield connection

    def _query(self, action: str, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with _translated(action, self.path):
            return self._connection.execute(sql, params).fetchall()

    # ----------------------------------------------------------------- writes

    def add_pain(self, entry: PainEntry) -> None:
        """Store a new pain entry (its id must be new)."""
        with self._write("save the pain entry") as connection:
            connection.execute(_INSERT_PAIN, _pain_row(entry))

    def update_pain(self, entry: PainEntry) -> None:
        """Replace the stored pain entry that has ``entry.id``; KeyError if there is none."""
        with self._write("save the pain entry") as connection:
            cursor = connection.execute(
                "UPDATE pain_entries SET at_utc = ?, local_date = ?, utc_offset_minutes = ?,"
                " score = ?, context = ?, note = ? WHERE id = ?",
                (*_pain_row(entry)[1:], entry.id),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"no pain entry with id {entry.id!r}")

    def delete_pain(self, entry_id: str) -> PainEntry | None:
        """Delete a pain entry; return it (for undo), or None if there was none."""
        with self._write("delete the pain entry") as connection:
            row = connection.execute(
                f"SELECT {_PAIN_COLUMNS} FROM pain_entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM pain_entries WHERE id = ?", (entry_id,))
        return _pain_from_row(row)

    def start_session(self, session: SessionRecord) -> None:
        """Store a new session (usually not yet ended)."""
        with self._write("save the session") as connection:
            connection.execute(_INSERT_SESSION, _session_row(session))

    def finish_session(self, session_id: str, ended: Moment, completed: bool) -> None:
        """Record when a session ended and whether it was completed; KeyError if unknown."""
        with self._write("save the session") as connection:
            cursor = connection.execute(
                "UPDATE sessions SET ended_utc = ?, ended_local_date = ?,"
                " ended_utc_offset_minutes = ?, completed = ? WHERE id = ?",
                (*_moment_row(ended), int(completed), session_id),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"no session with id {session_id!r}")

    def add_set(self, record: SetRecord) -> None:
        """Store one completed set (its session, if any, must be stored already)."""
        with self._write("save the set") as connection:
            connection.execute(_INSERT_SET, _set_row(record))

    def add_records(
        self,
        pain: Iterable[PainEntry] = (),
        sessions: Iterable[SessionRecord] = (),
        sets: Iterable[SetRecord] = (),
        screenings: Iterable[ScreeningAnswers] = (),
    ) -> int:
        """Store many records in one transaction, skipping ids already stored; return how many
        were new. Sessions go in before sets, so sets may refer to sessions in the same call."""
        with self._write("save the records") as connection:
            before = connection.total_changes
            connection.executemany(_INSERT_PAIN + _NEW_ONLY, map(_pain_row, pain))
            connection.executemany(_INSERT_SESSION + _NEW_ONLY, map(_session_row, sessions))
            connection.executemany(_INSERT_SET + _NEW_ONLY, map(_set_row, sets))
            connection.executemany(_INSERT_SCREENING + _NEW_ONLY, map(_screening_row, screenings))
            return connection.total_changes - before

    def set_meta(self, key: str, value: str | None) -> None:
        """Store a small piece of app state under ``key`` (None removes it)."""
        with self._write("save app state") as connection:
            if value is None:
                connection.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                connection.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    # ----------------------------------------------------------------- reads

    def get_meta(self, key: str) -> str | None:
        """The app state stored under ``key``, or None."""
        rows = self._query("read app state", "SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def pain_entries(self, since: date | None = None, until: date | None = None) -> list[PainEntry]:
        """Pain entries whose local date is within ``since``..``until`` (inclusive), by time."""
        where, params = _day_range(since, until)
        rows = self._select("pain_entries", where, params)
        return [_pain_from_row(row) for row in rows]

    def sessions(self, since: date | None = None, until: date | None = None) -> list[SessionRecord]:
        """Sessions that started on a local date within ``since``..``until``, by start time."""
        where, params = _day_range(since, until)
        rows = self._select("sessions", where, params)
        return [_session_from_row(row) for row in rows]

    def sets(
        self,
        session_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[SetRecord]:
        """Sets (of one session, if given) done on a local date in range, by time."""
        where, params = _day_range(since, until)
        if session_id is not None:
            where += " AND session_id = ?"
            params.append(session_id)
        rows = self._select("sets", where, params)
        return [_set_from_row(row) for row in rows]

    def daily_pain_means(
        self, since: date | None = None, until: date | None = None
    ) -> list[DailyMean]:
        """Mean pain per local day and context, by day, contexts in ``PainContext`` order."""
        where, params = _day_range(since, until)
        rows = self._select("daily_pain_means", where, params)
        rows.sort(key=lambda row: (row[0], _CONTEXT_RANK[row[1]]))
        means: list[DailyMean] = []
        for day, context, mean, count in rows:
            means.append(
                DailyMean(_parse_day(day), _CONTEXT_BY_VALUE[context], float(mean), int(count))
            )
        return means

    def session_days(self, since: date | None = None, until: date | None = None) -> list[date]:
        """Local dates (ascending) on which at least one completed session started."""
        where, params = _day_range(since, until)
        rows = self._select("session_days", where, params)
        return [date.fromisoformat(row[0]) for row in rows]

    def high_score_days(
        self, threshold: int, since: date | None = None, until: date | None = None
    ) -> list[tuple[date, int]]:
        """Days (ascending) with a score of ``threshold`` or more, each with its highest score."""
        where, params = _day_range(since, until)
        rows = self._select("high_scores", where, [*params, threshold])
        return [(date.fromisoformat(day), int(score)) for day, score in rows]

    def counts(self) -> dict[str, int]:
        """How many records of each kind are stored (keys ``COUNT_KEYS``)."""
        with _translated("read the history", self.path):
            return _counts(self._connection)

    def is_empty(self) -> bool:
        """Whether no pain entry, session or set is stored (app state in meta does not count)."""
        rows = self._query(
            "read the history",
            "SELECT EXISTS (SELECT 1 FROM pain_entries) OR EXISTS (SELECT 1 FROM sessions)"
            " OR EXISTS (SELECT 1 FROM sets)",
        )
        return not rows[0][0]

    def first_day(self) -> date | None:
        """The earliest local date of any record, or None when empty."""
        return self._edge_day("min")

    def last_day(self) -> date | None:
        """The latest local date of any record, or None when empty."""
        return self._edge_day("max")

    def _edge_day(self, func: str) -> date | None:
        assert func in ("min", "max")
        rows = self._query(
            "read the history",
            f"SELECT {func}(d) FROM (SELECT {func}(local_date) AS d FROM pain_entries"
            f" UNION ALL SELECT {func}(local_date) FROM sessions"
            f" UNION ALL SELECT {func}(local_date) FROM sets)",
        )
        return date.fromisoformat(rows[0][0]) if rows[0][0] is not None else None

    def pragmas(self) -> dict[str, int | str]:
        """The connection settings that keep the data safe, as SQLite reports them."""
        names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "user_version")
        with _translated("read the history", self.path):
            return {
                name: self._connection.execute(f"PRAGMA {name}").fetchone()[0] for name in names
            }

    def query_plan(self, query: str) -> list[str]:
        """How SQLite runs one read (a key of ``_SELECT``) over a bounded date range.

        For tests and benchmarks: the plan should search an index, never scan a table.
        """
        where, params = _day_range(date(2000, 1, 1), date(2000, 1, 28))
        sql = "EXPLAIN QUERY PLAN " + _SELECT[query].format(where=where)
        return [str(row[3]) for row in self._query("read the history", sql, params)]

    def _select(self, query: str, where: str, params: Sequence[Any]) -> list[Any]:
        return self._query("read the history", _SELECT[query].format(where=where), params)

    # ----------------------------------------------------------------- routines (schema v2)
    # The SQL of custom routines and level changes; footcoach.routines.RoutineStore calls these.

    def routine_rows(self) -> list[RoutineRow]:
        """Every stored custom routine, by name (case-insensitive)."""
        rows = self._query(
            "read the routines",
            f"SELECT {_ROUTINE_COLUMNS} FROM routines ORDER BY name COLLATE NOCASE, id",
        )
        return [_routine_from_row(row) for row in rows]

    def save_routine_row(self, routine: RoutineRow) -> None:
        """Insert or replace the custom routine with ``routine.id``."""
        with self._write("save the routine") as connection:
            connection.execute(
                f"INSERT INTO routines ({_ROUTINE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " description = excluded.description, note = excluded.note,"
                " level = excluded.level, steps = excluded.steps,"
                " saved_utc = excluded.saved_utc, saved_local_date = excluded.saved_local_date,"
                " saved_utc_offset_minutes = excluded.saved_utc_offset_minutes",
                _routine_row(routine),
            )

    def delete_routine_row(self, routine_id: str) -> RoutineRow | None:
        """Delete a custom routine; return it (for undo), or None if there was none.

        Its level changes stay: they are history, and an undo brings the level back.
        """
        with self._write("delete the routine") as connection:
            row = connection.execute(
                f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE id = ?", (routine_id,)
            ).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM routines WHERE id = ?", (routine_id,))
        return _routine_from_row(row)

    def add_level_change(self, change: LevelChangeRow) -> None:
        """Record one change of a routine's level."""
        with self._write("save the level change") as connection:
            connection.execute(
                f"INSERT INTO routine_levels ({_LEVEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                _level_row(change),
            )

    def level_changes(self, routine_id: str | None = None) -> list[LevelChangeRow]:
        """Level changes (of one routine, if given), oldest first."""
        where, params = ("routine_id = ?", [routine_id]) if routine_id is not None else ("1", [])
        rows = self._query(
            "read the level changes",
            f"SELECT {_LEVEL_COLUMNS} FROM routine_levels WHERE {where} ORDER BY at_utc, rowid",
            params,
        )
        return [_level_from_row(row) for row in rows]

    # ----------------------------------------------------------------- red flags (schema v3)

    def add_screening(self, answers: ScreeningAnswers) -> None:
        """Store one set of answers to the red-flag questions (its id must be new)."""
        with self._write("save your answers") as connection:
            connection.execute(_INSERT_SCREENING, _screening_row(answers))

    def screenings(self) -> list[ScreeningAnswers]:
        """Every set of answers to the red-flag questions, oldest first."""
        rows = self._query(
            "read your answers",
            f"SELECT {_SCREENING_COLUMNS} FROM screenings ORDER BY at_utc, id",
        )
        return [_screening_from_row(row) for row in rows]

    def latest_screening(self) -> ScreeningAnswers | None:
        """The newest answers to the red-flag questions (the ones that count), or None."""
        rows = self._query(
            "read your answers",
            f"SELECT {_SCREENING_COLUMNS} FROM screenings ORDER BY at_utc DESC, id DESC LIMIT 1",
        )
        return _screening_from_row(rows[0]) if rows else None
