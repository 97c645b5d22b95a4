"""``footcoach export OUT.csv|OUT.json`` and ``footcoach import IN.csv|IN.json``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from footcoach import paths
from footcoach.errors import UsageError

_FORMATS = ".csv or .json"


def register(subparsers: Any) -> None:
    """Add the ``export`` and ``import`` sub-commands."""
    export = subparsers.add_parser(
        "export",
        help="write the whole history to a CSV or JSON file",
        description="Write every pain entry, session and set to OUT (format chosen by the "
        "extension; see docs/data-format.md). An existing OUT is replaced.",
    )
    export.add_argument("out", metavar="OUT.csv|OUT.json", help="the file to write")
    export.set_defaults(run=run_export)
    imp = subparsers.add_parser(
        "import",
        help="add the records of a CSV or JSON export to the history",
        description="Check every record of IN first; on any problem name it and write "
        "nothing. Records already in the history (same id) are skipped.",
    )
    imp.add_argument("source", metavar="IN.csv|IN.json", help="the file to read")
    imp.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    """Export the history to ``args.out``."""
    from footcoach.history import History
    from footcoach.report import EXTENSIONS, export_history

    out = Path(args.out)
    if out.suffix.lower() not in EXTENSIONS:
        raise UsageError(f"OUT must end in {_FORMATS}, got {args.out!r}")
    # Reading is all an export needs: it works on a read-only disk too.
    with History.open(paths.data_dir(), or_read_only=True) as history:
        result = export_history(history, out)
    print(
        f"Exported {result.total} records to {out}: {result.pain} pain entries, "
        f"{result.sessions} sessions, {result.sets} sets, {result.screenings} red-flag checks, "
        f"{result.insights} function goals, ratings and self-tests, {result.factors} days of "
        f"daily factors, {result.trials} trials."
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import ``args.source`` into the history (all or nothing)."""
    from footcoach.history import History, database_path
    from footcoach.instance import InstanceLock
    from footcoach.report import import_history, import_records, read_history_file

    source = Path(args.source)
    data_dir = paths.data_dir()
    with InstanceLock(data_dir):
        if database_path(data_dir).exists():
            with History.open(data_dir) as history:
                result = import_history(history, source)
        else:
            # No history yet: check the file before creating one, so a bad file leaves no trace.
            records = read_history_file(source)
            with History.open(data_dir) as history:
                result = import_records(history, records)
    print(
        f"Imported {result.added} new records from {source} "
        f"({result.pain} pain entries, {result.sessions} sessions, {result.sets} sets, "
        f"{result.screenings} red-flag checks, {result.insights} function goals, ratings and "
        f"self-tests, {result.factors} days of daily factors, {result.trials} trials in the file; "
        f"{result.skipped} already in the "
        "history)."
    )
    return 0
