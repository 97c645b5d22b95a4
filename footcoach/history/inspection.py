"""The history file from outside: inspecting it, backups and their rotation, restoring, setting a
damaged file aside, and the health check."""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from footcoach import paths
from footcoach.errors import FootCoachError
from footcoach.history import schema
from footcoach.history.schema import (
    _DAILY_NAME,
    _HEADER_SIZE,
    _MAGIC,
    _MIGRATION_NAME,
    _STAMP,
    APPLICATION_ID,
    BACKUP_DIR_NAME,
    COUNT_KEYS,
    DB_FILE_NAME,
    KEEP_DAILY,
    KEEP_WEEKLY,
    MIN_SQLITE,
    SchemaVersion,
)

log = logging.getLogger(__name__)


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
    schema_version: SchemaVersion | None
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
    schema_version: SchemaVersion | None
    counts: Mapping[str, int] | None
    problems: tuple[str, ...] = ()
    #: The file is damaged (not merely foreign or newer): ``reason`` says how.
    damaged: bool = False


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
def translated_errors(action: str, path: Path) -> Iterator[None]:
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


def has_companions(path: Path) -> bool:
    return any(companion.exists() for companion in _companions(path)[1:])


def _remove_inspection_leftovers(path: Path, existed: set[Path]) -> None:
    """Remove the shm and empty WAL that our read-only look created, so only the person's
    files travel with the damaged one (an shm is a rebuildable index, never data)."""
    for companion in _companions(path)[1:]:
        if companion in existed or not companion.exists():
            continue
        if companion.name.endswith("-shm") or companion.stat().st_size == 0:
            companion.unlink()


def move_aside(path: Path, label: str) -> Path:
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


def create_private_file(path: Path) -> None:
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


def connect_read_only(path: Path) -> sqlite3.Connection:
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
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(schema.BUSY_TIMEOUT_MS)}")
    except BaseException:
        connection.close()  # never left to the garbage collector (Python 3.13 warns)
        raise
    return connection


def _replayed_copy(path: Path) -> sqlite3.Connection:
    """An in-memory copy of ``path`` with its WAL applied, made in a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="footcoach-") as folder:
        copy = Path(folder) / DB_FILE_NAME
        for source, target in zip(_companions(path)[:2], _companions(copy)[:2], strict=True):
            shutil.copyfile(source, target)
        return copy_in_memory(sqlite3.connect(copy, isolation_level=None))


def schema_state(connection: sqlite3.Connection) -> tuple[SchemaVersion, int, int]:
    """(schema version, application_id, number of tables) of an open database."""
    version = read_version(connection)
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = connection.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
    ).fetchone()[0]
    return version, int(app_id), int(tables)


def read_version(connection: sqlite3.Connection) -> SchemaVersion:
    """The schema version of an open database, whichever numbering wrote it."""
    return SchemaVersion.unpack(int(connection.execute("PRAGMA user_version").fetchone()[0]))


def foreign_problem(version: SchemaVersion, app_id: int, tables: int) -> str | None:
    """Why a readable database is not one this app may open, or None."""
    if app_id not in (0, APPLICATION_ID) or (version.major == 0 and tables > 0):
        return "history.sqlite3 is not a FootCoach history (it holds another program's data)"
    latest = schema.latest_version()
    if not version.readable_by(latest):
        return (
            f"the history was written by a newer FootCoach (schema v{version}; this version "
            f"reads up to v{latest.major}.x); update FootCoach to open it"
        )
    return None


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    row = connection.execute(
        "SELECT (SELECT count(*) FROM pain_entries), (SELECT count(*) FROM sessions),"
        " (SELECT count(*) FROM sets)"
    ).fetchone()
    return dict(zip(COUNT_KEYS, (int(n) for n in row), strict=True))


def _quick_check(connection: sqlite3.Connection) -> str | None:
    rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first.splitlines()[-1][:200]


def _inspect(path: Path) -> tuple[str | None, SchemaVersion | None]:
    """Read-only look at an existing file: (reason it is damaged or None, schema version).

    A file this app may not open (newer, foreign) raises HistoryError and is left as it is.
    Read-only, so a damaged file is not checkpointed or otherwise written before we move it.
    """
    problem = _file_problem(path)
    if problem is not None:
        return problem, None
    try:
        with closing(connect_read_only(path)) as connection:
            version, app_id, tables = schema_state(connection)
            refusal = foreign_problem(version, app_id, tables)
            if refusal is not None:
                raise HistoryError(f"Cannot open the history: {refusal}")
            return _quick_check(connection), version
    except sqlite3.DatabaseError as error:
        if _primary_code(error) in _DAMAGE_CODES:
            return str(error), None
        raise
    except OSError as error:  # a copy for replaying the WAL cut short: the file is not whole
        return f"it cannot be read ({error.strerror or error})", None


# --------------------------------------------------------------------------- backups


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy with the online backup API into ``target`` (0600), atomically renamed into place."""
    partial = target.with_name(target.name + ".partial")
    for stale in _companions(partial):
        stale.unlink(missing_ok=True)
    create_private_file(partial)
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
    version: SchemaVersion | None = None
    counts: dict[str, int] | None = None
    with suppress(sqlite3.Error), closing(connect_read_only(path)) as connection:
        version = read_version(connection)
        counts = table_counts(connection)
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
    with translated_errors("set the damaged history aside", database_path(data_dir)):
        return move_aside(database_path(data_dir), "damaged")


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


