"""The base of the chart's own items: arrays drawn straight in device pixels."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPen, QTransform

from footcoach.trends import FloatArray


class PixelDrawnItem(pg.GraphicsObject):
    """An item drawn from ``x``, ``y`` arrays straight in device pixels: the arrays, their
    bounds and a bounding rect padded by a margin in pixels (symbol or pen size)."""

    def __init__(self) -> None:
        super().__init__()
        self._pen = pg.mkPen(None)
        self._x = self._y = np.empty(0)
        self._data_rect: QRectF | None = None  # of the finite values; None: there are none

    def _store(self, x: FloatArray, y: FloatArray) -> npt.NDArray[np.bool_]:
        """Keep the arrays and their bounds; return which points are finite."""
        self.prepareGeometryChange()
        self._x = np.asarray(x, dtype=np.float64)
        self._y = np.asarray(y, dtype=np.float64)
        finite = np.isfinite(self._x) & np.isfinite(self._y)
        self._data_rect = None
        if finite.any():
            xs, ys = self._x[finite], self._y[finite]
            x0, x1, y0, y1 = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
            self._data_rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.informViewBoundsChanged()
        self.update()
        return finite

    def getData(self) -> tuple[FloatArray, FloatArray]:  # noqa: N802 (pyqtgraph's name)
        """The x and y drawn."""
        return self._x, self._y

    def pen(self) -> QPen:
        return self._pen

    def draws_nothing(self) -> bool:
        """True when there is nothing to draw (the bounding rect is then empty)."""
        return self._data_rect is None

    def _device_xy(self, t: QTransform) -> tuple[FloatArray, FloatArray]:
        """The points mapped by ``t`` (the painter's transform) to device pixels."""
        x = t.m11() * self._x + t.m21() * self._y + t.dx()
        y = t.m12() * self._x + t.m22() * self._y + t.dy()
        return x, y

    def dataBounds(  # noqa: N802 (pyqtgraph asks for it)
        self,
        ax: int,
        frac: float = 1.0,
        orthoRange: object = None,  # noqa: N803
    ) -> tuple[float | None, float | None]:
        rect = self._data_rect
        if rect is None:
            return None, None
        return (rect.left(), rect.right()) if ax == 0 else (rect.top(), rect.bottom())

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        if self._data_rect is None or self.draws_nothing():
            return QRectF()
        px, py = self.pixelVectors()
        pad = self.pixelPadding()
        dx = 0.0 if px is None else px.length() * pad
        dy = 0.0 if py is None else py.length() * pad
        return self._data_rect.adjusted(-dx, -dy, dx, dy)

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph hook)
        self.prepareGeometryChange()  # the padding is in pixels
        super().viewTransformChanged()
