"""``History``: the one way code reads and writes the history (opening, migrating, every query)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from footcoach import paths
from footcoach.factors import DailyFactors
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import schema
from footcoach.history.inspection import (
    HistoryError,
    backup_dir,
    connect_read_only,
    copy_database,
    copy_in_memory,
    create_private_file,
    database_path,
    foreign_problem,
    has_companions,
    history_write_problem,
    move_aside,
    read_version,
    refuse_damaged,
    require_sqlite,
    rotate_backups,
    schema_state,
    table_counts,
    translated_errors,
)
from footcoach.history.rows import (
    DAY_QUERIES,
    FACTORS_COLUMNS,
    GOAL_COLUMNS,
    IMPORT_FACTORS,
    INSERT_GOAL,
    INSERT_PAIN,
    INSERT_RATING,
    INSERT_SCREENING,
    INSERT_SELF_TEST,
    INSERT_SESSION,
    INSERT_SET,
    INSERT_TRIAL,
    LEVEL_COLUMNS,
    NEW_ONLY,
    PAIN_COLUMNS,
    RATING_COLUMNS,
    ROUTINE_COLUMNS,
    SAVE_FACTORS,
    SCREENING_COLUMNS,
    SELF_TEST_COLUMNS,
    TRIAL_COLUMNS,
    LevelChangeRow,
    RoutineRow,
    day_range,
    factors_from_row,
    factors_row,
    goal_from_row,
    goal_row,
    level_from_row,
    level_row,
    moment_row,
    pain_from_row,
    pain_row,
    parse_day,
    rating_from_row,
    rating_row,
    routine_from_row,
    routine_row,
    screening_from_row,
    screening_row,
    self_test_from_row,
    self_test_row,
    session_from_row,
    session_row,
    set_from_row,
    set_row,
    trial_from_row,
    trial_row,
)
from footcoach.history.schema import (
    _CONTEXT_BY_VALUE,
    _CONTEXT_RANK,
    _STAMP,
    SchemaVersion,
)
from footcoach.records import (
    DailyMean,
    Moment,
    PainEntry,
    SessionRecord,
    SetRecord,
)

if TYPE_CHECKING:
    # Loaded by whoever passes or reads these records; a FootCoach that only waits for a
    # reminder opens the history without them (see rows.trial_from_row).
    from footcoach.screening import ScreeningAnswers
    from footcoach.self_tests import SelfTestResult
    from footcoach.trials import Trial, TrialStatus

log = logging.getLogger(__name__)


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
        require_sqlite()
        data_dir = Path(data_dir)
        path = database_path(data_dir)
        problem = history_write_problem(data_dir)
        if problem is not None:
            if or_read_only:
                return cls.open_read_only(data_dir, problem)
            raise HistoryError(f"Cannot write to the history: {problem} ({data_dir})")
        with translated_errors("open the history", path):
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if path.exists():
                refuse_damaged(data_dir)
            elif has_companions(path):
                # A WAL without its database would be replayed into the new file: keep it apart.
                move_aside(path, "orphaned")
            create_private_file(path)
            paths.restrict_mode(path)
            connection = sqlite3.connect(path, isolation_level=None)
        history = cls(connection, data_dir)
        try:
            with translated_errors("open the history", path):
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
        require_sqlite()
        data_dir = Path(data_dir)
        path = Path(source) if source is not None else database_path(data_dir)
        with translated_errors("open the history", path):
            if not path.exists():
                connection = sqlite3.connect(":memory:", isolation_level=None)
            else:
                if source is None:
                    refuse_damaged(data_dir)
                connection = connect_read_only(path)
                try:
                    version = read_version(connection)
                except BaseException:
                    connection.close()  # never left to the garbage collector (Python 3.13 warns)
                    raise
                if version < schema.latest_version():
                    connection = copy_in_memory(connection)
        history = cls(connection, data_dir, read_only=reason)
        try:
            with translated_errors("open the history", path):
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
        execute(f"PRAGMA busy_timeout = {int(schema.BUSY_TIMEOUT_MS)}")
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
        version, app_id, tables = schema_state(self._connection)
        refusal = foreign_problem(version, app_id, tables)
        if refusal is not None:
            raise HistoryError(f"Cannot open the history: {refusal}")
        if schema.next_step(version) is None:
            return
        if version.major > 0 and self.read_only is None:
            self.migration_backup = self._migration_backup(version)
        while True:
            with self._transaction():
                # Read inside the write lock: another process may have migrated meanwhile.
                version = read_version(self._connection)
                step = schema.next_step(version)
                if step is None:
                    return
                log.info("migrating history from schema v%s to v%s", version, step.target)
                step.apply(self._connection)
                self._connection.execute(f"PRAGMA user_version = {step.target.packed():d}")

    def _migration_backup(self, version: SchemaVersion) -> Path:
        directory = backup_dir(self.data_dir)
        directory.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now(UTC).strftime(_STAMP)
        target = directory / f"history-v{version}-before-migration-{stamp}.sqlite3"
        serial = 1
        while target.exists():
            serial += 1
            target = directory / f"history-v{version}-before-migration-{stamp}-{serial}.sqlite3"
        copy_database(self._connection, target)
        return target

    def _daily_backup(self, today: date) -> None:
        directory = backup_dir(self.data_dir)
        target = directory / f"history-{today.isoformat()}.sqlite3"
        try:
            with translated_errors("back up the history", target):
                if target.exists() or self.is_empty():
                    # An empty history is not worth a slot that could hold a good one.
                    return
                directory.mkdir(mode=0o700, exist_ok=True)
                copy_database(self._connection, target)
                self.backup = target
                rotate_backups(directory, sum(self.counts().values()))
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
        with translated_errors(action, self.path), self._transaction() as connection:
            yield connection

    def _query(self, action: str, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with translated_errors(action, self.path):
            return self._connection.execute(sql, params).fetchall()

    # ----------------------------------------------------------------- writes

    def add_pain(self, entry: PainEntry) -> None:
        """Store a new pain entry (its id must be new)."""
        with self._write("save the pain entry") as connection:
            connection.execute(INSERT_PAIN, pain_row(entry))

    def update_pain(self, entry: PainEntry) -> None:
        """Replace the stored pain entry that has ``entry.id``; KeyError if there is none."""
        with self._write("save the pain entry") as connection:
            cursor = connection.execute(
                "UPDATE pain_entries SET at_utc = ?, local_date = ?, utc_offset_minutes = ?,"
                " score = ?, context = ?, note = ? WHERE id = ?",
                (*pain_row(entry)[1:], entry.id),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"no pain entry with id {entry.id!r}")

    def delete_pain(self, entry_id: str) -> PainEntry | None:
        """Delete a pain entry; return it (for undo), or None if there was none."""
        with self._write("delete the pain entry") as connection:
            row = connection.execute(
                f"SELECT {PAIN_COLUMNS} FROM pain_entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM pain_entries WHERE id = ?", (entry_id,))
        return pain_from_row(row)

    def start_session(self, session: SessionRecord) -> None:
        """Store a new session (usually not yet ended)."""
        with self._write("save the session") as connection:
            connection.execute(INSERT_SESSION, session_row(session))

    def finish_session(self, session_id: str, ended: Moment, completed: bool) -> None:
        """Record when a session ended and whether it was completed; KeyError if unknown."""
        with self._write("save the session") as connection:
            cursor = connection.execute(
                "UPDATE sessions SET ended_utc = ?, ended_local_date = ?,"
                " ended_utc_offset_minutes = ?, completed = ? WHERE id = ?",
                (*moment_row(ended), int(completed), session_id),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"no session with id {session_id!r}")

    def add_set(self, record: SetRecord) -> None:
        """Store one completed set (its session, if any, must be stored already)."""
        with self._write("save the set") as connection:
            connection.execute(INSERT_SET, set_row(record))

    def add_records(
        self,
        pain: Iterable[PainEntry] = (),
        sessions: Iterable[SessionRecord] = (),
        sets: Iterable[SetRecord] = (),
        screenings: Iterable[ScreeningAnswers] = (),
        goals: Iterable[FunctionGoal] = (),
        goal_ratings: Iterable[GoalRating] = (),
        self_tests: Iterable[SelfTestResult] = (),
        factors: Iterable[DailyFactors] = (),
        trials: Iterable[Trial] = (),
    ) -> int:
        """Store many records in one transaction, skipping ids already stored; return how many
        were new. Sessions go in before sets and goals before ratings, so either may refer to
        one in the same call."""
        with self._write("save the records") as connection:
            before = connection.total_changes
            connection.executemany(INSERT_PAIN + NEW_ONLY, map(pain_row, pain))
            connection.executemany(INSERT_SESSION + NEW_ONLY, map(session_row, sessions))
            connection.executemany(INSERT_SET + NEW_ONLY, map(set_row, sets))
            connection.executemany(INSERT_SCREENING + NEW_ONLY, map(screening_row, screenings))
            connection.executemany(INSERT_GOAL + NEW_ONLY, map(goal_row, goals))
            connection.executemany(INSERT_RATING + NEW_ONLY, map(rating_row, goal_ratings))
            connection.executemany(INSERT_SELF_TEST + NEW_ONLY, map(self_test_row, self_tests))
            connection.executemany(IMPORT_FACTORS, map(factors_row, factors))
            connection.executemany(INSERT_TRIAL + NEW_ONLY, map(trial_row, trials))
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
        where, params = day_range(since, until)
        rows = self._select("pain_entries", where, params)
        return [pain_from_row(row) for row in rows]

    def sessions(self, since: date | None = None, until: date | None = None) -> list[SessionRecord]:
        """Sessions that started on a local date within ``since``..``until``, by start time."""
        where, params = day_range(since, until)
        rows = self._select("sessions", where, params)
        return [session_from_row(row) for row in rows]

    def sets(
        self,
        session_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[SetRecord]:
        """Sets (of one session, if given) done on a local date in range, by time."""
        where, params = day_range(since, until)
        if session_id is not None:
            where += " AND session_id = ?"
            params.append(session_id)
        rows = self._select("sets", where, params)
        return [set_from_row(row) for row in rows]

    def daily_pain_means(
        self, since: date | None = None, until: date | None = None
    ) -> list[DailyMean]:
        """Mean pain per local day and context, by day, contexts in ``PainContext`` order."""
        where, params = day_range(since, until)
        rows = self._select("daily_pain_means", where, params)
        rows.sort(key=lambda row: (row[0], _CONTEXT_RANK[row[1]]))
        means: list[DailyMean] = []
        for day, context, mean, count in rows:
            means.append(
                DailyMean(parse_day(day), _CONTEXT_BY_VALUE[context], float(mean), int(count))
            )
        return means

    def session_days(self, since: date | None = None, until: date | None = None) -> list[date]:
        """Local dates (ascending) on which at least one completed session started."""
        where, params = day_range(since, until)
        rows = self._select("session_days", where, params)
        return [date.fromisoformat(row[0]) for row in rows]

    def high_score_days(
        self, threshold: int, since: date | None = None, until: date | None = None
    ) -> list[tuple[date, int]]:
        """Days (ascending) with a score of ``threshold`` or more, each with its highest score."""
        where, params = day_range(since, until)
        rows = self._select("high_scores", where, [*params, threshold])
        return [(date.fromisoformat(day), int(score)) for day, score in rows]

    def counts(self) -> dict[str, int]:
        """How many records of each kind are stored (keys ``COUNT_KEYS``)."""
        with translated_errors("read the history", self.path):
            return table_counts(self._connection)

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
        with translated_errors("read the history", self.path):
            return {
                name: self._connection.execute(f"PRAGMA {name}").fetchone()[0] for name in names
            }

    def query_plan(self, query: str) -> list[str]:
        """How SQLite runs one read (a key of ``SELECT``) over a bounded date range.

        For tests and benchmarks: the plan should search an index, never scan a table.
        """
        where, params = day_range(date(2000, 1, 1), date(2000, 1, 28))
        sql = "EXPLAIN QUERY PLAN " + DAY_QUERIES[query].format(where=where)
        return [str(row[3]) for row in self._query("read the history", sql, params)]

    def _select(self, query: str, where: str, params: Sequence[Any]) -> list[Any]:
        return self._query("read the history", DAY_QUERIES[query].format(where=where), params)

    # ----------------------------------------------------------------- routines (schema v2)
    # The SQL of custom routines and level changes; footcoach.routines.RoutineStore calls these.

    def routine_rows(self) -> list[RoutineRow]:
        """Every stored custom routine, by name (case-insensitive)."""
        rows = self._query(
            "read the routines",
            f"SELECT {ROUTINE_COLUMNS} FROM routines ORDER BY name COLLATE NOCASE, id",
        )
        return [routine_from_row(row) for row in rows]

    def save_routine_row(self, routine: RoutineRow) -> None:
        """Insert or replace the custom routine with ``routine.id``."""
        with self._write("save the routine") as connection:
            connection.execute(
                f"INSERT INTO routines ({ROUTINE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " description = excluded.description, note = excluded.note,"
                " level = excluded.level, steps = excluded.steps,"
                " saved_utc = excluded.saved_utc, saved_local_date = excluded.saved_local_date,"
                " saved_utc_offset_minutes = excluded.saved_utc_offset_minutes",
                routine_row(routine),
            )

    def delete_routine_row(self, routine_id: str) -> RoutineRow | None:
        """Delete a custom routine; return it (for undo), or None if there was none.

        Its level changes stay: they are history, and an undo brings the level back.
        """
        with self._write("delete the routine") as connection:
            row = connection.execute(
                f"SELECT {ROUTINE_COLUMNS} FROM routines WHERE id = ?", (routine_id,)
            ).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM routines WHERE id = ?", (routine_id,))
        return routine_from_row(row)

    def add_level_change(self, change: LevelChangeRow) -> None:
        """Record one change of a routine's level."""
        with self._write("save the level change") as connection:
            connection.execute(
                f"INSERT INTO routine_levels ({LEVEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                level_row(change),
            )

    def level_changes(self, routine_id: str | None = None) -> list[LevelChangeRow]:
        """Level changes (of one routine, if given), oldest first."""
        where, params = ("routine_id = ?", [routine_id]) if routine_id is not None else ("1", [])
        rows = self._query(
            "read the level changes",
            f"SELECT {LEVEL_COLUMNS} FROM routine_levels WHERE {where} ORDER BY at_utc, rowid",
            params,
        )
        return [level_from_row(row) for row in rows]

    # ----------------------------------------------------------------- red flags (schema v3)

    def add_screening(self, answers: ScreeningAnswers) -> None:
        """Store one set of answers to the red-flag questions (its id must be new)."""
        with self._write("save your answers") as connection:
            connection.execute(INSERT_SCREENING, screening_row(answers))

    def screenings(self) -> list[ScreeningAnswers]:
        """Every set of answers to the red-flag questions, oldest first."""
        rows = self._query(
            "read your answers",
            f"SELECT {SCREENING_COLUMNS} FROM screenings ORDER BY at_utc, id",
        )
        return [screening_from_row(row) for row in rows]

    def latest_screening(self) -> ScreeningAnswers | None:
        """The newest answers to the red-flag questions (the ones that count), or None."""
        rows = self._query(
            "read your answers",
            f"SELECT {SCREENING_COLUMNS} FROM screenings ORDER BY at_utc DESC, id DESC LIMIT 1",
        )
        return screening_from_row(rows[0]) if rows else None

    # ----------------------------------------------------------------- function goals and
    # self-tests (schema v3.1; footcoach.function_goals and footcoach.self_tests hold the rules)

    def function_goals(self) -> list[FunctionGoal]:
        """Every function goal, retired ones included, in the order they were named."""
        rows = self._query(
            "read your goals",
            f"SELECT {GOAL_COLUMNS} FROM function_goals ORDER BY created_utc, id",
        )
        return [goal_from_row(row) for row in rows]

    def add_goal(self, goal: FunctionGoal) -> None:
        """Store a new function goal (its id must be new)."""
        with self._write("save the goal") as connection:
            connection.execute(INSERT_GOAL, goal_row(goal))

    def update_goal(self, goal: FunctionGoal) -> None:
        """Rename, retire or bring back the goal with ``goal.id`` (its ratings stay); KeyError
        if there is none."""
        with self._write("save the goal") as connection:
            cursor = connection.execute(
                "UPDATE function_goals SET name = ?, retired_utc = ?, retired_local_date = ?,"
                " retired_utc_offset_minutes = ? WHERE id = ?",
                (goal.name, *goal_row(goal)[5:], goal.id),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"no goal with id {goal.id!r}")

    def delete_goal(self, goal_id: str) -> tuple[FunctionGoal, list[GoalRating]] | None:
        """Delete a goal and its ratings in one transaction; return them (for undo through
        :meth:`add_records`), or None if there was no such goal."""
        with self._write("delete the goal") as connection:
            row = connection.execute(
                f"SELECT {GOAL_COLUMNS} FROM function_goals WHERE id = ?", (goal_id,)
            ).fetchone()
            if row is None:
                return None
            ratings = connection.execute(
                f"SELECT {RATING_COLUMNS} FROM goal_ratings WHERE goal_id = ? ORDER BY at_utc, id",
                (goal_id,),
            ).fetchall()
            connection.execute("DELETE FROM goal_ratings WHERE goal_id = ?", (goal_id,))
            connection.execute("DELETE FROM function_goals WHERE id = ?", (goal_id,))
        return goal_from_row(row), [rating_from_row(rating) for rating in ratings]

    def add_goal_ratings(self, ratings: Iterable[GoalRating]) -> None:
        """Store one round of ratings (one per goal) in one transaction."""
        with self._write("save the ratings") as connection:
            connection.executemany(INSERT_RATING, map(rating_row, ratings))

    def goal_ratings(
        self, since: date | None = None, until: date | None = None
    ) -> list[GoalRating]:
        """Ratings of every goal given on a local date in range, oldest first."""
        where, params = day_range(since, until)
        rows = self._query(
            "read your ratings",
            f"SELECT {RATING_COLUMNS} FROM goal_ratings WHERE {where} ORDER BY at_utc, id",
            params,
        )
        return [rating_from_row(row) for row in rows]

    def add_self_test(self, result: SelfTestResult) -> None:
        """Store one self-test result (its id must be new), the moment it is taken."""
        with self._write("save the self-test") as connection:
            connection.execute(INSERT_SELF_TEST, self_test_row(result))

    def self_test_results(
        self, since: date | None = None, until: date | None = None
    ) -> list[SelfTestResult]:
        """Self-test results taken on a local date in range, oldest first."""
        where, params = day_range(since, until)
        rows = self._query(
            "read your self-tests",
            f"SELECT {SELF_TEST_COLUMNS} FROM self_tests WHERE {where} ORDER BY at_utc, id",
            params,
        )
        return [self_test_from_row(row) for row in rows]

    # ----------------------------------------------------------------- daily factors and
    # trials (schema 3.2)

    def save_daily_factors(self, factors: DailyFactors) -> None:
        """Store the factors of ``factors.at``'s local day, replacing that day's answers."""
        if factors.is_empty:
            raise ValueError("daily factors with no answer are not stored")
        with self._write("save the day's factors") as connection:
            connection.execute(SAVE_FACTORS, factors_row(factors))

    def daily_factors(
        self, since: date | None = None, until: date | None = None
    ) -> list[DailyFactors]:
        """The daily factors of local dates within ``since``..``until``, by day."""
        where, params = day_range(since, until)
        rows = self._query(
            "read the daily factors",
            f"SELECT {FACTORS_COLUMNS} FROM daily_factors WHERE {where} ORDER BY local_date",
            params,
        )
        return [factors_from_row(row) for row in rows]

    def latest_daily_factors(self, until: date) -> DailyFactors | None:
        """The newest day's factors on or before ``until`` (what the pain dialog remembers)."""
        rows = self._query(
            "read the daily factors",
            f"SELECT {FACTORS_COLUMNS} FROM daily_factors WHERE local_date <= ?"
            " ORDER BY local_date DESC LIMIT 1",
            (until.isoformat(),),
        )
        return factors_from_row(rows[0]) if rows else None

    def trials(self) -> list[Trial]:
        """Every trial, oldest first."""
        rows = self._query(
            "read the trials", f"SELECT {TRIAL_COLUMNS} FROM trials ORDER BY at_utc, id"
        )
        return [trial_from_row(row) for row in rows]

    def start_trial(self, trial: Trial) -> None:
        """Store a new trial; TrialError while another is still to come or under way."""
        from footcoach.trials import TrialError, TrialStatus

        today = trial.created.local_date
        with self._write("save the trial") as connection:
            rows = connection.execute(
                f"SELECT {TRIAL_COLUMNS} FROM trials WHERE status = ?",
                (TrialStatus.RUNNING.value,),
            ).fetchall()
            running = [trial_from_row(row) for row in rows]
            if any(other.is_open(today) for other in running):
                raise TrialError("a trial is already under way: end or cancel it first")
            connection.execute(INSERT_TRIAL, trial_row(trial))

    def end_trial(self, trial_id: str, ended: Moment, status: TrialStatus) -> None:
        """End a running trial early or cancel it; KeyError if no running trial has that id."""
        from footcoach.trials import TrialStatus

        if status is TrialStatus.RUNNING:
            raise ValueError("a trial ends early or is cancelled")
        with self._write("save the trial") as connection:
            cursor = connection.execute(
                "UPDATE trials SET status = ?, ended_utc = ?, ended_local_date = ?,"
                " ended_utc_offset_minutes = ? WHERE id = ? AND status = ?",
                (status.value, *moment_row(ended), trial_id, TrialStatus.RUNNING.value),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"no running trial with id {trial_id!r}")
