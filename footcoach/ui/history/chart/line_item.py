"""The chart's lines (the 7-day mean), stroked in device pixels."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from footcoach.trends import FloatArray
from footcoach.ui.history.chart.pixel_drawn_item import PixelDrawnItem


class LineItem(PixelDrawnItem):
    """A line through ``x``, ``y`` (broken where a value is NaN), stroked in device pixels.

    ``PlotCurveItem`` strokes through the view's transform, where Qt has no fast path for a
    wide antialiased pen: the 2.5-pixel 7-day mean of a year took 0.9 ms a paint (1.5 ms as
    one polyline). Mapped to pixels first and drawn as separate segments it takes about
    0.2 ms. A 1-pixel pen is fast as one path, so that stays one path.
    """

    def __init__(self) -> None:
        super().__init__()
        self._joined = np.empty(0, dtype=bool)
        self._segments = PrimitiveArray(QLineF, 4)
        self._drawn_for: tuple[float, ...] | None = None  # the transform _segments/_path are for
        self._path = QPainterPath()

    def setData(self, x: FloatArray, y: FloatArray) -> None:  # noqa: N802 (pyqtgraph's name)
        """Draw the line through ``x``, ``y`` (replacing the old one)."""
        self._drawn_for = None
        finite = self._store(x, y)
        self._joined = finite[:-1] & finite[1:]

    def setPen(self, pen: QPen) -> None:  # noqa: N802
        self.prepareGeometryChange()
        self._pen = QPen(pen)
        self.update()

    def pixelPadding(self) -> float:  # noqa: N802 (pyqtgraph asks for it)
        return max(self._pen.widthF(), 1.0)

    def draws_nothing(self) -> bool:
        return not self._joined.any()

    def paint(self, p: QPainter, opt: object, widget: QWidget | None = None) -> None:
        if self.draws_nothing() or self._pen.style() == Qt.PenStyle.NoPen:
            return
        t = p.transform()
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy())
        wide = self._pen.widthF() > 1
        if key != self._drawn_for:
            x, y = self._device_xy(t)
            if wide:
                joined = self._joined
                self._segments.resize(int(np.count_nonzero(joined)))
                segments = self._segments.ndarray()
                segments[:, 0], segments[:, 1] = x[:-1][joined], y[:-1][joined]
                segments[:, 2], segments[:, 3] = x[1:][joined], y[1:][joined]
            else:
                self._path = pg.arrayToQPath(x, y, connect="finite")
            self._drawn_for = key
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(self._pen)
        if wide:
            p.drawLines(*self._segments.drawargs())
        else:
            p.drawPath(self._path)
