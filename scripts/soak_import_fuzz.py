"""Fuzz soak of every import door: mutate valid files many times and check what happens.

Usage: python scripts/soak_import_fuzz.py [--count N] [--seed S] [--json]

Starts from a valid CSV export, JSON export and prescription file (a demo history with notes
that stress the format, and a built-in routine with notes), and imports ``--count`` mutated
copies (bytes replaced, inserted, deleted or cut; lines swapped or repeated; values swapped for
hostile ones: control characters, look-alike names, offsets real zones never use, notes over the
limit, brackets nested deep, columns by the thousand). Each import must either be refused with
one line (a ``FootCoachError``) and change nothing, or succeed and leave only records that
FootCoach itself would write (the whole history exports and reads back unchanged; a routine
passes the store's checks and round-trips through a file).

Prints the counts; with ``--json`` one JSON object. Exit 1 if anything went wrong:
``tracebacks`` (an exception other than the one-line kind), ``partial_writes`` (a refused
history import that changed the history), ``wrong_accepted`` (an accepted file whose records
FootCoach cannot read back), ``multi_line_messages``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from footcoach import demo
from footcoach.catalog import load_catalog
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.report import (
    RecordSet,
    encode_records,
    export_history,
    import_history,
    read_history_file,
)
from footcoach.routines import (
    check_routine,
    load_builtin_routines,
    read_routine_file,
    routine_toml,
)

NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
CATALOG = load_catalog()
HOSTILE = [
    "\x1b[2J", "\x00", "\x07", "\x85", "\u202e", "\u00a0", "\u200b", "\n", "\r\n", '"', ",",
    "'", "=1+1", "-1+1", "+23:00", "-13:00", "+14:00", "Z", "1969-12-31T23:59:59Z",
    "9999-12-31T23:59:59+00:00", "2025-02-30T08:00:00+00:00", "x" * 10_001, "n" * 300,
    "[" * 600, "{" * 600, "]", "1e999", "NaN", "-0", "null", "true", "\ud800", "\\u0000",
    ",".join(f"c{i}" for i in range(5_000)), "\ufeff", "\U0001f9b6",
]  # fmt: skip


@dataclass
class Counts:
    files: int = 0
    history_files: int = 0
    routine_files: int = 0
    refused: int = 0
    accepted: int = 0
    tracebacks: int = 0
    partial_writes: int = 0
    wrong_accepted: int = 0
    multi_line_messages: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return (
            self.tracebacks + self.partial_writes + self.wrong_accepted + self.multi_line_messages
        )

    def note(self, what: str, detail: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        if len(self.examples) < 5:
            self.examples.append(f"{what}: {detail[:300]}")


def seed_files() -> dict[str, bytes]:
    """Valid files to start from: a CSV and a JSON export, and a prescription file."""
    made = demo.generate(20, seed=3, end=date(2025, 6, 20), now=NOW)
    at = Moment.from_datetime(datetime(2025, 3, 30, 8, 5, 12, tzinfo=UTC))
    tricky = (
        PainEntry("p-formula", at, 3, PainContext.DAY, '=HYPERLINK("x","y")'),
        PainEntry("p-lines", at, 5, PainContext.MORNING, 'two\r\nlines, a comma, "quoted"'),
        PainEntry("p-minus", at, 0, PainContext.DAY, "-1 since yesterday \u00e9\u2713"),
    )
    records = RecordSet(made.pain + tricky, made.sessions, made.sets)
    routine = load_builtin_routines(CATALOG)[0]
    return {
        ".csv": encode_records(records, ".csv"),
        ".json": encode_records(records, ".json"),
        ".toml": routine_toml(replace(routine, note="Go gently.\nStop if it burns.")).encode(),
    }


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random changes."""
    for _ in range(rng.randint(1, 3)):
        data = _one_change(data, rng)
    return data


