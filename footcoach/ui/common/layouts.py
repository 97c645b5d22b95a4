"""Layout shapes shared by several pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from footcoach.ui.common import theme


def centre_card(page: QWidget, card: QWidget, share: int = 10) -> None:
    """Lay ``page`` out as ``card`` centred across and a little above the middle.

    ``share`` is the card's width against one part of margin on each side.
    """
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card, share)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)


def scrolled_card(area: QScrollArea, max_width: int = 760) -> QVBoxLayout:
    """Lay ``area`` out as a card at the top, centred across, that scrolls in a small window;
    returns the card's layout to fill (a page of questions: the welcome, the red-flag check)."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    card = QFrame()
    theme.set_role(card, "card")
    card.setMaximumWidth(max_width)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
    layout.setSpacing(theme.SPACE_M)
    outer = QWidget()
    outer_layout = QHBoxLayout(outer)
    outer_layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
    outer_layout.addStretch(1)
    outer_layout.addWidget(card, 8, Qt.AlignmentFlag.AlignTop)
    outer_layout.addStretch(1)
    area.setWidget(outer)
    return layout
