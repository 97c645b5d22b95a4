"""Start-up cost: FootCoach's painted exercise view against a bare PySide6 window.

Each run is a fresh process, timed from spawn to the first paint of the list, with its peak
memory (ru_maxrss). Runs alternate between the two so machine noise hits both alike.

    python benchmarks/startup.py [--runs N] [--json]
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

# Both children quit on the first paint of their list's viewport and report what loaded.
_PAINT_FILTER = """
from PySide6.QtCore import QEvent, QObject, QTimer
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
"""

BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QHBoxLayout, QWidget\n"
    "app = QApplication(sys.argv[:1])\n"
    + _PAINT_FILTER
    + "w = QWidget(); layout = QHBoxLayout(w)\n"
    "items = QListWidget(); items.addItems([f'Exercise {i}' for i in range(10)])\n"
    "layout.addWidget(items); layout.addWidget(QLabel('Detail'))\n"
    "f = FirstPaint(); items.viewport().installEventFilter(f)\n"
    "w.resize(1280, 800); w.show(); app.exec()\n"
    "print('pyqtgraph' in sys.modules)\n"
)

FOOTCOACH = (
    "import sys\n"
    "from footcoach import paths\n"
    "paths.configure(sys.argv[1])\n"
    "from footcoach.app import build_window, application as _application\n"
    "from footcoach.history import History\n"
    "history = History.open(paths.data_dir())\n"
    "window = build_window(history, 'light', persist=False)\n"
    "app = _application()\n"
    + _PAINT_FILTER
    + "f = FirstPaint(); window.exercise_list.view.viewport().installEventFilter(f)\n"
    "window.show_view('exercises'); window.resize(1280, 800); window.show(); app.exec()\n"
    "print('pyqtgraph' in sys.modules)\n"
)


def run_once(code: str, data_dir: str) -> tuple[float, float, bool]:
    """Seconds from spawn to first paint, peak MiB, and whether pyqtgraph was imported."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, data_dir], env=env, stdout=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    output = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"child failed with exit {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024, output.strip() == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    bare: list[tuple[float, float, bool]] = []
    app: list[tuple[float, float, bool]] = []
    with tempfile.TemporaryDirectory() as data_dir:
        run_once(FOOTCOACH, data_dir)  # warm the file cache for both
        run_once(BARE, data_dir)
        for _ in range(args.runs):
            bare.append(run_once(BARE, data_dir))
            app.append(run_once(FOOTCOACH, data_dir))
    figures = {
        "runs": args.runs,
        "bare_first_paint_s": round(statistics.median(r[0] for r in bare), 3),
        "footcoach_first_paint_s": round(statistics.median(r[0] for r in app), 3),
        "bare_peak_mib": round(statistics.median(r[1] for r in bare), 1),
        "footcoach_peak_mib": round(statistics.median(r[1] for r in app), 1),
        "pyqtgraph_imported_before_paint": any(r[2] for r in app),
    }
    figures["time_ratio_vs_bare"] = round(
        figures["footcoach_first_paint_s"] / figures["bare_first_paint_s"], 2
    )
    figures["memory_ratio_vs_bare"] = round(
        figures["footcoach_peak_mib"] / figures["bare_peak_mib"], 2
    )
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"first paint, median of {args.runs} (target: at most 1.3x bare)")
    print(f"  bare PySide6 window : {figures['bare_first_paint_s']:.3f} s, "
          f"{figures['bare_peak_mib']:.1f} MiB peak")  # fmt: skip
    print(f"  FootCoach exercises : {figures['footcoach_first_paint_s']:.3f} s, "
          f"{figures['footcoach_peak_mib']:.1f} MiB peak")  # fmt: skip
    print(f"  ratio               : {figures['time_ratio_vs_bare']}x time, "
          f"{figures['memory_ratio_vs_bare']}x memory")  # fmt: skip
    print(f"  pyqtgraph imported before first paint: {figures['pyqtgraph_imported_before_paint']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
