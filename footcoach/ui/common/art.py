"""Render the SVG illustrations in the palette's ink colour."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from footcoach.paths import asset_path


def illustration_pixmap(file_name: str, ink: str, width: int) -> QPixmap:
    """Illustration ``file_name``, ``width`` logical px wide, lines drawn in ``ink``."""
    ratio = (
        QGuiApplication.primaryScreen().devicePixelRatio()
        if QGuiApplication.primaryScreen()
        else 1.0
    )
    return QPixmap.fromImage(_render(file_name, ink, width, ratio))


@lru_cache(maxsize=128)
def _render(file_name: str, ink: str, width: int, ratio: float) -> QImage:
    renderer = _renderer(file_name, ink)
    view = renderer.viewBoxF()
    aspect = view.height() / view.width() if view.width() else 0.66
    size = QSize(round(width * ratio), round(width * aspect * ratio))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def _renderer(file_name: str, ink: str) -> QSvgRenderer:
    svg = asset_path("illustrations", file_name).read_text(encoding="utf-8")
    # The drawings use currentColor for their ink so one file serves light and dark.
    return QSvgRenderer(QByteArray(svg.replace("currentColor", ink).encode("utf-8")))
