"""The pain-trend chart: draws the arrays of :class:`footcoach.trends.ChartData`, nothing more.

Top plot: each day's mean per context as points (one colour and one shape per context), the
7-day mean as a line and the starting point (baseline) as a dashed line. Bottom strip: days
with a completed session per week, against the days the week had. x is epoch seconds
(``DateAxisItem``); every number drawn comes from ``trends.chart_data``.

Importing this module imports pyqtgraph (about 0.3 s), so only the history view imports it,
on first use.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import QWidget

from footcoach.records import PAIN_MAX, PAIN_MIN, PainContext
from footcoach.trends import WEEK_DAYS, ChartData, DayDetails, noon_x
from footcoach.ui import theme

pg.setConfigOptions(antialias=True)

#: Smallest gap in pixels between a coarse tick label (a month) and a finer one (a day).
TICK_LABEL_GAP_PX = 36


class SpacedDateAxis(pg.DateAxisItem):
    """A date axis that drops fine ticks crowding a coarser one ("30" next to "Sep")."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # type: ignore[type-arg]  # noqa: N802, N803
        levels = super().tickValues(minVal, maxVal, size)
        if size <= 0 or maxVal <= minVal:
            return levels
        gap = TICK_LABEL_GAP_PX * (maxVal - minVal) / size
        taken: list[float] = []
        spaced = []
        for spacing, values in levels:
            kept = [v for v in values if all(abs(v - t) >= gap for t in taken)]
            taken.extend(kept)
            spaced.append((spacing, kept))
        return spaced


SYMBOLS = {
    PainContext.MORNING: "o",
    PainContext.DAY: "s",
    PainContext.DURING_EXERCISE: "t1",
    PainContext.AFTER_EXERCISE: "d",
}
"""One shape per context, so the contexts differ by more than colour."""
GLYPHS = {
    PainContext.MORNING: "\u25cf",
    PainContext.DAY: "\u25a0",
    PainContext.DURING_EXERCISE: "\u25b2",
    PainContext.AFTER_EXERCISE: "\u25c6",
}
"""The same shapes as text, for a legend drawn outside the chart."""

AXIS_WIDTH = 46  # both plots share it, so their x axes line up
BARS_MIN_HEIGHT, BARS_MAX_HEIGHT = 44, 84
SESSION_MARK_Y = WEEK_DAYS + 0.6  # session-day dots sit just above the tallest bar
SESSION_MARKS_MAX_DAYS = 120
LONG_WINDOW_DAYS = 730
OUTLINED_BARS_MAX_DAYS = 400  # beyond about 4 months the dots merge into a smear


def symbol_size(days: int) -> float:
    """Point size in pixels for a window of ``days``: big when few, small when many."""
    if days <= 45:
        return 9.0
    if days <= 120:
        return 7.0
    if days <= 400:
        return 5.0
    return 3.5


def line_width(days: int) -> float:
    """Pen width of the 7-day mean: bold over short windows, hairline over long ones.

    A 1-pixel pen is Qt's fast path: 3,650 antialiased points draw in about 7 ms against
    35-50 ms at 1.2-2.5 px, and so many days read better thin anyway.
    """
    return 2.5 if days <= LONG_WINDOW_DAYS else 1.0


