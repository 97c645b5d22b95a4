"""The pain-trend chart: draws the arrays of :class:`footcoach.trends.ChartData`, nothing more.

Top plot: each day's mean per context as points (one colour and one shape per context), a
ring on each day whose highest score reached the severe threshold, the 7-day mean as a line
and the starting point (baseline) as a dashed line, labelled in the legend rather than over
the data. Bottom strip: days with a completed session per week, against the days the week
had, and a dot on each session day over short ranges. x is epoch seconds (``DateAxisItem``);
every number drawn comes from ``trends.chart_data``. The read-out of the day under the
pointer follows the pointer; a click names the point nearest it (``point_clicked``).

A range switch redraws everything, so the drawing is kept cheap (issue #5): the points and
the 7-day line are two small items of our own (``points_item.PointsItem``,
``line_item.LineItem``) instead of pyqtgraph's per-point ``ScatterPlotItem`` and
transform-stroked ``PlotDataItem``; the fixed left axes are cached as pixmaps; the date axis
(``date_axis.SpacedDateAxis``) keeps the drawings of recent ranges; and the items move to
the new range before the paint, so a switch paints once.

Importing this module imports pyqtgraph (about 0.3 s), as every module of this folder does,
so only the history view imports it, on first use.
"""

from __future__ import annotations

from datetime import date
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsItem, QLabel, QWidget

from footcoach.pain import WEEK_DAYS
from footcoach.records import PAIN_MAX, PAIN_MIN, PainContext
from footcoach.trends import ChartData, ChartPoint, DayDetails, noon_x
from footcoach.ui.common import theme
from footcoach.ui.history.chart.date_axis import SpacedDateAxis
from footcoach.ui.history.chart.line_item import LineItem
from footcoach.ui.history.chart.points_item import PointsItem

pg.setConfigOptions(antialias=True)

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


SEVERE_RING_EXTRA = 6.0  # the ring is this many pixels wider than the points: both show
READOUT_OFFSET = 14  # pixels between the pointer and its read-out
READOUT_HINT = "Click a point to find its entry below"

#: Point sizes in pixels by the most days a window may have: big when few, small when many.
SYMBOL_SIZE_STEPS = ((45, 9.0), (120, 7.0), (400, 5.0))
SYMBOL_SIZES = (*(size for _days, size in SYMBOL_SIZE_STEPS), 3.5)


