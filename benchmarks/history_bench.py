"""What the history store costs: commit latency, opening 10 years, size on disk, range reads.

Builds its own deterministic 10-year history (a simple generator, independent of the demo
module) in a temporary data dir on the disk under ``--dir`` (default: the system temp dir),
then measures:

- commit latency of single writes (``add_pain`` / ``add_set``), median and p99, with
  ``synchronous=FULL`` as shipped and, for comparison, ``NORMAL``;
- writing 10 years in one ``add_records`` call, and ``footcoach demo --days 3650`` as a
  person runs it (a new process: start-up, generation and writing; goal under 10 s);
- opening the 10-year history (checks included; first open of the day also takes the daily
  backup) and computing the daily pain series over all 10 years;
- size on disk per year of use;
- the reads of a 4-week view with 1 year and with 10 years stored (cost should follow days).

Usage: python benchmarks/history_bench.py [--json] [--dir DIR] [--commits N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from footcoach.history import History, database_path
from footcoach.records import (
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)

YEARS = 10
END = date(2025, 12, 31)
EXERCISES = ("towel-curls", "marble-pickups", "calf-stretch", "toe-spread", "heel-raises")
MiB = 1024 * 1024


def generate(days: int, seed: int = 1, end: date = END) -> dict[str, list[Any]]:
    """``days`` days ending on ``end``: ~4 pain entries a day, a session on ~80% of days with
    14 sets, so 10 years is ~15k pain entries, ~3k sessions, ~41k sets."""
    rng = random.Random(seed)
    zone: tzinfo = ZoneInfo("Europe/Berlin")
    pain: list[PainEntry] = []
    sessions: list[SessionRecord] = []
    sets: list[SetRecord] = []
    serial = 0

    def moment(day: date, minutes: float) -> Moment:
        wall = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=minutes)
        return Moment.from_datetime(wall)

    def ident() -> str:
        nonlocal serial
        serial += 1
        return f"{seed:04d}{serial:012d}"

    for offset in range(days):
        day = end - timedelta(days=days - 1 - offset)
        level = max(0.0, 6.0 - 4.0 * offset / days)  # eases over the years

        def score(bump: float, level: float = level) -> int:
            return max(0, min(10, round(level + bump + rng.gauss(0, 1))))

        pain.append(PainEntry(ident(), moment(day, 420), score(1), PainContext.MORNING))
        for _ in range(2):
            minute = rng.uniform(600, 1260)
            pain.append(PainEntry(ident(), moment(day, minute), score(0), PainContext.DAY))
        if rng.random() < 0.8:
            start = rng.uniform(1050, 1140)
            session_id = ident()
            number = 0
            for exercise in rng.sample(EXERCISES, len(EXERCISES)):
                for side in (Side.LEFT, Side.RIGHT):
                    number += 1
                    hold = 30.0 if exercise == "calf-stretch" else None
                    sets.append(
                        SetRecord(
                            ident(),
                            session_id,
                            exercise,
                            side,
                            number,
                            moment(day, start + number),
                            reps=None if hold else rng.randint(6, 10),
                            hold_seconds=hold,
                        )
                    )
            # Pad to 14 sets a session with a second round of the first exercise.
            while number < 14:
                number += 1
                sets.append(
                    SetRecord(
                        ident(),
                        session_id,
                        EXERCISES[0],
                        Side.BOTH,
                        number,
                        moment(day, start + number),
                        reps=8,
                    )
                )
            sessions.append(
                SessionRecord(
                    session_id,
                    "daily",
                    moment(day, start),
                    moment(day, start + 20),
                    completed=rng.random() < 0.95,
                )
            )
            after = PainEntry(
                ident(), moment(day, start + 25), score(0), PainContext.AFTER_EXERCISE
            )
            pain.append(after)
    return {"pain": pain, "sessions": sessions, "sets": sets}


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def timed(action: Callable[[], object]) -> float:
    """Milliseconds ``action`` took."""
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def commit_latencies(data_dir: Path, commits: int, synchronous: str) -> list[float]:
    """Milliseconds per single-record write (alternating pain entries and sets)."""
    records = generate(max(1, commits // 3), seed=7)
    with History.open(data_dir) as history:
        # The shipped setting is FULL; NORMAL is measured only to show what FULL costs.
        history._connection.execute(f"PRAGMA synchronous = {synchronous}")
        session = records["sessions"][0]
        history.start_session(session)
        latencies: list[float] = []
        pain = iter(records["pain"])
        sets = iter(s for s in records["sets"] if s.session_id == session.id)
        for i in range(commits):
            if i % 2 == 0:
                entry = next(pain)
                latencies.append(timed(lambda entry=entry: history.add_pain(entry)))
            else:
                record = next(sets, None)
                if record is None:
                    record = SetRecord(
                        f"extra{i}", session.id, "towel-curls", Side.LEFT, i, session.started, 8
                    )
                latencies.append(timed(lambda record=record: history.add_set(record)))
    return latencies


def four_week_reads(history: History, last: date) -> None:
    """Everything a 4-week history view reads."""
    since = last - timedelta(days=27)
    history.daily_pain_means(since, last)
    history.pain_entries(since, last)
    history.sessions(since, last)
    history.sets(since=since, until=last)
    history.session_days(since, last)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``repeat`` runs, after one warm-up run."""
    action()
    return statistics.median(timed(action) for _ in range(repeat))


