"""The chart's date axis: fine ticks kept clear of coarse ones, and its drawings kept."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QPainter, QPicture

#: Smallest gap in pixels between a coarse tick label (a month) and a finer one (a day).
TICK_LABEL_GAP_PX = 36


class SpacedDateAxis(pg.DateAxisItem):
    """A date axis that drops fine ticks crowding a coarser one ("30" next to "Sep").

    It also keeps the drawing of the last few ranges: pyqtgraph's date ticks cost 0.7 ms
    (4 weeks) to 5 ms (ten years: a time-zone conversion per month) each time the range
    changes, and the ranges are the same few buttons. A drawing is reused only for the same
    range, size, pens, font and style.
    """

    PICTURES_KEPT = 8
    picture: QPicture | None  # pyqtgraph's own cached drawing, set by its paint

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pictures: dict[tuple[object, ...], QPicture] = {}

    def _picture_key(self) -> tuple[object, ...]:
        font = self.style["tickFont"]
        pen, text_pen = self.pen(), self.textPen()
        return (
            tuple(self.range),
            self.size().toTuple(),
            self.grid,
            self.utcOffset,
            pen.color().rgba(),
            pen.widthF(),
            text_pen.color().rgba(),
            None if font is None else font.key(),
            repr(self._tickLevels),
            tuple((k, repr(v)) for k, v in sorted(self.style.items()) if k != "tickFont"),
        )

    def paint(self, p: QPainter, opt: object, widget: object) -> None:
        key = None
        if self.picture is None:
            key = self._picture_key()
            self.picture = self._pictures.get(key)
        super().paint(p, opt, widget)
        if key is not None and key not in self._pictures and self.picture is not None:
            if len(self._pictures) >= self.PICTURES_KEPT:
                del self._pictures[next(iter(self._pictures))]  # the oldest
            self._pictures[key] = self.picture

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
