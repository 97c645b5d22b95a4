"""``footcoach check`` and ``footcoach restore BACKUP``: the health of the history and its backups.

``check`` only reads (it is safe while FootCoach runs); ``restore`` writes, so it takes the
instance lock, waiting briefly for another FootCoach to let go.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from footcoach import paths
from footcoach.errors import FootCoachError


def register(subparsers: Any) -> None:
    """Add the ``check`` and ``restore`` sub-commands."""
    check = subparsers.add_parser(
        "check",
        help="check the history database and list its backups",
        description="Run SQLite's integrity and foreign-key checks on the history (read-only) "
        "and list the backups with their dates and record counts. Exits 0 when healthy, "
        "1 with a one-line reason when not.",
    )
    check.set_defaults(run=run_check)
    restore = subparsers.add_parser(
        "restore",
        help="replace the history with a backup (the current file is kept aside)",
        description="Restore a backup. The current history file is moved aside to "
        "history.sqlite3.replaced-<time>, never deleted.",
    )
    restore.add_argument(
        "backup",
        metavar="BACKUP",
        help="a backup file, the name of one in <data dir>/backups/, or its date (YYYY-MM-DD)",
    )
    restore.set_defaults(run=run_restore)


def describe_counts(counts: Mapping[str, int] | None) -> str:
    """Record counts in words, e.g. ``12 pain entries, 3 sessions, 20 sets``."""
    if counts is None:
        return "unreadable"
    return (
        f"{counts.get('pain_entries', 0)} pain entries, {counts.get('sessions', 0)} sessions, "
        f"{counts.get('sets', 0)} sets"
    )


def run_check(args: argparse.Namespace) -> int:
    """Print the health of the history and the backups; 1 with a reason if damaged."""
    from footcoach.history import check_health, damaged_error, list_backups

    data_dir = paths.data_dir()
    health = check_health(data_dir)
    if not health.exists:
        print(f"History: none yet ({health.path})")
    elif health.ok:
        print(f"History: ok, schema v{health.schema_version}, {describe_counts(health.counts)}")
        print(f"  {health.path}")
    else:
        print(f"History: NOT OK ({health.path})")
        for problem in health.problems[:10]:
            print(f"  {problem}")
    backups = list_backups(data_dir)
    print(f"Backups: {len(backups)}" + (" (none yet)" if not backups else ""))
    for info in backups:
        print(f"  {info.day.isoformat()}  {info.kind:<13}  {describe_counts(info.counts)}")
        print(f"      {info.path}")
    if health.damaged:
        raise damaged_error(data_dir, health.reason)
    if not health.ok:
        print(f"footcoach: {health.reason}", file=sys.stderr)
        return 1
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore one backup under the instance lock, then open it to migrate and check it."""
    from footcoach.history import History, restore_backup
    from footcoach.instance import InstanceLock

    data_dir = paths.data_dir()
    backup = find_backup(data_dir, args.backup)
    with InstanceLock(data_dir):
        moved = restore_backup(data_dir, backup)
        with History.open(data_dir) as history:
            counts = history.counts()
    print(f"Restored {backup} ({describe_counts(counts)}).")
    if moved is not None:
        print(f"The previous history was kept as {moved}")
    return 0


def find_backup(data_dir: Path, name: str) -> Path:
    """The backup named by a path, a file name in ``backups/``, or a date."""
    from footcoach.history import backup_dir, list_backups

    given = Path(name).expanduser()
    if given.is_file():
        return given.absolute()
    candidate = backup_dir(data_dir) / name
    if candidate.is_file():
        return candidate
    try:
        day = date.fromisoformat(name)
    except ValueError:
        day = None
    if day is not None:
        for info in list_backups(data_dir):
            if info.day == day:
                return info.path
    raise FootCoachError(f"no backup {name!r} (see 'footcoach check' for the list)")
