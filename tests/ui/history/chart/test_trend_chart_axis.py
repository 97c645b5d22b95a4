"""The chart's date axis keeps day labels clear of month labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from footcoach.ui.history.chart.date_axis import TICK_LABEL_GAP_PX, SpacedDateAxis


def close_pairs(levels: list, seconds_per_px: float) -> int:  # type: ignore[type-arg]
    values = [v for _spacing, level in levels for v in level]
    gap = TICK_LABEL_GAP_PX * seconds_per_px
    return sum(1 for i, a in enumerate(values) for b in values[i + 1 :] if abs(a - b) < gap)


def test_fine_ticks_near_a_coarse_tick_are_dropped(qapp: QApplication) -> None:
    start = datetime(2026, 8, 27, tzinfo=UTC).timestamp()
    end = datetime(2026, 11, 25, tzinfo=UTC).timestamp()
    size = 870.0
    axes = [pg.DateAxisItem(), SpacedDateAxis()]
    for axis in axes:
        axis.fontMetrics = QFontMetrics(qapp.font())  # pyqtgraph sets this when it paints
    plain, spaced = (axis.tickValues(start, end, size) for axis in axes)
    per_px = (end - start) / size
    assert close_pairs(plain, per_px) > 0  # pyqtgraph alone puts "30" beside "Sep"
    assert close_pairs(spaced, per_px) == 0
    assert [s for s, _ in spaced] == [s for s, _ in plain]
    assert sum(len(v) for _, v in spaced) >= sum(len(v) for _, v in plain) - 6
