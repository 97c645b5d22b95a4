"""Soak: SIGKILL processes writing history, then count what was acknowledged and what is stored.

Each round starts one writer and kills it (SIGKILL) after a random number of acknowledged
writes: mostly mid-loop, sometimes while it opens the history (checks, backup, rotation) or
before it got anywhere. Writers are of two kinds:

- the library (``History``): single sets and pain entries and small bulk writes, printing each
  id only after its write returned;
- the command line (``footcoach log-pain --note <unique>``), acknowledged when it printed
  "Logged pain".

Every ``--check-every`` kills, and at the end, the database gets SQLite's integrity check.
The counts at the end: acknowledged records, how many of them are not stored (lost), checks
run and how many found damage. Exit 0 when nothing was lost and nothing damaged, else 1.

Usage: python scripts/soak_kills.py [--kills N] [--seconds S] [--seed N] [--cli-share F]
                                    [--check-every N] [--data-dir DIR] [--json]
``tests/integration/test_crash.py`` runs a short soak (100 kills) in the everyday suite.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from footcoach.history import History, check_health
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, SetRecord, Side

KINDS = ("pain", "set", "session")


@dataclass
class Counts:
    """What the soak saw; the JSON keys carry their units."""

    kills: int = 0
    cli_kills: int = 0
    cli_acknowledged_entries: int = 0
    acknowledged_records: int = 0
    stored_acknowledged_records: int = 0
    lost_records: int = 0
    integrity_checks: int = 0
    damaged_checks: int = 0
    damaged_files_set_aside: int = 0
    elapsed_s: float = 0.0
    first_problem: str = ""


@dataclass
class Acknowledged:
    """Ids (library writers) and notes (CLI writers) whose write returned before the kill."""

    ids: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KINDS})
    notes: set[str] = field(default_factory=set)

    def total(self) -> int:
        return sum(len(ids) for ids in self.ids.values()) + len(self.notes)


def write_forever(data_dir: Path, tag: str) -> None:
    """The library writer: write and acknowledge, one line per record, until killed."""
    out = sys.stdout
    history = History.open(data_dir)
    session = SessionRecord(f"{tag}-session", "daily", Moment.now())
    history.start_session(session)
    out.write(f"session {session.id}\n")
    out.flush()
    for i in itertools.count(1):
        if i % 7 == 0:
            batch = [
                PainEntry(f"{tag}-bulk{i}-{k}", Moment.now(), k, PainContext.MORNING)
                for k in range(5)
            ]
            history.add_records(pain=batch)
            out.write("".join(f"pain {entry.id}\n" for entry in batch))
        elif i % 2:
            record = SetRecord(
                f"{tag}-set{i}", session.id, "towel-curls", Side.LEFT, i, Moment.now(), reps=8
            )
            history.add_set(record)
            out.write(f"set {record.id}\n")
        else:
            entry = PainEntry(f"{tag}-pain{i}", Moment.now(), i % 11, PainContext.DAY, "note")
            history.add_pain(entry)
            out.write(f"pain {entry.id}\n")
        out.flush()


def _library_round(data_dir: Path, tag: str, rng: random.Random, seen: Acknowledged) -> None:
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", str(data_dir), tag],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    stage = rng.random()
    lines_before_kill = 0 if stage < 0.05 else 1 if stage < 0.15 else rng.randint(2, 40)
    for _ in range(lines_before_kill):
        line = child.stdout.readline()
        if not line.endswith("\n"):
            raise RuntimeError(f"writer {tag} died on its own: {line!r}")
        _note(line, seen)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    # Lines written before the kill landed: each write returned before its line.
    for line in child.stdout.read().splitlines(keepends=True):
        if line.endswith("\n"):
            _note(line, seen)
    child.stdout.close()


def _note(line: str, seen: Acknowledged) -> None:
    kind, _, ident = line.rstrip("\n").partition(" ")
    if kind in seen.ids and ident:
        seen.ids[kind].add(ident)


def _cli_round(data_dir: Path, tag: str, rng: random.Random, seen: Acknowledged) -> None:
    """``footcoach log-pain``, killed at a random moment of its short life."""
    child = subprocess.Popen(
        [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir), "log-pain", "3"]
        + ["--note", tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        child.wait(timeout=rng.uniform(0.05, 1.2))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.stdout is not None
    if child.stdout.read().startswith("Logged pain"):
        seen.notes.add(tag)
    child.stdout.close()


def _lost(data_dir: Path, seen: Acknowledged) -> int:
    with History.open(data_dir) as history:
        stored = {
            "pain": {entry.id for entry in history.pain_entries()},
            "set": {record.id for record in history.sets()},
            "session": {session.id for session in history.sessions()},
        }
        notes = {entry.note for entry in history.pain_entries()}
    lost = sum(len(seen.ids[kind] - stored[kind]) for kind in KINDS)
    return lost + len(seen.notes - notes)


def soak(
    data_dir: Path,
    kills: int,
    seconds: float,
    seed: int,
    cli_share: float,
    check_every: int,
) -> Counts:
    """Run the soak on ``data_dir`` and count."""
    rng = random.Random(seed)
    seen = Acknowledged()
    counts = Counts()
    began = time.monotonic()

    def check() -> None:
        counts.integrity_checks += 1
        health = check_health(data_dir)
        if not health.ok:
            counts.damaged_checks += 1
            counts.first_problem = counts.first_problem or health.reason

    while counts.kills < kills and time.monotonic() - began < seconds:
        tag = f"k{counts.kills}"
        if rng.random() < cli_share:
            _cli_round(data_dir, tag, rng, seen)
            counts.cli_kills += 1
        else:
            _library_round(data_dir, tag, rng, seen)
        counts.kills += 1
        if check_every and counts.kills % check_every == 0:
            check()
    check()
    counts.cli_acknowledged_entries = len(seen.notes)
    counts.acknowledged_records = seen.total()
    counts.lost_records = _lost(data_dir, seen)
    counts.stored_acknowledged_records = counts.acknowledged_records - counts.lost_records
    counts.damaged_files_set_aside = len(list(data_dir.glob("history.sqlite3.damaged-*")))
    counts.elapsed_s = round(time.monotonic() - began, 1)
    return counts


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        write_forever(Path(sys.argv[2]), sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many kills (default 1000)")
    parser.add_argument("--seconds", type=float, default=3600.0, help="time budget")
    parser.add_argument("--seed", type=int, default=20250602)
    parser.add_argument(
        "--cli-share", type=float, default=0.1, help="share of kills aimed at log-pain"
    )
    parser.add_argument("--check-every", type=int, default=25, help="kills between checks")
    parser.add_argument("--data-dir", type=Path, help="default: a new temporary dir")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="footcoach-soak-") as scratch:
        data_dir = args.data_dir or Path(scratch) / "data"
        counts = soak(
            data_dir, args.kills, args.seconds, args.seed, args.cli_share, args.check_every
        )
    if args.json:
        print(json.dumps(asdict(counts)))
    else:
        for key, value in asdict(counts).items():
            print(f"{key:>28}: {value}")
    return 0 if counts.lost_records == 0 and counts.damaged_checks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
