"""Ways a history file gets damaged, for the tests and the soak: each changes the file in place.

``DAMAGE`` maps a short name to a function of the database path. The file must be closed (no
WAL): each kind then damages what a reader meets first.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

PAGE_SIZE = 4096


def overwrite_header(path: Path) -> None:
    """The first 100 bytes (SQLite's header) overwritten, as by a stray write."""
    with path.open("r+b") as handle:
        handle.write(b"\xa5" * 100)


def truncate(path: Path) -> None:
    """Cut to half its size, as by a full disk or a copy stopped half-way."""
    os.truncate(path, path.stat().st_size // 2)


def zero_middle_page(path: Path) -> None:
    """One page in the middle zeroed, as by a bad sector."""
    pages = path.stat().st_size // PAGE_SIZE
    with path.open("r+b") as handle:
        handle.seek((pages // 2) * PAGE_SIZE)
        handle.write(b"\0" * PAGE_SIZE)


def zero_table_root(path: Path, table: str = "pain_entries") -> None:
    """The root page of one table zeroed: a bad sector every read of that table meets."""
    with closing(sqlite3.connect(path)) as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)
        ).fetchone()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * PAGE_SIZE)
        handle.write(b"\0" * PAGE_SIZE)


def malform_schema(path: Path) -> None:
    """A table's definition in sqlite_schema replaced by text SQLite cannot parse."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "UPDATE sqlite_schema SET sql = 'CREATE TABLE pain_entries (oops' "
            "WHERE name = 'pain_entries'"
        )
        connection.commit()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "header": overwrite_header,
    "truncated": truncate,
    "zeroed-page": zero_middle_page,
    "schema": malform_schema,
}
