"""The chart's points: one series in one style, a symbol stamped at every point."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import renderSymbol
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtGui import QBrush, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from footcoach.trends import FloatArray
from footcoach.ui.history.chart.pixel_drawn_item import PixelDrawnItem


class PointsItem(PixelDrawnItem):
    """Points that all share one shape, size, outline and fill, drawn as one stamped symbol.

    pyqtgraph's ``ScatterPlotItem`` lets every point have its own style, so each ``setData``
    builds a record per point and looks its style up one by one (about 1 ms per thousand
    points), and each paint filters them again. Our series are one style each: the symbol
    is drawn once into a pixmap and stamped at every point (``drawPixmapFragments``, as
    pyqtgraph does), from the arrays as given.
    """

    def __init__(self, symbol: str, size: float = 7.0, sizes: tuple[float, ...] = ()) -> None:
        super().__init__()
        self._symbol = symbol
        self._size = size
        # Stamps for every size the chart switches between are drawn together, on the first
        # paint, so a range switch finds its stamp ready.
        self._sizes = sizes
        self._brush = pg.mkBrush(None)
        self._stamps: dict[tuple[float, float], QPixmap] = {}  # by size and pixel ratio
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10)

    # -- data and style -----------------------------------------------------------------

    def setData(self, x: FloatArray, y: FloatArray) -> None:  # noqa: N802 (pyqtgraph's name)
        """Show points at ``x``, ``y`` (replacing the old ones)."""
        self._store(x, y)

    def clear(self) -> None:
        """Show no points."""
        self.setData(np.empty(0), np.empty(0))

    def setSize(self, size: float) -> None:  # noqa: N802
        """Symbol size in pixels."""
        if size != self._size:
            self.prepareGeometryChange()
            self._size = size
            self.update()

    def setPen(self, pen: QPen) -> None:  # noqa: N802
        self._pen = QPen(pen)
        self._restyle()

    def setBrush(self, brush: QBrush) -> None:  # noqa: N802
        self._brush = QBrush(brush)
        self._restyle()

    def size(self) -> float:
        return self._size

    def brush(self) -> QBrush:
        return self._brush

    def _restyle(self) -> None:
        self._stamps.clear()
        self.update()

    # -- geometry -------------------------------------------------------------------------

    def pixelPadding(self) -> float:  # noqa: N802 (pyqtgraph asks for it)
        return (self._size + max(self._pen.widthF(), 1.0)) * 0.5

    # -- drawing --------------------------------------------------------------------------

    def paint(self, p: QPainter, opt: object, widget: QWidget | None = None) -> None:
        if self.draws_nothing():
            return
        dpr = widget.devicePixelRatioF() if widget is not None else p.device().devicePixelRatioF()
        stamp = self._stamps.get((self._size, dpr))
        if stamp is None:
            for size in {self._size, *self._sizes}:
                image = renderSymbol(self._symbol, size, self._pen, self._brush, dpr=dpr)
                self._stamps[size, dpr] = QPixmap.fromImage(image)
            stamp = self._stamps[self._size, dpr]
        t = p.transform()
        x, y = self._device_xy(t)  # the stamp is drawn unscaled at each point
        if p.hasClipping():  # a repaint of a strip (the hover line) stamps only what it shows
            clip = t.mapRect(p.clipBoundingRect())
            half = self.pixelPadding()
            shown = (
                (x >= clip.left() - half)
                & (x <= clip.right() + half)
                & (y >= clip.top() - half)
                & (y <= clip.bottom() + half)
            )
            x, y = x[shown], y[shown]
        p.resetTransform()
        self._fragments.resize(len(x))
        fragments = self._fragments.ndarray()
        fragments[:, 0] = x  # centres
        fragments[:, 1] = y
        fragments[:, 2:6] = (0, 0, stamp.width(), stamp.height())  # the whole stamp
        fragments[:, 6:10] = (1 / dpr, 1 / dpr, 0.0, 1.0)  # scale, rotation, opacity
        p.drawPixmapFragments(*self._fragments.drawargs(), stamp)  # type: ignore[call-arg]  # pyqtgraph's pointer form
