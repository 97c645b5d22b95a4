"""Illustrations and app icon: every exercise has a drawing that QtSvg renders cleanly.

The drawings use ``currentColor`` as ink (the app substitutes the palette's text colour) and a
fixed teal accent. Qt warnings fail these tests (see ``qt_log_level_fail`` in pyproject.toml),
so an SVG feature QtSvg does not support shows up here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
ILLUSTRATIONS = ASSETS / "illustrations"
ICONS = ASSETS / "icons"
APP_ID = "io.github.footcoach.FootCoach"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
FALLBACK_IDS = (
    "heel-raises",
    "towel-curls",
    "foot-roll",
    "marble-pickups",
    "single-leg-balance",
    "toe-scrunch",
    "heel-walks",
    "toe-spread",
    "toe-stretch",
    "calf-stretch",
)
# (name, background, ink): the palettes the art must read on.
PALETTES = (("light", "#ffffff", "#1d2430"), ("dark", "#1e2127", "#e6e9ef"))
TEAL = "#2a9d8f"


def _illustrations() -> list[tuple[str, Path]]:
    """(exercise id, SVG path) for every catalogue entry, or the known ids without a catalogue."""
    catalogue = ASSETS / "exercises.toml"
    if catalogue.is_file():
        data = tomllib.loads(catalogue.read_text(encoding="utf-8"))
        return [(raw["id"], ILLUSTRATIONS / raw["illustration"]) for raw in data["exercises"]]
    return [(ident, ILLUSTRATIONS / f"{ident}.svg") for ident in FALLBACK_IDS]


ART = _illustrations()
ART_IDS = [ident for ident, _ in ART]


def _renderer(svg_text: str) -> QSvgRenderer:
    renderer = QSvgRenderer(QByteArray(svg_text.encode("utf-8")))
    assert renderer.isValid()
    return renderer


def _render(svg_text: str, width: int, background: QColor | None = None) -> QImage:
    renderer = _renderer(svg_text)
    box = renderer.viewBoxF()
    image = QImage(width, round(width * box.height() / box.width()), QImage.Format.Format_ARGB32)
    image.fill(background if background is not None else QColor(Qt.GlobalColor.transparent))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def _pixels(image: QImage) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


def _near(colour: QColor, target: QColor, tolerance: int = 40) -> bool:
    return (
        abs(colour.red() - target.red())
        + abs(colour.green() - target.green())
        + abs(colour.blue() - target.blue())
        <= tolerance
    )


def test_illustration_list_is_not_empty() -> None:
    assert len(ART) >= 10
    assert len(set(ART_IDS)) == len(ART_IDS)


@pytest.mark.parametrize(("ident", "svg"), ART, ids=ART_IDS)
def test_illustration_exists_and_parses(qapp, ident: str, svg: Path) -> None:
    assert svg.is_file(), f"no illustration for {ident}: {svg}"
    renderer = _renderer(svg.read_text(encoding="utf-8"))
    assert renderer.viewBoxF() == QRectF(0, 0, 480, 320)


@pytest.mark.parametrize(("ident", "svg"), ART, ids=ART_IDS)
def test_illustration_is_recolourable_plain_svg(ident: str, svg: Path) -> None:
    text = svg.read_text(encoding="utf-8")
    header = text.split("<svg", 1)[0]
    assert "currentColor" in header and TEAL in header, "the colour convention is documented"
    assert 'fill="currentColor"' in text, "the ink is currentColor"
    # Nothing QtSvg (SVG Tiny 1.2) handles badly, and no words or pasted-in pictures.
    for forbidden in ("<text", "<image", "<style", "style=", "filter", "mask", "<marker", "url("):
        assert forbidden not in text, f"{ident} uses {forbidden}"
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', text))
    assert colours <= {"currentColor", TEAL, "none"}, f"{ident}: unexpected colours {colours}"


@pytest.mark.parametrize(("name", "background", "ink"), PALETTES, ids=[p[0] for p in PALETTES])
@pytest.mark.parametrize(("ident", "svg"), ART, ids=ART_IDS)
def test_illustration_renders_in_palette(
    qapp, ident: str, svg: Path, name: str, background: str, ink: str
) -> None:
    text = svg.read_text(encoding="utf-8").replace("currentColor", ink)
    image = _render(text, 160)
    assert (image.width(), image.height()) == (160, 107)
    pixels = _pixels(image)
    drawn = [c for c in pixels if c.alpha() > 24]
    inked = [c for c in drawn if c.alpha() > 200 and _near(c, QColor(ink))]
    teal = [c for c in drawn if c.alpha() > 200 and _near(c, QColor(TEAL))]
    # Substantial coverage (body tint included), with real lines in the ink colour and the
    # teal accent for equipment or motion.
    assert len(drawn) > 0.06 * len(pixels), f"{ident} is almost blank ({len(drawn)} px)"
    assert len(inked) > 0.02 * len(pixels), f"{ident} has too little ink ({len(inked)} px)"
    assert len(teal) > 25, f"{ident} has no teal accent ({len(teal)} px)"
    # Whatever is drawn must differ from the background, or it vanishes in this palette.
    on_background = _render(text, 160, QColor(background))
    bg = QColor(background)
    opaque_like_bg = sum(
        1
        for c, d in zip(_pixels(on_background), pixels, strict=True)
        if d.alpha() > 200 and _near(c, bg, 24)
    )
    assert opaque_like_bg == 0, f"{ident}: {opaque_like_bg} px vanish on the {name} background"


@pytest.mark.parametrize(("ident", "svg"), ART, ids=ART_IDS)
def test_illustration_reads_at_large_size(qapp, ident: str, svg: Path) -> None:
    image = _render(svg.read_text(encoding="utf-8").replace("currentColor", "#1d2430"), 480)
    assert (image.width(), image.height()) == (480, 320)
    assert not image.isNull()


def test_icon_svgs_parse_and_match(qapp) -> None:
    icon = ICONS / "footcoach.svg"
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert icon.is_file() and scalable.is_file()
    assert icon.read_text(encoding="utf-8") == scalable.read_text(encoding="utf-8")
    image = _render(icon.read_text(encoding="utf-8"), 64)
    assert image.pixelColor(0, 63).alpha() == 0, "icon background is transparent"
    assert image.pixelColor(32, 36).alpha() == 255


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_sizes(qapp, size: int) -> None:
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png.is_file(), f"missing {png}"
    image = QImage(str(png))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    pixels = _pixels(image)
    opaque = sum(1 for c in pixels if c.alpha() > 200)
    assert opaque > 0.4 * len(pixels), "the icon fills most of its square"
    assert image.pixelColor(0, size - 1).alpha() == 0, "corners are transparent"