def _one_change(data: bytes, rng: random.Random) -> bytes:
    position = rng.randint(0, len(data))
    how = rng.choice(["replace", "insert", "delete", "truncate", "lines", "value", "value"])
    junk = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
    if how == "replace":
        return data[:position] + junk + data[position + len(junk) :]
    if how == "insert":
        return data[:position] + junk + data[position:]
    if how == "delete":
        return data[:position] + data[position + rng.randint(1, 40) :]
    if how == "truncate":
        return data[:position]
    lines = data.split(b"\n")
    if how == "lines":
        index = rng.randrange(len(lines))
        if rng.random() < 0.5:
            lines.insert(index, lines[rng.randrange(len(lines))])  # a repeated record
        else:
            rng.shuffle(lines)
        return b"\n".join(lines)
    # A value between quotes or commas replaced by a hostile one.
    index = rng.randrange(len(lines))
    for separator in (b'"', b","):
        parts = lines[index].split(separator)
        if len(parts) > 2:
            parts[rng.randrange(1, len(parts) - 1)] = junk.replace(separator, b"")
            lines[index] = separator.join(parts)
            break
    return b"\n".join(lines)


def _one_line(message: str) -> bool:
    return not any(char in message for char in "\n\r\x1b\x00\x85\u202e")


def _snapshot(history: History) -> tuple[object, ...]:
    return history.counts(), history.pain_entries(), history.sessions(), history.sets()


def soak_history(path: Path, history: History, counts: Counts) -> None:
    before = _snapshot(history)
    try:
        import_history(history, path, now=NOW)
    except FootCoachError as error:
        counts.refused += 1
        if not _one_line(str(error)):
            counts.note("multi_line_messages", repr(str(error)))
        if _snapshot(history) != before:
            counts.note("partial_writes", str(error))
        return
    counts.accepted += 1
    # Nothing wrong accepted: all FootCoach now holds exports and reads back unchanged.
    for kind in (".csv", ".json"):
        again = path.with_name(f"again{kind}")
        export_history(history, again)
        read = read_history_file(again, now=NOW)
        if _by_id(read) != _by_id(history):
            counts.note("wrong_accepted", f"{path.name} does not read back")


def _by_id(records: RecordSet | History) -> list[list[object]]:
    groups = (
        (records.pain, records.sessions, records.sets)
        if isinstance(records, RecordSet)
        else (records.pain_entries(), records.sessions(), records.sets())
    )
    return [sorted(group, key=lambda record: record.id) for group in groups]


def soak_routine(path: Path, counts: Counts) -> None:
    try:
        routine = read_routine_file(path, CATALOG, check_images=False)
    except FootCoachError as error:
        counts.refused += 1
        if not _one_line(str(error)):
            counts.note("multi_line_messages", repr(str(error)))
        return
    counts.accepted += 1
    try:
        check_routine(routine, CATALOG)  # what the store checks before saving
        again = path.with_name("again.toml")
        again.write_text(routine_toml(routine), "utf-8")
        if read_routine_file(again, CATALOG, check_images=False) != routine:
            counts.note("wrong_accepted", f"{path.name} does not round-trip")
    except FootCoachError as error:
        counts.note("wrong_accepted", f"accepted but then refused: {error}")


def run(count: int, seed: int) -> Counts:
    rng = random.Random(seed)
    counts = Counts()
    originals = seed_files()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with History.open(root / "data") as history:
            history.add_records(pain=[demo.generate(3, seed=9, end=date(2025, 6, 1)).pain[0]])
            for _ in range(count):
                kind = rng.choice(sorted(originals))
                path = root / f"mutated{kind}"
                path.write_bytes(mutate(originals[kind], rng))
                counts.files += 1
                try:
                    if kind == ".toml":
                        counts.routine_files += 1
                        soak_routine(path, counts)
                    else:
                        counts.history_files += 1
                        soak_history(path, history, counts)
                except Exception:  # noqa: BLE001 - counting them is the point
                    counts.note("tracebacks", traceback.format_exc(limit=-3))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2_000, help="mutated files (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = run(args.count, args.seed)
    figures = {
        "files": counts.files,
        "history_files": counts.history_files,
        "routine_files": counts.routine_files,
        "refused": counts.refused,
        "accepted": counts.accepted,
        "tracebacks": counts.tracebacks,
        "partial_writes": counts.partial_writes,
        "wrong_accepted": counts.wrong_accepted,
        "multi_line_messages": counts.multi_line_messages,
        "elapsed_s": round(time.perf_counter() - start, 1),
    }
    if args.json:
        print(json.dumps({**figures, "examples": counts.examples}))
    else:
        for key, value in figures.items():
            print(f"{key:>20}: {value}")
        for example in counts.examples:
            print(example)
    return 1 if counts.bad else 0


if __name__ == "__main__":
    sys.exit(main())
