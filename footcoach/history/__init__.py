"""The history store: one SQLite file holding pain entries, sessions and completed sets.

``History`` is the one way code reads and writes history; no SQL lives outside this package.
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

Schema v3 adds the answers to the red-flag questions (``screenings``); v3.1, a minor step an
older FootCoach of major 3 still reads and writes, adds function goals and self-tests (see
``footcoach.function_goals`` and ``footcoach.self_tests``)::

    function_goals(id, name, created_utc, created_local_date, created_utc_offset_minutes,
                   retired_utc, retired_local_date, retired_utc_offset_minutes)
    goal_ratings(id, goal_id -> function_goals, at_utc, local_date, utc_offset_minutes, score)
    self_tests(id, test, side, at_utc, local_date, utc_offset_minutes, value)

Day-range queries go through indexes that lead with ``local_date``, so their cost follows the
days asked for, not the rows stored.

The package: ``schema`` (tables, migrations, what SQLite's errors mean), ``rows`` (records to
rows and back), ``inspection`` (the file from outside: inspection, backups, recovery, health)
and ``store`` (``History``). The names below are the ones the rest of FootCoach uses.
"""

from footcoach.history.inspection import (
    BackupInfo,
    Health,
    HistoryDamagedError,
    HistoryError,
    backup_dir,
    backups_to_keep,
    check_health,
    damaged_error,
    database_path,
    is_good_backup,
    list_backups,
    newest_good_backup,
    restore_backup,
    restore_command,
    set_aside_damaged,
)
from footcoach.history.rows import LevelChangeRow, RoutineRow
from footcoach.history.schema import (
    BACKUP_DIR_NAME,
    DB_FILE_NAME,
    KEEP_DAILY,
    KEEP_WEEKLY,
    MIGRATIONS,
    SCHEMA_VERSION,
    MigrationStep,
    SchemaVersion,
)
from footcoach.history.store import History

__all__ = [
    "BACKUP_DIR_NAME",
    "DB_FILE_NAME",
    "KEEP_DAILY",
    "KEEP_WEEKLY",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "MigrationStep",
    "SchemaVersion",
    "BackupInfo",
    "Health",
    "History",
    "HistoryDamagedError",
    "HistoryError",
    "LevelChangeRow",
    "RoutineRow",
    "backup_dir",
    "backups_to_keep",
    "check_health",
    "damaged_error",
    "database_path",
    "is_good_backup",
    "list_backups",
    "newest_good_backup",
    "restore_backup",
    "restore_command",
    "set_aside_damaged",
]