class TrendChart(pg.GraphicsLayoutWidget):
    """Pain points, 7-day mean, baseline and weekly sessions of one ``ChartData``."""

    day_hovered = Signal(object)
    """The :class:`DayDetails` under the pointer, or None when it leaves the days."""
    day_clicked = Signal(object)
    """The :class:`datetime.date` clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pain trend chart")
        self._data: ChartData | None = None
        self._hover_day: date | None = None
        self._line_width = line_width(0)
        self._bars_outlined = True
        self.ci.setContentsMargins(4, 8, 12, 4)
        self.ci.setSpacing(2)

        self.plot = self.addPlot(row=0, col=0, axisItems={"bottom": SpacedDateAxis()})
        self.bars = self.addPlot(row=1, col=0, axisItems={"bottom": SpacedDateAxis()})
        self.bars.setXLink(self.plot)
        self._fit_bars()
        for plot in (self.plot, self.bars):
            plot.setMouseEnabled(x=False, y=False)  # ranges come from the buttons
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.disableAutoRange()
            plot.getAxis("left").setWidth(AXIS_WIDTH)
        self.plot.setClipToView(True)
        # Dates are read off the strip below (and the hover line): the pain plot has no x axis
        # and no vertical grid, which cost 12-17 ms a repaint over ten years of days.
        self.plot.hideAxis("bottom")
        self.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(PAIN_MIN, 11, 2)]])
        self.plot.setYRange(PAIN_MIN - 0.4, PAIN_MAX + 0.4, padding=0)
        self.plot.setLabel("left", "Pain (0\u201310)")
        self.plot.showGrid(x=False, y=True, alpha=0.18)
        self.bars.getAxis("left").setTicks([[(0, "0"), (WEEK_DAYS, str(WEEK_DAYS))]])
        self.bars.setYRange(0, SESSION_MARK_Y + 0.8, padding=0)
        self.bars.setLabel("left", "Sessions")

        self.possible = pg.BarGraphItem(x0=[], x1=[], height=[], y0=0)
        self.sessions = pg.BarGraphItem(x0=[], x1=[], height=[], y0=0)
        self.session_marks = pg.ScatterPlotItem(symbol="o", size=4)
        for item in (self.possible, self.sessions, self.session_marks):
            self.bars.addItem(item)

        self.baseline = pg.InfiniteLine(
            angle=0,
            movable=False,
            label="starting point {value:.1f}",
            # At the right end, where the line is read against today's values.
            labelOpts={"position": 0.995, "anchors": [(1, 1), (1, 1)]},
        )
        self.rolling = pg.PlotDataItem(connect="finite")
        self.points = {ctx: pg.ScatterPlotItem(symbol=SYMBOLS[ctx]) for ctx in PainContext}
        self.plot.addItem(self.baseline, ignoreBounds=True)
        self.plot.addItem(self.rolling)
        for item in self.points.values():
            self.plot.addItem(item)
        self.cursors = [pg.InfiniteLine(angle=90, movable=False) for _ in range(2)]
        for plot, cursor in zip((self.plot, self.bars), self.cursors, strict=True):
            cursor.hide()
            plot.addItem(cursor, ignoreBounds=True)
        self.empty_text = pg.TextItem(anchor=(0.5, 0.5))
        self.empty_text.setParentItem(self.plot.vb)  # in view pixels, not data coordinates
        self.empty_text.hide()
        self.plot.vb.sigResized.connect(self._place_empty_text)

        self.scene().sigMouseMoved.connect(self.on_scene_mouse_moved)
        self.scene().sigMouseClicked.connect(self.on_scene_mouse_clicked)
        self.refresh_theme()

    # -- data ---------------------------------------------------------------------------

    @property
    def data(self) -> ChartData | None:
        """The arrays drawn now."""
        return self._data

    def set_data(self, data: ChartData, empty_text: str = "") -> None:
        """Draw ``data`` (replacing what was drawn); ``empty_text`` shows if it has nothing."""
        self._data = data
        size = symbol_size(data.window.days)
        for ctx, item in self.points.items():
            series = data.points_by_context[ctx]
            item.setData(x=series.x, y=series.y, size=size)
        width = line_width(data.window.days)
        if width != self._line_width:
            self._line_width = width
            self.rolling.setPen(pg.mkPen(theme.colors().text, width=width))
        self.rolling.setData(data.rolling.x, data.rolling.y, connect="finite")
        self.set_baseline(data.baseline_mean)
        weeks = data.weeks
        self._bars_outlined = data.window.days <= OUTLINED_BARS_MAX_DAYS
        self._colour_bars()
        self.possible.setOpts(x0=weeks.x0, x1=weeks.x1, height=weeks.possible)
        self.sessions.setOpts(x0=weeks.x0, x1=weeks.x1, height=weeks.sessions)
        if data.window.days <= SESSION_MARKS_MAX_DAYS:
            marks_y = np.full(len(data.session_x), SESSION_MARK_Y)
            self.session_marks.setData(x=data.session_x, y=marks_y)
        else:
            self.session_marks.setData(x=[], y=[])
        self.plot.setXRange(*data.x_range, padding=0)
        self.empty_text.setText(empty_text)
        self.empty_text.setVisible(data.is_empty and bool(empty_text))
        self._place_empty_text()
        self._hover_day = None
        for cursor in self.cursors:
            cursor.hide()

    def set_baseline(self, value: float | None) -> None:
        """Draw the starting point at ``value`` (hidden for None: not 7 logged days yet)."""
        if value is None:
            self.baseline.hide()
        else:
            self.baseline.show()  # before setPos: a hidden line's label skips the new value
            self.baseline.setPos(value)
            self.baseline.label.valueChanged()

    # -- hover --------------------------------------------------------------------------

    def hovered_day(self) -> date | None:
        """The day under the pointer, if any."""
        return self._hover_day

    def hover_at(self, scene_pos: QPointF) -> None:
        """Show the day under ``scene_pos`` (scene coordinates), or nothing off the days."""
        data = self._data
        day = None
        if data is not None and (
            self.plot.sceneBoundingRect().contains(scene_pos)
            or self.bars.sceneBoundingRect().contains(scene_pos)
        ):
            day = data.day_at(self.plot.vb.mapSceneToView(scene_pos).x())
        self.hover_day(day)

    def hover_day(self, day: date | None) -> None:
        """Put the cursor on ``day`` (None hides it) and announce its details."""
        if day == self._hover_day:
            return  # the pointer moved within the same day: nothing changes
        self._hover_day = day
        data = self._data
        details: DayDetails | None = None
        if data is not None and day is not None:
            details = data.details(day)
        if details is None:
            self._hover_day = None
            for cursor in self.cursors:
                cursor.hide()
        else:
            x = noon_x(details.day, data.tz if data is not None else None)
            for cursor in self.cursors:
                cursor.setPos(x)
                cursor.show()
        self.day_hovered.emit(details)

    def on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        self.hover_at(scene_pos)

    def on_scene_mouse_clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        self.hover_at(scene_pos)
        if self._hover_day is not None:
            self.day_clicked.emit(self._hover_day)

    def leaveEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        super().leaveEvent(event)
        self.hover_day(None)

    # -- look ---------------------------------------------------------------------------

    def refresh_theme(self) -> None:
        """Re-colour everything from ``theme.colors()`` (after a theme change)."""
        c = theme.colors()
        self.setBackground(QColor(c.surface))
        font = theme.scaled_font(self.font(), theme.SMALL_SCALE)
        for plot in (self.plot, self.bars):
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(c.border))
                axis.setTextPen(pg.mkPen(c.muted))
                axis.setStyle(tickFont=font)
                axis.label.setFont(font)
        outline = pg.mkPen(c.surface, width=1)
        for ctx, item in self.points.items():
            item.setPen(outline)
            item.setBrush(pg.mkBrush(c.context(ctx)))
        self.rolling.setPen(pg.mkPen(c.text, width=self._line_width))
        self.baseline.setPen(pg.mkPen(c.muted, width=1.5, style=Qt.PenStyle.DashLine))
        self.baseline.label.setColor(QColor(c.muted))
        self.baseline.label.fill = pg.mkBrush(c.surface)  # legible over points
        self.baseline.label.setFont(font)
        self._colour_bars()
        self.session_marks.setPen(pg.mkPen(None))
        self.session_marks.setBrush(pg.mkBrush(c.accent))
        for cursor in self.cursors:
            cursor.setPen(pg.mkPen(c.muted, width=1))
        self.empty_text.setColor(QColor(c.muted))
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * theme.HEADING_SCALE)
        self.empty_text.setFont(big)

    def _colour_bars(self) -> None:
        # A gap between weeks (an outline in the background colour) while bars are wide
        # enough to show it; beyond a year they are pixels wide and read better solid.
        c = theme.colors()
        pen = pg.mkPen(c.surface) if self._bars_outlined else pg.mkPen(None)
        self.possible.setOpts(brush=pg.mkBrush(c.surface_alt), pen=pen)
        self.sessions.setOpts(brush=pg.mkBrush(c.accent), pen=pen)

    def resizeEvent(self, event: QResizeEvent | None) -> None:  # noqa: N802 (Qt override)
        if hasattr(self, "bars"):  # pyqtgraph resizes once during its own __init__
            self._fit_bars()
        super().resizeEvent(event)

    def _fit_bars(self) -> None:
        # The strip takes a fifth of the height, within bounds: a short chart keeps its room
        # for the pain plot.
        height = max(BARS_MIN_HEIGHT, min(BARS_MAX_HEIGHT, self.height() // 5))
        self.bars.setFixedHeight(height)

    def _place_empty_text(self) -> None:
        rect = self.plot.vb.boundingRect()
        self.empty_text.setPos(rect.center())
