"""History view and chart: open, range switch, scale, memory and hover, against a bare baseline.

With a 10-year demo history (``footcoach.demo.generate`` through ``History.add_records``):

- open: from "open the history view" (building it in the main window at 1280x800) to the
  first paint of its chart, against the bare baseline: one ``GROUP BY`` query of the same
  rows' daily means (stdlib sqlite3) plus a bare pyqtgraph ``PlotWidget`` with a
  ``DateAxisItem`` drawing them as points. Also "view complete": until the summary (which
  reads the whole history) is shown too.
- switch: from a range button to the chart's repaint, against the baseline re-querying and
  re-drawing: the first time in a newly opened view once it has settled (the app computed
  the arrays in idle time; no date-axis drawing kept yet), again (both kept), and cold (a
  view that does not prepare ranges: arrays computed on the click, as when a person clicks
  within the few milliseconds after the summary shows).
- scale: opening at the default range (3 months) with 10 years stored against 1 year stored.
- memory: a fresh process showing the history view (range "all") with 10 years against
  one with an empty history (RSS after the view is complete, and peak).
- hover: mouse moves across the chart at 4 weeks and at all: handling plus the repaint the
  move causes (Qt repaints the changed regions, as on screen), per move.

Open and switch alternate app and bare run by run (both warm: pyqtgraph imported once
before timing), medians reported. Offscreen unless QT_QPA_PLATFORM says otherwise.

    python benchmarks/chart_bench.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from footcoach import demo, paths  # noqa: E402
from footcoach.history import History  # noqa: E402
from footcoach.trends import ChartRange, range_window  # noqa: E402

TEN_YEARS = 3650
ONE_YEAR = 365
FRAME_MS = 1000 / 60
TARGETS = {"open_ratio_vs_bare_all": 1.5, "switch_ratio_vs_bare": 1.2, "scale_ratio": 1.2}
TARGET_MEMORY_DELTA_MIB = 30.0


# --------------------------------------------------------------------------- helpers


class PaintWaiter(QObject):
    """Runs an event loop until ``widget`` has painted once; ``painted_at`` stamps the end."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self._widget = widget
        self._loop = QEventLoop()
        self._painted = False
        self.painted_at = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # Stamped by the first thing queued after this paint, before anything it causes.
            QTimer.singleShot(0, self._done)
        return False

    def _done(self) -> None:
        self.painted_at = time.perf_counter()
        self._loop.quit()

    def wait(self) -> float:
        """Block until the paint (at most 10 s); return when it ended."""
        if not self.painted_at:
            QTimer.singleShot(10_000, self._loop.quit)
            self._loop.exec()
        self._widget.removeEventFilter(self)
        if not self.painted_at:
            raise SystemExit("no paint within 10 s")
        return self.painted_at


def fill(data_dir: Path, days: int) -> None:
    """Write a demo history of ``days`` days into ``data_dir``."""
    records = demo.generate(days, 1)
    with History.open(data_dir) as history:
        history.add_records(pain=records.pain, sessions=records.sessions, sets=records.sets)


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# --------------------------------------------------------------------------- the app


