"""Time of ``footcoach report`` on a long history (default: a 10-year demo).

Each run is a fresh process timed from spawn to exit, as a person runs it: the default
period (the last 90 days) and the whole history (``--from`` its first day, every day on the
chart). Figures are medians; the PDF's size and page count come from the last run.

    python benchmarks/report.py [--years N] [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def timed(command: list[str], cwd: str) -> float:
    """Seconds from spawn to a successful exit."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - began


def pages(pdf: Path) -> int | None:
    """The PDF's page count (pdfinfo), or None without poppler."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else None


def measure(years: int, runs: int) -> dict[str, float | int | None]:
    footcoach = [sys.executable, "-m", "footcoach"]
    days = round(years * 365.25)
    with tempfile.TemporaryDirectory() as scratch:
        data = str(Path(scratch) / "data")
        began = time.perf_counter()
        subprocess.run([*footcoach, "--data-dir", data, "demo", "--days", str(days)],
                       check=True, capture_output=True, cwd=scratch)  # fmt: skip
        demo_s = time.perf_counter() - began
        first = date.today() - timedelta(days=days - 1)
        out = Path(scratch) / "report.pdf"
        periods = {"90d": [], "all": ["--from", first.isoformat()]}
        times: dict[str, list[float]] = {name: [] for name in periods}
        sizes: dict[str, int] = {}
        counts: dict[str, int | None] = {}
        for _ in range(runs):
            for name, extra in periods.items():
                command = [*footcoach, "--data-dir", data, "report", str(out), *extra]
                times[name].append(timed(command, scratch))
                sizes[name] = out.stat().st_size
                counts[name] = pages(out)
    result: dict[str, float | int | None] = {"history_days": days, "demo_s": round(demo_s, 2)}
    for name in periods:
        result[f"report_{name}_s"] = round(statistics.median(times[name]), 3)
        result[f"report_{name}_max_s"] = round(max(times[name]), 3)
        result[f"report_{name}_pdf_kib"] = round(sizes[name] / 1024, 1)
        result[f"report_{name}_pages"] = counts[name]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="years of demo history (10)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.years, args.runs)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"History: {result['history_days']} days of demo (written in {result['demo_s']} s)")
    for name, words in (("90d", "the last 90 days"), ("all", "the whole history")):
        print(
            f"footcoach report, {words}: median {result[f'report_{name}_s']} s "
            f"(max {result[f'report_{name}_max_s']} s), {result[f'report_{name}_pages']} pages, "
            f"{result[f'report_{name}_pdf_kib']} KiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
