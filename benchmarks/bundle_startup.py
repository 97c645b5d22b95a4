"""Start time of the PyInstaller bundle against ``python -m footcoach`` (build the bundle first).

Each run is a fresh process timed from spawn to exit: ``--version`` (interpreter and argument
parsing only) and an offscreen ``screenshot`` of the exercise view (Qt, fonts, drawings). Runs
alternate between the two so machine noise hits both alike; figures are medians.

    python benchmarks/bundle_startup.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "footcoach" / "footcoach"


def timed(command: list[str], cwd: str) -> float:
    """Seconds from spawn to a successful exit."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - began


def measure(runs: int) -> dict[str, float]:
    """Median seconds for each command and program, and the bundle/python ratios."""
    if not BUNDLE.is_file():
        raise SystemExit(f"{BUNDLE} is missing: run packaging/build-bundle first")
    programs = {"bundle": [str(BUNDLE)], "python": [sys.executable, "-m", "footcoach"]}
    with tempfile.TemporaryDirectory() as scratch:
        data = str(Path(scratch) / "data")
        subprocess.run([*programs["bundle"], "--data-dir", data, "demo", "--days", "60"],
                       check=True, capture_output=True, cwd=scratch)  # fmt: skip
        commands = {
            "version": ["--version"],
            "screenshot": ["--data-dir", data, "screenshot", str(Path(scratch) / "s.png")],
        }
        times: dict[str, list[float]] = {}
        for _ in range(runs):
            for command, args in commands.items():
                for program, argv in programs.items():
                    key = f"{command}_{program}"
                    times.setdefault(key, []).append(timed([*argv, *args], scratch))
    result = {f"{key}_s": round(statistics.median(values), 3) for key, values in times.items()}
    for command in commands:
        ratio = result[f"{command}_bundle_s"] / result[f"{command}_python_s"]
        result[f"{command}_ratio_bundle_vs_python"] = round(ratio, 2)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"median of {args.runs} runs, seconds from spawn to exit")
    for command in ("version", "screenshot"):
        bundle, python = result[f"{command}_bundle_s"], result[f"{command}_python_s"]
        ratio = result[f"{command}_ratio_bundle_vs_python"]
        print(f"  {command:10}  bundle {bundle:.3f}  python -m footcoach {python:.3f}  x{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