class AppBench:
    """The real main window on one data dir; opens the history view afresh each run."""

    def __init__(self, app: QApplication, data_dir: Path) -> None:
        from footcoach.app import build_window

        self.app = app
        self.history = History.open(data_dir)
        self.window = build_window(self.history, "light", persist=False)
        self.window.resize(1280, 800)
        self.window.show()
        self.window.show_view("exercises")
        settle(app)

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        settle(self.app)
        self.history.close()

    def open_view(self, choice: ChartRange, prepare: bool = True) -> tuple[float, float]:
        """Seconds to the first painted chart and to the summary shown, in a new view.

        The view then settles: with ``prepare`` it computes the other ranges' arrays in idle
        time, as in the app; without, they wait for their first switch.
        """
        from footcoach.ui.history.view import HistoryView

        window = self.window
        window.show_view("exercises")
        settle(self.app)
        shown: list[float] = []
        start = time.perf_counter()
        view = HistoryView(
            self.history, undo_bar=window.undo_bar, initial_range=choice, prepare_ranges=prepare
        )
        view.summary_shown.connect(lambda _s: shown.append(time.perf_counter()))
        waiter = PaintWaiter(view.chart.viewport())
        window.history_view = view
        window.add_view("history", view)
        window.stack.setCurrentWidget(view)
        painted = waiter.wait()
        deadline = time.perf_counter() + 10
        while not shown and time.perf_counter() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        settle(self.app)
        return painted - start, shown[0] - start

    def switch(self, choice: ChartRange) -> float:
        """Seconds from picking ``choice`` to the chart's repaint."""
        view = self.window.history_view
        assert view is not None
        waiter = PaintWaiter(view.chart.viewport())
        start = time.perf_counter()
        view.set_range(choice)
        elapsed = waiter.wait() - start
        settle(self.app)
        return elapsed

    def hover(self, choice: ChartRange, moves: int = 400) -> list[float]:
        """Seconds per mouse move across the chart: scene handling plus repaint."""
        view = self.window.history_view
        assert view is not None
        view.set_range(choice)
        settle(self.app)
        viewport = view.chart.viewport()
        rect = view.chart.mapFromScene(view.chart.plot.vb.sceneBoundingRect()).boundingRect()
        y = rect.center().y()
        times = []
        last_day = None
        for i in range(moves):
            x = rect.left() + 1 + (rect.width() - 2) * i / (moves - 1)
            event = QMouseEvent(
                QEvent.Type.MouseMove,
                QPointF(x, y),
                QPointF(viewport.mapToGlobal(QPointF(x, y))),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            )
            waiter = PaintWaiter(viewport)
            start = time.perf_counter()
            QApplication.sendEvent(viewport, event)
            if view.chart.hovered_day() != last_day:  # a new day: cursor and text move
                end = waiter.wait()  # Qt repaints only what changed, as on screen
            else:
                viewport.removeEventFilter(waiter)  # same day: nothing to redraw
                end = time.perf_counter()
            last_day = view.chart.hovered_day()
            times.append(end - start)
        return times


# --------------------------------------------------------------------------- the baseline


class BareBench:
    """One GROUP BY query and a bare PlotWidget with a DateAxisItem, nothing else."""

    def __init__(self, app: QApplication, data_dir: Path, size: tuple[int, int]) -> None:
        self.app = app
        self.path = data_dir / "history.sqlite3"
        self.size = size
        self.widget: QWidget | None = None
        self.curve: object = None

    def _query(self, since: date | None) -> tuple[np.ndarray, np.ndarray]:
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as connection:
            rows = connection.execute(
                "SELECT local_date, avg(score) FROM pain_entries WHERE local_date >= ?"
                " GROUP BY local_date, context",
                ((since or date.min).isoformat(),),
            ).fetchall()
        days = np.array([row[0] for row in rows], dtype="datetime64[D]")
        x = (days.astype("datetime64[s]").astype(np.float64)) + 12 * 3600
        y = np.array([row[1] for row in rows], dtype=np.float64)
        return x, y

    def open(self, since: date | None) -> float:
        """Seconds from nothing to a painted PlotWidget of the daily means since ``since``."""
        import pyqtgraph as pg

        self.close()
        start = time.perf_counter()
        x, y = self._query(since)
        widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.curve = widget.plot(x, y, pen=None, symbol="o", symbolSize=5)
        widget.resize(*self.size)
        waiter = PaintWaiter(widget.viewport())
        widget.show()
        elapsed = waiter.wait() - start
        self.widget = widget
        settle(self.app)
        return elapsed

    def switch(self, since: date | None) -> float:
        """Seconds to re-query and repaint the open PlotWidget for another range."""
        widget = self.widget
        assert widget is not None
        start = time.perf_counter()
        x, y = self._query(since)
        waiter = PaintWaiter(widget.viewport())
        self.curve.setData(x, y)  # type: ignore[attr-defined]
        widget.getPlotItem().enableAutoRange()
        elapsed = waiter.wait() - start
        settle(self.app)
        return elapsed

    def close(self) -> None:
        if self.widget is not None:
            self.widget.close()
            self.widget.deleteLater()
            self.widget = None
            settle(self.app)


# --------------------------------------------------------------------------- memory