def rotate_backups(directory: Path, current_records: int) -> None:
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
    with translated_errors("restore the backup", backup):
        if not backup.is_file():
            raise HistoryError(f"Cannot restore: no backup file at {backup}")
        problem, _version = _inspect(backup)
        if problem is not None:
            raise HistoryError(f"Cannot restore {backup.name}: {problem}")
        Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".restoring")
        with closing(connect_read_only(backup)) as source:
            copy_database(source, staged)
        moved = (
            move_aside(target, "replaced") if target.exists() or has_companions(target) else None
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
    with translated_errors("check the history", path):
        problem = _file_problem(path)
        if problem is not None:
            return Health(path, True, False, problem, None, None, (problem,), damaged=True)
        try:
            with closing(connect_read_only(path)) as connection:
                version, app_id, tables = schema_state(connection)
                refusal = foreign_problem(version, app_id, tables)
                if refusal is not None:
                    return Health(path, True, False, refusal, version, None)
                rows = connection.execute("PRAGMA integrity_check(20)").fetchall()
                problems = tuple(str(row[0]) for row in rows if row[0] != "ok")
                foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
                problems += tuple(
                    f"{row[0]} row {row[1]} points to a missing {row[2]} row" for row in foreign
                )
                counts = table_counts(connection) if version.major >= 1 and not problems else None
        except sqlite3.DatabaseError as error:
            if _primary_code(error) not in _DAMAGE_CODES:
                raise
            return Health(path, True, False, str(error), None, None, (str(error),), damaged=True)
    if problems:
        first = problems[0].splitlines()[0]
        return Health(path, True, False, first, version, None, problems, damaged=True)
    return Health(path, True, True, "", version, counts)


# --------------------------------------------------------------------------- the store


def require_sqlite() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise HistoryError(
            f"Cannot open the history: FootCoach needs SQLite {'.'.join(map(str, MIN_SQLITE))}"
            f" or newer, this Python has {sqlite3.sqlite_version}"
        )


def history_write_problem(data_dir: Path) -> str | None:
    """Why the history of ``data_dir`` cannot be written (read-only, full, permission), or None."""
    if not data_dir.is_dir():
        return None  # created on open; a failure there says why
    problem = paths.write_problem(data_dir)
    path = database_path(data_dir)
    if problem is None and path.exists() and not os.access(path, os.W_OK):
        problem = "the history file is read-only"
    return problem


def refuse_damaged(data_dir: Path) -> None:
    """Raise HistoryDamagedError if the history of ``data_dir`` is damaged; change nothing."""
    path = database_path(data_dir)
    existed = {companion for companion in _companions(path) if companion.exists()}
    problem, _version = _inspect(path)
    if problem is None:
        return
    with suppress(OSError):
        _remove_inspection_leftovers(path, existed)
    raise damaged_error(data_dir, problem)


def copy_in_memory(connection: sqlite3.Connection) -> sqlite3.Connection:
    """A copy in memory (for a migration that must not touch the file); closes ``connection``."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    with closing(connection):
        try:
            connection.backup(memory)
        except BaseException:
            memory.close()
            raise
    return memory
