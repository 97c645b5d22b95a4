"""``FunctionGoalsChart``: the small chart of function-goal ratings (0-10) under the pain trend.

Drawn with QPainter (no pyqtgraph outside ``ui/history/chart/``); it computes nothing: the
series come from ``function_goals.goal_series``. Each goal has its own colour and mark, so the
lines stay apart without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from footcoach.function_goals import GOAL_MAX, GOAL_MIN, GoalSeries
from footcoach.ui.common import theme

#: The marks of the series, in order: a circle, a square, a diamond.
MARKS = ("●", "■", "◆")
MIN_SPAN_DAYS = 28


class FunctionGoalsChart(QWidget):
    """Ratings of each goal over time, 0 (cannot do) to 10 (as before), one line per goal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: tuple[GoalSeries, ...] = ()
        self.today = date.today()
        self.setMinimumHeight(80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Function goals chart")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(360, 120)

    def set_series(self, series: Sequence[GoalSeries], today: date) -> None:
        """Draw ``series`` up to ``today``."""
        self.series = tuple(series)
        self.today = today
        rated = [s for s in self.series if s.points]
        self.setAccessibleDescription(
            "; ".join(
                f"{s.goal.name}: {', '.join(str(score) for _, score in s.points[-4:])}"
                for s in rated
            )
            or "No ratings yet."
        )
        self.update()

    def span(self) -> tuple[date, date]:
        """The days across the chart: the first rating (at least 4 weeks back) to today."""
        firsts = [s.points[0][0] for s in self.series if s.points]
        start = min(firsts, default=self.today)
        return min(start, self.today - timedelta(days=MIN_SPAN_DAYS)), self.today

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        c = theme.colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("10") + theme.SPACE_S
        plot = QRectF(
            left + theme.SPACE_S,
            metrics.height() / 2,
            max(10.0, self.width() - left - 2 * theme.SPACE_S),
            max(10.0, self.height() - metrics.height() * 2),
        )
        start, end = self.span()
        days = max(1, (end - start).days)

        def x_of(day: date) -> float:
            return plot.left() + plot.width() * (day - start).days / days

        def y_of(score: float) -> float:
            return plot.bottom() - plot.height() * (score - GOAL_MIN) / (GOAL_MAX - GOAL_MIN)

        grid = QPen(QColor(c.border))
        grid.setWidthF(1.0)
        painter.setPen(grid)
        for score in (0, 5, 10):
            y = y_of(score)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QColor(c.muted))
        for score in (0, 5, 10):
            text_rect = QRectF(0, y_of(score) - metrics.height() / 2, left - 4, metrics.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight, str(score))
        labels = (f"{start:%d %b}", f"{end:%d %b}")
        bottom = QRectF(plot.left(), plot.bottom() + 2, plot.width(), metrics.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, labels[0])
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight, labels[1])

        for index, series in enumerate(self.series):
            if not series.points:
                continue
            colour = QColor(c.series[index % len(c.series)])
            if not series.goal.active:
                colour.setAlphaF(0.45)
            pen = QPen(colour)
            pen.setWidthF(2.0)
            painter.setPen(pen)
            path = QPainterPath()
            for number, (day, score) in enumerate(series.points):
                point = QPointF(x_of(day), y_of(score))
                if number == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(colour)
            for day, score in series.points:
                _draw_mark(painter, index, QPointF(x_of(day), y_of(score)))
        painter.end()


def _draw_mark(painter: QPainter, index: int, at: QPointF, radius: float = 3.5) -> None:
    shape = index % len(MARKS)
    if shape == 0:
        painter.drawEllipse(at, radius, radius)
    elif shape == 1:
        painter.drawRect(QRectF(at.x() - radius, at.y() - radius, radius * 2, radius * 2))
    else:
        path = QPainterPath()
        path.moveTo(at.x(), at.y() - radius - 1)
        path.lineTo(at.x() + radius + 1, at.y())
        path.lineTo(at.x(), at.y() + radius + 1)
        path.lineTo(at.x() - radius - 1, at.y())
        path.closeSubpath()
        painter.drawPath(path)
