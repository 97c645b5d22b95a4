"""Radio buttons and check boxes keep a visible edge in the dark theme (the red-flag questions)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from footcoach.ui import theme


def edge_contrast(widget: QRadioButton | QCheckBox, element: QStyle.SubElement) -> float:
    """The largest lightness step between the indicator's pixels and the window behind it."""
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    box = widget.style().subElementRect(element, option, widget)
    image = widget.grab().toImage()
    window = QColor(theme.colors().window).lightnessF()
    return max(
        abs(image.pixelColor(x, y).lightnessF() - window)
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    )


@pytest.fixture
def themed():  # type: ignore[no-untyped-def]
    """Apply a theme for one test; the light theme (every other test's) comes back after."""
    app = QApplication.instance()
    yield lambda mode: theme.apply_theme(app, mode)  # type: ignore[arg-type]
    theme.apply_theme(app, theme.ThemeMode.LIGHT)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", [theme.ThemeMode.DARK, theme.ThemeMode.LIGHT])
def test_an_unchecked_indicator_is_visible(qtbot: QtBot, themed, mode: theme.ThemeMode) -> None:  # type: ignore[no-untyped-def]
    themed(mode)
    radio, check = QRadioButton("Yes"), QCheckBox("Agreed")
    for widget in (radio, check):
        qtbot.addWidget(widget)
        widget.show()
    QApplication.processEvents()
    # Fusion's own edge on the dark window was a step of about 0.05: near invisible.
    assert edge_contrast(radio, QStyle.SubElement.SE_RadioButtonIndicator) > 0.2
    assert edge_contrast(check, QStyle.SubElement.SE_CheckBoxIndicator) > 0.2
