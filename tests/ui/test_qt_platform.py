"""Guards for Qt binding bugs we have met, so a version bump cannot bring them back quietly."""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot


def test_qvariant_none_keeps_its_reference(qtbot: QtBot) -> None:
    # PySide6 6.12.0 dropped a reference on None here and Python aborted later on.
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Any", None)
    before = sys.getrefcount(None)
    for _ in range(500):
        combo.currentData()
        QModelIndex().data()
    assert sys.getrefcount(None) >= before - 50  # other code may let go of a few
