"""The red-flag questions' radio buttons and check box keep a visible edge in the dark theme."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLineEdit,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from footcoach.screening import load_screening
from footcoach.ui.common import theme
from footcoach.ui.common.red_flag_check import RedFlagCheck


def edge_contrast(button: QAbstractButton, element: QStyle.SubElement) -> float:
    """The largest lightness step between the indicator's pixels and the surface behind it."""
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    box = button.style().subElementRect(element, option, button)
    image = button.grab().toImage()
    behind = image.pixelColor(button.width() - 1, 0).lightnessF()
    return max(
        abs(image.pixelColor(x, y).lightnessF() - behind)
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
def test_unchecked_answers_are_visible(qtbot: QtBot, themed, mode: theme.ThemeMode) -> None:  # type: ignore[no-untyped-def]
    themed(mode)
    check = RedFlagCheck(load_screening())
    qtbot.addWidget(check)
    check.show()
    check.agreed.show()
    QApplication.processEvents()
    radio = check.groups[load_screening().ids()[0]].button(0)
    # Fusion's own edge on the dark window was a step of about 0.05: near invisible.
    assert edge_contrast(radio, QStyle.SubElement.SE_RadioButtonIndicator) > 0.2
    assert edge_contrast(check.agreed, QStyle.SubElement.SE_CheckBoxIndicator) > 0.2


def indicator_colour(button: QAbstractButton) -> str:
    """The colour at the middle of a check box's indicator."""
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    box = button.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, button)
    return button.grab().toImage().pixelColor(box.center()).name()


@pytest.mark.parametrize("mode", [theme.ThemeMode.DARK, theme.ThemeMode.LIGHT])
def test_a_disabled_setting_does_not_look_ready_to_use(
    qtbot: QtBot,
    themed,  # type: ignore[no-untyped-def]
    mode: theme.ThemeMode,
) -> None:
    """Reminders off greys out their days and times: checked boxes and fields look disabled."""
    themed(mode)
    form = QWidget()
    theme.set_role(form, "form")
    layout = QVBoxLayout(form)
    boxes = [QCheckBox("Mon", form), QCheckBox("Tue", form)]
    fields = [QLineEdit("18:00", form), QLineEdit("18:00", form)]
    for widget in (*boxes, *fields):
        layout.addWidget(widget)
    for box in boxes:
        box.setChecked(True)
    boxes[1].setEnabled(False)
    fields[1].setEnabled(False)
    qtbot.addWidget(form)
    form.show()
    QApplication.processEvents()
    assert indicator_colour(boxes[0]) != indicator_colour(boxes[1])
    text_colour = [field.grab().toImage().pixelColor(2, 2).name() for field in fields]
    assert text_colour[0] != text_colour[1]
