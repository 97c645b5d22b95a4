"""``footcoach demo [--days N] [--seed S] [--force]``: fill the data dir with demo history."""

from __future__ import annotations

import argparse
import time
from typing import Any

from footcoach import paths
from footcoach.errors import FootCoachError, UsageError

DEFAULT_DAYS = 120
DEFAULT_SEED = 1


def register(subparsers: Any) -> None:
    """Add the ``demo`` sub-command."""
    parser = subparsers.add_parser(
        "demo",
        help="fill the data dir with a realistic, made-up history",
        description="Write a realistic, deterministic synthetic history (same seed, same "
        "records) ending today. Refuses a data dir that already holds history unless --force.",
    )
    parser.add_argument(
        "--days", type=int, default=DEFAULT_DAYS, help=f"days of history (default {DEFAULT_DAYS})"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--force", action="store_true", help="add the demo even if the data dir holds history"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Generate the demo history and write it in one transaction."""
    from footcoach import demo
    from footcoach.history import History
    from footcoach.instance import InstanceLock

    if not 1 <= args.days <= demo.MAX_DAYS:
        raise UsageError(f"--days must be 1-{demo.MAX_DAYS}, got {args.days}")
    data_dir = paths.data_dir()
    began = time.perf_counter()
    with InstanceLock(data_dir), History.open(data_dir) as history:
        if not history.is_empty() and not args.force:
            counts = history.counts()
            raise FootCoachError(
                f"{data_dir} already holds history ({_describe(counts)}); "
                "use --force to add the demo anyway"
            )
        records = demo.generate(args.days, args.seed)
        added = history.add_records(
            pain=records.pain,
            sessions=records.sessions,
            sets=records.sets,
            goals=records.goals,
            goal_ratings=records.goal_ratings,
            self_tests=records.self_tests,
            factors=records.factors,
            trials=records.trials,
        )
    elapsed = time.perf_counter() - began
    first = records.pain[0].at.local_date if records.pain else None
    print(
        f"Wrote {added} demo records to {data_dir} in {elapsed:.1f} s: "
        f"{len(records.pain)} pain entries, {len(records.sessions)} sessions, "
        f"{len(records.sets)} sets, {len(records.goal_ratings)} goal ratings, "
        f"{len(records.self_tests)} self-test results, {len(records.factors)} days of daily "
        f"factors, {len(records.trials)} trial ({args.days} days from {first}, seed {args.seed})."
    )
    total = records.total + records.insight_total
    if added < total:
        print(f"{total - added} records were already there and were left as they were.")
    return 0


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{number} {name.replace('_', ' ')}" for name, number in counts.items())
