"""The database file's schema: its tables, the migrations between versions, and what SQLite's
errors mean to a person."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from footcoach.limits import (
    MAX_GOAL_NAME_CHARS,
    MAX_HOURS_ON_FEET,
    MAX_TRIAL_BLOCK_DAYS,
    MAX_TRIAL_BLOCKS,
    MAX_TRIAL_CHANGE_CHARS,
    MIN_TRIAL_BLOCK_DAYS,
    MIN_TRIAL_BLOCKS,
)
from footcoach.records import (
    PainContext,
    Side,
)

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
_MIGRATION_NAME = re.compile(
    r"^history-v(\d+(?:\.\d+)?)-before-migration-(\d{8}T\d{6}Z)(?:-\d+)?\.sqlite3$"
)
_STAMP = "%Y%m%dT%H%M%SZ"
_CONTEXT_RANK = {context.value: index for index, context in enumerate(PainContext)}
_CONTEXT_BY_VALUE = {context.value: context for context in PainContext}


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


# v3.1 (a minor step: an older FootCoach of major 3 still reads and writes the file): function
# goals and their weekly ratings (footcoach.function_goals) and self-test results
# (footcoach.self_tests). A goal's ratings follow its id, so renaming or retiring keeps them;
# deleting a goal deletes its ratings in the same transaction.
#
# The values a released step allows are written out, not read from today's enums: a step
# must create the same table for ever, and the history package loads no insight module while
# FootCoach only waits for a reminder. tests/unit/history/test_released_steps.py fails when an
# enum no longer matches, which is when a new step is needed.
RELEASED_SELF_TESTS = {"single-leg-stand": 60, "marbles": 60, "heel-raises": 200}  # test: maximum
RELEASED_FEET = ("left", "right")
_TESTS = ", ".join(f"'{test}'" for test in RELEASED_SELF_TESTS)
_FEET = ", ".join(f"'{side}'" for side in RELEASED_FEET)
_TEST_MAXIMA = " ".join(
    f"WHEN '{test}' THEN {maximum:d}" for test, maximum in RELEASED_SELF_TESTS.items()
)
_V3_1_STATEMENTS = (
    f"""CREATE TABLE function_goals (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    name TEXT NOT NULL CHECK (trim(name) <> '' AND length(name) <= {MAX_GOAL_NAME_CHARS:d}),
    {_moment_columns("created_utc", "created_local_date", "created_utc_offset_minutes")},
    {
        _moment_columns(
            "retired_utc", "retired_local_date", "retired_utc_offset_minutes", nullable=True
        )
    },
    CHECK ((retired_utc IS NULL) = (retired_local_date IS NULL)
           AND (retired_utc IS NULL) = (retired_utc_offset_minutes IS NULL))
) STRICT""",
    f"""CREATE TABLE goal_ratings (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    goal_id TEXT NOT NULL REFERENCES function_goals (id),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10)
) STRICT""",
    "CREATE INDEX goal_ratings_by_goal ON goal_ratings (goal_id, at_utc)",
    f"""CREATE TABLE self_tests (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    test TEXT NOT NULL CHECK (test IN ({_TESTS})),
    side TEXT NOT NULL CHECK (side IN ({_FEET})),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    value REAL NOT NULL CHECK (value >= 0 AND value <= CASE test {_TEST_MAXIMA} END)
) STRICT""",
    "CREATE INDEX self_tests_by_day ON self_tests (local_date)",
)


def _create_v3_1(connection: sqlite3.Connection) -> None:
    for statement in _V3_1_STATEMENTS:
        connection.execute(statement)


# 3.2 (minor: two new tables): the daily factors (one row per local date, each answer
# optional) and the trials of a change (alternating blocks; the schedule is plain Python in
# footcoach.trials, the limits those of footcoach.limits).
RELEASED_FOOTWEAR = ("supportive", "flat-or-thin", "heels", "barefoot")
RELEASED_TRIAL_STATUSES = ("running", "ended-early", "cancelled")
_FOOTWEAR = ", ".join(f"'{kind}'" for kind in RELEASED_FOOTWEAR)
_TRIAL_STATUSES = ", ".join(f"'{status}'" for status in RELEASED_TRIAL_STATUSES)
_V3_2_STATEMENTS = (
    f"""CREATE TABLE daily_factors (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    footwear TEXT CHECK (footwear IS NULL OR footwear IN ({_FOOTWEAR})),
    pad INTEGER CHECK (pad IS NULL OR pad IN (0, 1)),
    hours_on_feet INTEGER CHECK (hours_on_feet IS NULL
                                 OR hours_on_feet BETWEEN 0 AND {MAX_HOURS_ON_FEET:d}),
    high_impact INTEGER CHECK (high_impact IS NULL OR high_impact IN (0, 1)),
    CHECK (footwear IS NOT NULL OR pad IS NOT NULL OR hours_on_feet IS NOT NULL
           OR high_impact IS NOT NULL)
) STRICT""",
    # One record per local day: a later answer for the day replaces the earlier one.
    "CREATE UNIQUE INDEX daily_factors_by_day ON daily_factors (local_date)",
    f"""CREATE TABLE trials (
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    {_moment_columns("at_utc", "local_date", "utc_offset_minutes")},
    change TEXT NOT NULL CHECK (trim(change) <> ''
                                AND length(change) <= {MAX_TRIAL_CHANGE_CHARS:d}),
    start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
    block_days INTEGER NOT NULL
        CHECK (block_days BETWEEN {MIN_TRIAL_BLOCK_DAYS:d} AND {MAX_TRIAL_BLOCK_DAYS:d}),
    blocks INTEGER NOT NULL
        CHECK (blocks BETWEEN {MIN_TRIAL_BLOCKS:d} AND {MAX_TRIAL_BLOCKS:d} AND blocks % 2 = 0),
    first_with INTEGER NOT NULL CHECK (first_with IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ({_TRIAL_STATUSES})),
    {_ENDED_COLUMNS},
    CHECK ((ended_utc IS NULL) = (ended_local_date IS NULL)
           AND (ended_utc IS NULL) = (ended_utc_offset_minutes IS NULL)),
    CHECK ((status = 'running') = (ended_utc IS NULL))
) STRICT""",
)


def _create_v3_2(connection: sqlite3.Connection) -> None:
    for statement in _V3_2_STATEMENTS:
        connection.execute(statement)


@dataclass(frozen=True, order=True)
class SchemaVersion:
    """A schema version, major.minor, packed into ``PRAGMA user_version`` as qutebrowser does.

    A minor step only adds (a table, a column with a default, an index), so an older FootCoach
    of the same major still reads and writes the file; a major step is incompatible, and an
    older FootCoach refuses it. Files written before this scheme hold the plain step count
    (1, 2 or 3): that number is their major, with minor 0.
    """

    major: int
    minor: int = 0

    def packed(self) -> int:
        return self.major << 16 | self.minor

    @classmethod
    def unpack(cls, user_version: int) -> SchemaVersion:
        if user_version < 1 << 16:  # today's numbering: a plain step count
            return cls(user_version, 0)
        return cls(user_version >> 16, user_version & 0xFFFF)

    def readable_by(self, reader: SchemaVersion) -> bool:
        """Whether a FootCoach whose schema is ``reader`` may open a file of this version."""
        return self.major <= reader.major

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class MigrationStep:
    """One released schema change: ``apply`` turns the previous version into ``target``."""

    target: SchemaVersion
    apply: Callable[[sqlite3.Connection], None]


# Each step runs inside one transaction. Steps never change once released: a new schema is a
# new step appended here, a minor step (target.minor + 1) when it only adds.
MIGRATIONS: tuple[MigrationStep, ...] = (
    MigrationStep(SchemaVersion(1), _create_v1),
    MigrationStep(SchemaVersion(2), _create_v2),
    MigrationStep(SchemaVersion(3), _create_v3),
    MigrationStep(SchemaVersion(3, 1), _create_v3_1),
    MigrationStep(SchemaVersion(3, 2), _create_v3_2),
)


def latest_version() -> SchemaVersion:
    """The schema this FootCoach writes (read at call time, so tests can add a step)."""
    return MIGRATIONS[-1].target


def next_step(current: SchemaVersion) -> MigrationStep | None:
    """The first step that takes a file at ``current`` further, or None when it is current."""
    return next((step for step in MIGRATIONS if step.target > current), None)


SCHEMA_VERSION = latest_version()
