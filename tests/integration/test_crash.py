"""Kill -9 a process writing history at random moments: no committed record is ever lost.

A child process opens the history and writes sets and pain entries in a loop (single writes
and small bulk writes), printing each id only after its write returned. The test reads a
random number of those lines, then SIGKILLs the child, which lands anywhere: in the middle of
a commit, between commits, during open (backup, checks), or at interpreter start. Afterwards
every printed id must be present and the database must pass its integrity checks.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from footcoach.history import History, check_health

KILLS = 100
MIN_KILLS = 50
TIME_BUDGET_S = 15.0

CHILD = """
import itertools, sys
from pathlib import Path
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, SetRecord, Side

tag = sys.argv[2]
out = sys.stdout
out.write("opening\\n"); out.flush()
history = History.open(Path(sys.argv[1]))
out.write("opened\\n"); out.flush()
session = SessionRecord(f"{tag}-session", "daily", Moment.now())
history.start_session(session)
out.write(f"session {session.id}\\n"); out.flush()
for i in itertools.count(1):
    if i % 7 == 0:
        batch = [
            PainEntry(f"{tag}-bulk{i}-{k}", Moment.now(), k, PainContext.MORNING) for k in range(5)
        ]
        history.add_records(pain=batch)
        out.write("".join(f"pain {e.id}\\n" for e in batch)); out.flush()
    elif i % 2:
        record = SetRecord(
            f"{tag}-set{i}", session.id, "towel-curls", Side.LEFT, i, Moment.now(), reps=8
        )
        history.add_set(record)
        out.write(f"set {record.id}\\n"); out.flush()
    else:
        entry = PainEntry(f"{tag}-pain{i}", Moment.now(), i % 11, PainContext.DAY, "note")
        history.add_pain(entry)
        out.write(f"pain {entry.id}\\n"); out.flush()
"""


def _record(line: str, printed: dict[str, set[str]]) -> None:
    kind, _, ident = line.rstrip("\n").partition(" ")
    if ident:
        printed[kind].add(ident)


@pytest.mark.slow
def test_sigkill_never_loses_a_committed_record(data_dir: Path) -> None:
    rng = random.Random(20250602)
    printed: dict[str, set[str]] = {"pain": set(), "set": set(), "session": set()}
    began = time.monotonic()
    kills = 0
    while kills < KILLS and time.monotonic() - began < TIME_BUDGET_S:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), f"c{kills}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        # Mostly mid-loop; sometimes during open, or before the child got anywhere.
        stage = rng.random()
        lines_before_kill = 0 if stage < 0.05 else 1 if stage < 0.15 else rng.randint(2, 40)
        for _ in range(lines_before_kill):
            line = child.stdout.readline()
            assert line.endswith("\n"), f"writer died on its own: {line!r}"
            _record(line, printed)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # Lines printed before the kill landed: each write returned before its line.
        for line in child.stdout.read().splitlines(keepends=True):
            if line.endswith("\n"):
                _record(line, printed)
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        kills += 1

    assert kills >= MIN_KILLS, f"only {kills} kills in {TIME_BUDGET_S} s"
    assert len(printed["pain"]) + len(printed["set"]) > 200
    health = check_health(data_dir)
    assert health.ok, health.reason
    with History.open(data_dir) as history:
        assert history.recovery is None
        assert printed["pain"] <= {entry.id for entry in history.pain_entries()}
        assert printed["set"] <= {record.id for record in history.sets()}
        assert printed["session"] <= {session.id for session in history.sessions()}
    assert not list(data_dir.glob("history.sqlite3.damaged-*"))