def symbol_size(days: int) -> float:
    """Point size in pixels for a window of ``days``: big when few, small when many."""
    return next((size for most, size in SYMBOL_SIZE_STEPS if days <= most), SYMBOL_SIZES[-1])


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
    point_clicked = Signal(object)
    """The :class:`ChartPoint` nearest a click on a day, or None: no point on that day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pain trend chart")
        self._summary_text = ""  # the chart in words, for screen readers
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
            left = plot.getAxis("left")
            left.setWidth(AXIS_WIDTH)
            # Fixed ticks that no range switch changes: kept as a pixmap, not replayed.
            left.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Dates are read off the strip below (and the hover line): the pain plot has no x axis
        # and no vertical grid, which cost 12-17 ms a repaint over ten years of days.
        self.plot.hideAxis("bottom")
        for plot in (self.plot, self.bars):
            for name in ("bottom", "top", "right"):  # hidden or dates: no "(x1e9)" to relabel
                plot.getAxis(name).enableAutoSIPrefix(False)
        self.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(PAIN_MIN, 11, 2)]])
        self.plot.setYRange(PAIN_MIN - 0.4, PAIN_MAX + 0.4, padding=0)
        self.plot.setLabel("left", "Pain (0\u201310)")
        self.plot.showGrid(x=False, y=True, alpha=0.18)
        self.bars.getAxis("left").setTicks([[(0, "0"), (WEEK_DAYS, str(WEEK_DAYS))]])
        self.bars.setYRange(0, SESSION_MARK_Y + 0.8, padding=0)
        self.bars.setLabel("left", "Sessions")

        self.possible = pg.BarGraphItem(x0=[], x1=[], height=[], y0=0)
        self.sessions = pg.BarGraphItem(x0=[], x1=[], height=[], y0=0)
        self.session_marks = PointsItem("o", size=4)
        for item in (self.possible, self.sessions, self.session_marks):
            self.bars.addItem(item)

        # No label on the line: wherever it sat, some day's points would sit under it. The
        # legend names it with its value.
        self.baseline = pg.InfiniteLine(angle=0, movable=False)
        self.rolling = LineItem()
        self.points = {ctx: PointsItem(SYMBOLS[ctx], sizes=SYMBOL_SIZES) for ctx in PainContext}
        ring_sizes = tuple(size + SEVERE_RING_EXTRA for size in SYMBOL_SIZES)
        self.severe_marks = PointsItem("o", sizes=ring_sizes)
        self.plot.addItem(self.baseline, ignoreBounds=True)
        self.plot.addItem(self.rolling)
        for item in self.points.values():
            self.plot.addItem(item)
        self.plot.addItem(self.severe_marks)
        self.cursors = [pg.InfiniteLine(angle=90, movable=False) for _ in range(2)]
        for plot, cursor in zip((self.plot, self.bars), self.cursors, strict=True):
            cursor.hide()
            plot.addItem(cursor, ignoreBounds=True)
        self.empty_text = pg.TextItem(anchor=(0.5, 0.5))
        self.empty_text.setParentItem(self.plot.vb)  # in view pixels, not data coordinates
        self.empty_text.hide()
        self.plot.vb.sigResized.connect(self._place_empty_text)
        # The read-out of the day under the pointer, beside the pointer.
        self.readout = QLabel(self.viewport())
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # Framed by the palette, not a style sheet: a style sheet cost 40 ms per chart built.
        self.readout.setAutoFillBackground(True)
        self.readout.setFrameShape(QFrame.Shape.Box)
        self.readout.setMargin(theme.SPACE_XS)
        self.readout.hide()

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
        days = data.window.days
        size = symbol_size(days)
        for ctx, item in self.points.items():
            series = data.points_by_context[ctx]
            item.setSize(size)
            item.setData(series.x, series.y)
        self.severe_marks.setSize(size + SEVERE_RING_EXTRA)
        self.severe_marks.setData(data.severe.x, data.severe.y)
        width = line_width(days)
        if width != self._line_width:
            self._line_width = width
            self._pen_rolling()
        self.rolling.setData(data.rolling.x, data.rolling.y)
        self.set_baseline(data.baseline_mean)
        outlined = days <= OUTLINED_BARS_MAX_DAYS
        if outlined != self._bars_outlined:
            self._bars_outlined = outlined
            self._colour_bars()
        weeks = data.weeks
        self.possible.setOpts(x0=weeks.x0, x1=weeks.x1, height=weeks.possible)
        self.sessions.setOpts(x0=weeks.x0, x1=weeks.x1, height=weeks.sessions)
        if days <= SESSION_MARKS_MAX_DAYS:
            marks_y = np.full(len(data.session_x), SESSION_MARK_Y)
            self.session_marks.setData(data.session_x, marks_y)
        elif len(self.session_marks.getData()[0]):
            self.session_marks.clear()
        self.plot.setXRange(*data.x_range, padding=0)
        show_empty = data.is_empty and bool(empty_text)
        if show_empty:
            self.empty_text.setText(empty_text)
            self._place_empty_text()
        self.empty_text.setVisible(show_empty)
        self._hover_day = None
        for cursor in self.cursors:
            cursor.hide()
        self.readout.hide()
        # pyqtgraph moves the items to the new range when it paints, and what moves then
        # (the baseline's label) asks for a second paint: move them now, paint once.
        for plot in (self.plot, self.bars):
            plot.vb.updateMatrix()

    def set_baseline(self, value: float | None) -> None:
        """Draw the starting point at ``value`` (hidden for None: not 7 logged days yet)."""
        if value is None:
            self.baseline.hide()
        elif not self.baseline.isVisible() or value != self.baseline.value():
            self.baseline.show()
            self.baseline.setPos(value)

    # -- hover --------------------------------------------------------------------------

    def hovered_day(self) -> date | None:
        """The day under the pointer, if any."""
        return self._hover_day

    def hover_at(self, scene_pos: QPointF) -> None:
        """Show the day under ``scene_pos`` (scene coordinates) and its read-out beside the
        pointer, or nothing off the days."""
        self.hover_day(self._day_under(scene_pos))
        if self._hover_day is not None:
            self._place_readout(self.mapFromScene(scene_pos))

    def _day_under(self, scene_pos: QPointF) -> date | None:
        data = self._data
        if data is None or not (
            self.plot.sceneBoundingRect().contains(scene_pos)
            or self.bars.sceneBoundingRect().contains(scene_pos)
        ):
            return None
        return data.day_at(self.plot.vb.mapSceneToView(scene_pos).x())

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
            self.readout.hide()
        else:
            x = noon_x(details.day, data.tz if data is not None else None)
            for cursor in self.cursors:
                cursor.setPos(x)
                cursor.show()
            self._fill_readout(details, x)
        self._describe(details)
        self.day_hovered.emit(details)

    def _fill_readout(self, details: DayDetails, x: float) -> None:
        first, *rest = details.lines()
        c = theme.colors()
        self.readout.setText(
            f"<span style='color:{c.text}'><b>{escape(first)}</b><br>"
            + "<br>".join(escape(line) for line in rest)
            + f"</span><br><span style='color:{c.muted}'>{READOUT_HINT}</span>"
        )
        self.readout.adjustSize()
        if not self.readout.isVisible():
            # At the top of the cursor line until the pointer moves (a day chosen by code).
            top = self.plot.vb.mapViewToScene(QPointF(x, PAIN_MAX))
            self._place_readout(self.mapFromScene(top))
            self.readout.show()

    def _place_readout(self, pointer: QPoint) -> None:
        """Put the read-out beside ``pointer`` (viewport pixels), flipped to stay inside."""
        area = self.viewport().rect()
        size = self.readout.size()
        x = pointer.x() + READOUT_OFFSET
        y = pointer.y() + READOUT_OFFSET
        if x + size.width() > area.right():
            x = pointer.x() - READOUT_OFFSET - size.width()
        if y + size.height() > area.bottom():
            y = pointer.y() - READOUT_OFFSET - size.height()
        self.readout.move(max(area.left(), x), max(area.top(), y))

    def set_summary_text(self, text: str) -> None:
        """The chart's text alternative: ``text``, then the values of the day shown."""
        self._summary_text = text
        self._describe(None)

    def _describe(self, details: DayDetails | None) -> None:
        day = details.text() if details is not None else ""
        self.setAccessibleDescription(" ".join(part for part in (self._summary_text, day) if part))

    def on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        self.hover_at(scene_pos)

    def on_scene_mouse_clicked(self, event: object) -> None:
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        self.hover_at(scene_pos)
        if self._hover_day is not None and self._data is not None:
            self.point_clicked.emit(self.point_near(self._hover_day, scene_pos))

    def point_near(self, day: date, scene_pos: QPointF) -> ChartPoint | None:
        """The point drawn on ``day`` nearest the height of ``scene_pos``."""
        assert self._data is not None
        return self._data.point_at(day, self.plot.vb.mapSceneToView(scene_pos).y())

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
        self._pen_rolling()
        self.baseline.setPen(pg.mkPen(c.muted, width=1.5, style=Qt.PenStyle.DashLine))
        self.severe_marks.setPen(pg.mkPen(c.text, width=1.5))
        self.severe_marks.setBrush(pg.mkBrush(None))
        self.readout.setFont(font)
        palette = QPalette(self.readout.palette())
        palette.setColor(QPalette.ColorRole.Window, QColor(c.surface))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(c.border))  # the frame
        self.readout.setPalette(palette)
        self._colour_bars()
        self.session_marks.setPen(pg.mkPen(None))
        self.session_marks.setBrush(pg.mkBrush(c.accent))
        for cursor in self.cursors:
            cursor.setPen(pg.mkPen(c.muted, width=1))
        self.empty_text.setColor(QColor(c.muted))
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * theme.HEADING_SCALE)
        self.empty_text.setFont(big)

    def _pen_rolling(self) -> None:
        self.rolling.setPen(pg.mkPen(theme.colors().text, width=self._line_width))

    def _colour_bars(self) -> None:
        # A gap between weeks (an outline in the background colour) while bars are wide
        # enough to show it; beyond a year they are pixels wide and read better solid.
        c = theme.colors()
        pen = pg.mkPen(c.surface) if self._bars_outlined else pg.mkPen(None)
        self.possible.setOpts(brush=pg.mkBrush(c.surface_alt), pen=pen)
        self.sessions.setOpts(brush=pg.mkBrush(c.accent), pen=pen)

    def resizeEvent(self, event: QResizeEvent | None) -> None:  # noqa: N802 (Qt override)
        # pyqtgraph resizes once during its own __init__, and once in close() after it has
        # deleted the plots (touching them then crashes).
        if hasattr(self, "bars") and not self.closed:
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