def run(base: Path, commits: int, repeat: int) -> dict[str, float | int]:
    """All the figures, keyed with their units."""
    figures: dict[str, float | int] = {}

    for mode in ("FULL", "NORMAL"):
        latencies = commit_latencies(base / f"commit-{mode.lower()}", commits, mode)
        suffix = "" if mode == "FULL" else "_normal"
        figures[f"commit_median{suffix}_ms"] = round(statistics.median(latencies), 3)
        figures[f"commit_p99{suffix}_ms"] = round(percentile(latencies, 0.99), 3)

    ten = base / "ten-years"
    records = generate(YEARS * 365)
    figures["records_10y"] = sum(len(kind) for kind in records.values())
    with History.open(ten) as history:
        figures["write_10y_ms"] = round(
            timed(lambda: history.add_records(**records)),
            1,
        )
    figures["size_per_year_mib"] = round(database_path(ten).stat().st_size / MiB / YEARS, 3)

    began = time.perf_counter()
    history = History.open(ten)  # first open today: checks and takes the daily backup
    figures["open_first_of_day_ms"] = round((time.perf_counter() - began) * 1000, 1)
    assert history.backup is not None
    figures["backup_size_mib"] = round(history.backup.stat().st_size / MiB, 3)
    history.close()

    def open_and_series() -> None:
        with History.open(ten) as reopened:
            series = reopened.daily_pain_means()
            assert len(series) > 3000

    figures["open_and_daily_series_10y_ms"] = round(median_ms(open_and_series, 5), 1)
    with History.open(ten) as history:
        figures["open_ms"] = round(median_ms(lambda: History.open(ten).close(), 5), 1)
        figures["daily_series_10y_ms"] = round(median_ms(history.daily_pain_means, repeat), 2)
        figures["read_all_pain_10y_ms"] = round(median_ms(history.pain_entries, 5), 1)
        figures["query_4w_10y_ms"] = round(
            median_ms(lambda: four_week_reads(history, END), repeat), 3
        )

    began = time.perf_counter()
    made = subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(base / "demo"), "demo",
         "--days", str(YEARS * 365)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures["demo_cli_10y_ms"] = round((time.perf_counter() - began) * 1000, 1)
    assert f"{YEARS * 365} days" in made.stdout

    one = base / "one-year"
    with History.open(one) as history:
        history.add_records(**generate(365, end=END))
    with History.open(one) as history:
        figures["query_4w_1y_ms"] = round(
            median_ms(lambda: four_week_reads(history, END), repeat), 3
        )
    figures["query_4w_ratio_10y_vs_1y"] = round(
        figures["query_4w_10y_ms"] / figures["query_4w_1y_ms"], 2
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the test data")
    parser.add_argument("--commits", type=int, default=400, help="single writes to time")
    parser.add_argument("--repeat", type=int, default=50, help="repetitions of the fast reads")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="footcoach-bench-", dir=args.dir) as base:
        figures = run(Path(base), args.commits, args.repeat)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        width = max(len(key) for key in figures)
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
