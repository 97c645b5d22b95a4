"""Render FootCoach SVG art to PNG with QtSvg (offscreen), in any ink colour.

The illustrations draw their lines with ``currentColor`` (the ink) so the app can substitute
the palette's text colour; :func:`recolor` does the same substitution here.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_svg.py [OUT_DIR]

renders every ``assets/illustrations/*.svg`` at 160 and 480 px wide on the light and dark
palettes into OUT_DIR (default ``/tmp/art``), plus one contact sheet per palette.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ILLUSTRATIONS = ROOT / "assets" / "illustrations"

#: (name, background, ink) for the two palettes the art must read well on.
PALETTES = (("light", "#ffffff", "#1d2430"), ("dark", "#1e2127", "#e6e9ef"))
WIDTHS = (160, 480)


def recolor(svg_text: str, ink: str) -> str:
    """Return ``svg_text`` with every ``currentColor`` replaced by ``ink`` (e.g. ``#1d2430``)."""
    return svg_text.replace("currentColor", ink)


def render(svg_text: str, width: int, ink: str | None = None, background: str | None = None):
    """Render SVG text to a QImage ``width`` px wide (height from the viewBox aspect ratio).

    ``ink`` replaces ``currentColor``; ``background`` fills the image first (default: transparent).
    """
    if ink is not None:
        svg_text = recolor(svg_text, ink)
    renderer = QSvgRenderer(QByteArray(svg_text.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("not a valid SVG for QtSvg")
    box = renderer.viewBoxF()
    height = round(width * box.height() / box.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(background) if background else QColor(Qt.GlobalColor.transparent))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def render_file(svg: Path, png: Path, width: int, ink: str | None = None, bg: str | None = None):
    """Render one SVG file to one PNG file."""
    image = render(svg.read_text(encoding="utf-8"), width, ink, bg)
    png.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(png)):
        raise OSError(f"could not write {png}")


def contact_sheet(svgs: list[Path], out: Path, ink: str, bg: str, width: int = 480) -> None:
    """All illustrations in one PNG, two per row, for a quick side-by-side look."""
    cols = 2
    height = width * 2 // 3
    rows = (len(svgs) + cols - 1) // cols
    sheet = QImage(cols * (width + 16) + 16, rows * (height + 16) + 16, QImage.Format.Format_RGB32)
    sheet.fill(QColor(bg))
    painter = QPainter(sheet)
    for index, svg in enumerate(svgs):
        image = render(svg.read_text(encoding="utf-8"), width, ink, bg)
        x = 16 + (index % cols) * (width + 16)
        y = 16 + (index // cols) * (height + 16)
        painter.drawImage(x, y, image)
    painter.end()
    sheet.save(str(out))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("/tmp/art")
    _app = QGuiApplication.instance() or QGuiApplication([])
    svgs = sorted(ILLUSTRATIONS.glob("*.svg"))
    for name, bg, ink in PALETTES:
        for svg in svgs:
            for width in WIDTHS:
                render_file(svg, out / f"{svg.stem}-{name}-{width}.png", width, ink, bg)
        contact_sheet(svgs, out / f"sheet-{name}.png", ink, bg)
    print(f"rendered {len(svgs)} illustrations into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
