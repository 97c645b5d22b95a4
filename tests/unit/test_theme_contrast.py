"""Every text/background pair of both palettes meets WCAG AA (4.5:1)."""

from __future__ import annotations

import pytest

from footcoach.records import PainContext
from footcoach.ui.common import theme
from footcoach.ui.common.theme import Colors

AA = 4.5
AA_LARGE_OR_GRAPHIC = 3.0


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_pairs(c: Colors) -> list[tuple[str, str, str]]:
    return [
        ("text on window", c.text, c.window),
        ("text on surface", c.text, c.surface),
        ("text on surface_alt", c.text, c.surface_alt),
        ("muted on window", c.muted, c.window),
        ("muted on surface", c.muted, c.surface),
        ("accent text on accent", c.accent_text, c.accent),
        ("selection text", c.selection_text, c.selection),
        ("caution", c.caution_text, c.caution_bg),
        ("banner", c.banner_text, c.banner_bg),
        ("text on flash", c.text, c.flash),
        ("accent link on surface", c.accent, c.surface),
    ]


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=lambda c: c.name)
def test_text_pairs_meet_aa(palette: Colors) -> None:
    failures = [
        f"{name}: {contrast(fg, bg):.2f}"
        for name, fg, bg in text_pairs(palette)
        if contrast(fg, bg) < AA
    ]
    assert not failures


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=lambda c: c.name)
def test_context_colours_stand_out_on_the_chart_background(palette: Colors) -> None:
    for context in PainContext:
        assert contrast(palette.context(context), palette.surface) >= AA_LARGE_OR_GRAPHIC


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
