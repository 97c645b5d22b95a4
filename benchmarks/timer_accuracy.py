"""How exactly the hold timer ends its holds, through the real widget, under load.

Runs real holds (default: 30 of 2 s, then 3 of 10 s to show no drift with length) on a real
QApplication (offscreen unless QT_QPA_PLATFORM says otherwise) while busy-loop subprocesses keep
the other cores loaded. Each "hold finished" signal is stamped with time.monotonic() and
compared with the end expected from the moment Start was pressed. Also measures this
process's CPU use while a plan runs and while the widget sits idle (time.process_time).

Usage: python benchmarks/timer_accuracy.py [--json] [--holds N] [--seconds S]
       [--long-holds N] [--long-seconds S] [--idle-seconds S] [--no-load]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QEventLoop,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication  # noqa: E402

from footcoach.catalog import Sides  # noqa: E402
from footcoach.timing import HoldDone, HoldPlan  # noqa: E402
from footcoach.ui.timer.hold_timer import HoldTimerWidget  # noqa: E402

REST_SECONDS = 0.5


@dataclass
class Run:
    """Errors (fired minus expected, seconds) of one plan's hold ends, and its CPU figures."""

    errors: list[float]
    wall_seconds: float
    cpu_seconds: float


def run_holds(widget: HoldTimerWidget, holds: int, seconds: float) -> Run:
    """Run one plan of ``holds`` holds through the widget and time each end."""
    plan = HoldPlan(
        sets=1,
        reps=holds,
        hold_seconds=seconds,
        rest_between_reps=REST_SECONDS,
        lead_in_seconds=0.0,
        sides=Sides.BOTH,
    )
    widget.load_plan(plan, "Benchmark")
    fired: list[float] = []
    loop = QEventLoop()

    def on_hold_finished(done: HoldDone) -> None:
        fired.append(time.monotonic())

    widget.hold_finished.connect(on_hold_finished)
    widget.plan_finished.connect(loop.quit)
    cpu0 = time.process_time()
    t0 = time.monotonic()  # read just before Start: the timer reads its clock right after
    widget.toggle_start_pause()
    loop.exec()
    wall = time.monotonic() - t0
    cpu = time.process_time() - cpu0
    widget.hold_finished.disconnect(on_hold_finished)
    widget.plan_finished.disconnect(loop.quit)
    expected = [t0 + k * seconds + (k - 1) * REST_SECONDS for k in range(1, holds + 1)]
    return Run([f - e for f, e in zip(fired, expected, strict=True)], wall, cpu)


def idle_cpu(seconds: float) -> float:
    """CPU seconds this process uses while the event loop idles for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    cpu0 = time.process_time()
    loop.exec()
    return time.process_time() - cpu0


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Drop the offscreen plugin's note on every show(); pass anything else to stderr."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--holds", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--long-holds", type=int, default=3)
    parser.add_argument("--long-seconds", type=float, default=10.0)
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    parser.add_argument("--no-load", action="store_true", help="do not busy the other cores")
    args = parser.parse_args()

    cores = os.cpu_count() or 1
    load_count = 0 if args.no_load else max(1, cores - 1)
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(load_count)]
    qInstallMessageHandler(quiet_offscreen)
    try:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        widget = HoldTimerWidget()  # real clock; silent cues (no audio device needed)
        widget.resize(900, 600)
        widget.show()
        app.processEvents()
        short = run_holds(widget, args.holds, args.seconds)
        long = run_holds(widget, args.long_holds, args.long_seconds)
        idle_cpu(1.0)  # let the "all done" flash fade first
        idle = idle_cpu(args.idle_seconds)
        ticking_when_idle = widget.is_ticking()
        widget.close()
    finally:
        for process in busy:
            process.kill()
            process.wait()

    errors_ms = [e * 1000 for e in short.errors]
    long_ms = [e * 1000 for e in long.errors]
    figures = {
        "holds_short_count": len(errors_ms),
        "hold_short_s": args.seconds,
        "holds_long_count": len(long_ms),
        "hold_long_s": args.long_seconds,
        "end_error_p50_ms": round(statistics.median(errors_ms), 2),
        "end_error_p95_ms": round(percentile([abs(e) for e in errors_ms], 0.95), 2),
        "end_error_max_ms": round(max(abs(e) for e in errors_ms), 2),
        "end_error_min_ms": round(min(errors_ms), 2),
        "long_end_error_max_ms": round(max(abs(e) for e in long_ms), 2),
        "drift_long_minus_short_ms": round(
            statistics.mean(long_ms) - statistics.mean(errors_ms), 2
        ),
        "last_end_error_ms": round(errors_ms[-1], 2),
        "cpu_pct_running": round(
            100 * (short.cpu_seconds + long.cpu_seconds) / (short.wall_seconds + long.wall_seconds),
            2,
        ),
        "cpu_pct_idle": round(100 * idle / args.idle_seconds, 3),
        "tick_running_when_idle_bool": ticking_when_idle,
        "load_processes_count": load_count,
        "loadavg_1min": round(os.getloadavg()[0], 2),
        "cores_count": cores,
        "qpa_platform": os.environ["QT_QPA_PLATFORM"],
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"Hold ends vs time.monotonic(), {load_count} busy-loop process(es) on {cores} cores,"
        f" load average {figures['loadavg_1min']}"
    )
    print(
        f"  {len(errors_ms)} holds of {args.seconds:g} s: median {figures['end_error_p50_ms']} ms,"
        f" p95 {figures['end_error_p95_ms']} ms, max {figures['end_error_max_ms']} ms,"
        f" min {figures['end_error_min_ms']} ms; last hold {figures['last_end_error_ms']} ms"
    )
    print(
        f"  {len(long_ms)} holds of {args.long_seconds:g} s: max {figures['long_end_error_max_ms']}"
        f" ms; long minus short mean {figures['drift_long_minus_short_ms']} ms"
    )
    print(f"  CPU while running: {figures['cpu_pct_running']}% of one core")
    print(f"  CPU while idle:    {figures['cpu_pct_idle']}% (tick armed: {ticking_when_idle})")


if __name__ == "__main__":
    main()