_MEMORY_CHILD = """
import os, resource, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from footcoach import paths
paths.configure(sys.argv[1])
from footcoach.app import application, build_window
from footcoach.history import History
from footcoach.trends import ChartRange
history = History.open(paths.data_dir())
window = build_window(history, "light", persist=False)
app = application()
window.resize(1280, 800); window.show(); window.show_view("history")
view = window.history_view
view.set_range(ChartRange.ALL)
view.load_summary()
for _ in range(5):
    app.processEvents()
window.grab()
with open("/proc/self/statm") as f:
    rss_pages = int(f.read().split()[1])
print(rss_pages * os.sysconf("SC_PAGE_SIZE") / 2**20,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def memory(data_dir: Path, runs: int = 3) -> tuple[float, float]:
    """Median MiB (RSS now, peak) of a fresh process showing the history view."""
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD, str(data_dir)],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        ).stdout.split()
        samples.append((float(out[0]), float(out[1])))
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


# --------------------------------------------------------------------------- main


def median_ms(values: list[float]) -> float:
    return ms(statistics.median(values))


def run(runs: int) -> dict[str, object]:
    from footcoach.app import application

    app = application()
    figures: dict[str, object] = {"runs": runs}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big, small, empty = root / "ten-years", root / "one-year", root / "empty"
        fill(big, TEN_YEARS)
        fill(small, ONE_YEAR)
        History.open(empty).close()
        paths.configure(root / "settings")

        ten = AppBench(app, big)
        with History.open(big) as history:
            first = history.first_day()
        today = date.today()
        since = {c: range_window(c, today, first).data_since for c in ChartRange}
        since[ChartRange.ALL] = None  # type: ignore[assignment]

        # Warm both sides once (pyqtgraph import, first-use caches), untimed.
        ten.open_view(ChartRange.ALL)
        chart_size = ten.window.history_view.chart.size()  # type: ignore[union-attr]
        bare = BareBench(app, big, (chart_size.width(), chart_size.height()))
        bare.open(None)

        opened, complete, bare_opened = [], [], []
        for _ in range(runs):
            painted, shown = ten.open_view(ChartRange.ALL)
            opened.append(painted)
            complete.append(shown)
            bare_opened.append(bare.open(None))
        figures["open_all_app_ms"] = median_ms(opened)
        figures["open_all_bare_ms"] = median_ms(bare_opened)
        figures["open_ratio_vs_bare_all"] = round(
            statistics.median(opened) / statistics.median(bare_opened), 2
        )
        figures["open_all_view_complete_ms"] = median_ms(complete)
        # Best of the runs too: on a shared 2-core machine the medians move by +-20 ms.
        figures["open_all_app_best_ms"] = ms(min(opened))
        figures["open_all_bare_best_ms"] = ms(min(bare_opened))
        figures["open_ratio_vs_bare_all_best"] = round(min(opened) / min(bare_opened), 2)

        default_opened, bare_default = [], []
        for _ in range(runs):
            default_opened.append(ten.open_view(ChartRange.THREE_MONTHS)[0])
            bare_default.append(bare.open(since[ChartRange.THREE_MONTHS]))
        figures["open_3m_app_ms"] = median_ms(default_opened)
        figures["open_3m_bare_ms"] = median_ms(bare_default)

        # Switch: from 3 months to each range, first time in a newly opened view, then again;
        # and cold, in a view that leaves each range's arrays to its first switch.
        worst_ratio = 0.0
        for choice in (ChartRange.FOUR_WEEKS, ChartRange.ONE_YEAR, ChartRange.ALL):
            first_switch, again, cold, bare_switch = [], [], [], []
            for _ in range(runs):
                ten.open_view(ChartRange.THREE_MONTHS)
                first_switch.append(ten.switch(choice))
                ten.switch(ChartRange.THREE_MONTHS)
                again.append(ten.switch(choice))
                ten.open_view(ChartRange.THREE_MONTHS, prepare=False)
                cold.append(ten.switch(choice))
                bare.switch(since[ChartRange.THREE_MONTHS])
                bare_switch.append(bare.switch(since[choice]))
            key = choice.value
            figures[f"switch_{key}_app_first_ms"] = median_ms(first_switch)
            figures[f"switch_{key}_app_again_ms"] = median_ms(again)
            figures[f"switch_{key}_app_cold_ms"] = median_ms(cold)
            figures[f"switch_{key}_bare_ms"] = median_ms(bare_switch)
            ratio = statistics.median(first_switch) / statistics.median(bare_switch)
            figures[f"switch_{key}_ratio_vs_bare"] = round(ratio, 2)
            figures[f"switch_{key}_ratio_vs_bare_best"] = round(
                min(first_switch) / min(bare_switch), 2
            )
            figures[f"switch_{key}_cold_ratio_vs_bare"] = round(
                statistics.median(cold) / statistics.median(bare_switch), 2
            )
            worst_ratio = max(worst_ratio, ratio)
        figures["switch_ratio_vs_bare"] = round(worst_ratio, 2)

        # Hover at 4 weeks and at all.
        for choice in (ChartRange.FOUR_WEEKS, ChartRange.ALL):
            times = ten.hover(choice)
            key = choice.value
            figures[f"hover_{key}_p50_ms"] = ms(statistics.median(times))
            figures[f"hover_{key}_p95_ms"] = ms(float(np.percentile(times, 95)))
            figures[f"hover_{key}_max_ms"] = ms(max(times))
            figures[f"hover_{key}_frames_over_16ms"] = sum(t * 1000 > FRAME_MS for t in times)
        bare.close()
        ten.close()

        # Scale: the default range with 10 years stored against 1 year stored.
        one = AppBench(app, small)
        ten = AppBench(app, big)
        one.open_view(ChartRange.THREE_MONTHS)  # warm
        scale_ten, scale_one = [], []
        for _ in range(runs):
            scale_ten.append(ten.open_view(ChartRange.THREE_MONTHS)[0])
            scale_one.append(one.open_view(ChartRange.THREE_MONTHS)[0])
        figures["scale_open_3m_10y_ms"] = median_ms(scale_ten)
        figures["scale_open_3m_1y_ms"] = median_ms(scale_one)
        figures["scale_ratio"] = round(
            statistics.median(scale_ten) / statistics.median(scale_one), 2
        )
        one.close()
        ten.close()

        # Memory: fresh processes, 10 years against empty.
        rss_big, peak_big = memory(big)
        rss_empty, peak_empty = memory(empty)
        figures["memory_10y_rss_mib"] = round(rss_big, 1)
        figures["memory_empty_rss_mib"] = round(rss_empty, 1)
        figures["memory_delta_rss_mib"] = round(rss_big - rss_empty, 1)
        figures["memory_delta_peak_mib"] = round(peak_big - peak_empty, 1)
    figures["this_process_peak_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    return figures


def report(figures: dict[str, object]) -> None:
    f: Callable[[str], object] = figures.__getitem__
    print(f"history view with a 10-year demo history, medians of {f('runs')} runs")
    print(f"open at 'all'      app {f('open_all_app_ms')} ms (view complete "
          f"{f('open_all_view_complete_ms')} ms)  bare {f('open_all_bare_ms')} ms  "
          f"ratio {f('open_ratio_vs_bare_all')}x (target <= 1.5x); best of runs "
          f"{f('open_all_app_best_ms')} / {f('open_all_bare_best_ms')} ms = "
          f"{f('open_ratio_vs_bare_all_best')}x")  # fmt: skip
    print(f"open at 3 months   app {f('open_3m_app_ms')} ms  bare {f('open_3m_bare_ms')} ms")
    for key in ("4w", "1y", "all"):
        print(f"switch 3m -> {key:<4}  app {f(f'switch_{key}_app_first_ms')} ms first, "
              f"{f(f'switch_{key}_app_again_ms')} ms again  bare "
              f"{f(f'switch_{key}_bare_ms')} ms  ratio {f(f'switch_{key}_ratio_vs_bare')}x "
              f"(best {f(f'switch_{key}_ratio_vs_bare_best')}x; target <= 1.2x); cold "
              f"{f(f'switch_{key}_app_cold_ms')} ms = "
              f"{f(f'switch_{key}_cold_ratio_vs_bare')}x")  # fmt: skip
    print(f"scale (3 months)   10 years {f('scale_open_3m_10y_ms')} ms  1 year "
          f"{f('scale_open_3m_1y_ms')} ms  ratio {f('scale_ratio')}x (target <= 1.2x)")  # fmt: skip
    print(f"memory             10 years {f('memory_10y_rss_mib')} MiB  empty "
          f"{f('memory_empty_rss_mib')} MiB  delta {f('memory_delta_rss_mib')} MiB RSS, "
          f"{f('memory_delta_peak_mib')} MiB peak (target < 30 MiB)")  # fmt: skip
    for key in ("4w", "all"):
        print(f"hover at {key:<4}       p50 {f(f'hover_{key}_p50_ms')} ms  p95 "
              f"{f(f'hover_{key}_p95_ms')} ms  max {f(f'hover_{key}_max_ms')} ms  "
              f"moves over one 60 Hz frame: {f(f'hover_{key}_frames_over_16ms')}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = run(args.runs)
    if args.json:
        print(json.dumps(figures))
    else:
        report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
