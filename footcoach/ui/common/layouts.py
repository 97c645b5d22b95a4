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
    card = QFrame()
    theme.set_role(card, "card")
    card.setMaximumWidth(max_width)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
    layout.setSpacing(theme.SPACE_M)
    scroll_to_card(area, card)
    return layout


def scroll_to_card(area: QScrollArea, card: QWidget, share: int = 8) -> QWidget:
    """Show ``card`` in ``area`` at the top, centred across (``share`` parts of the width
    against one part of margin each side), scrolling in a small window; returns the page
    behind the card."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    page = QWidget()
    row = QHBoxLayout(page)
    row.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
    row.addStretch(1)
    row.addWidget(card, share, Qt.AlignmentFlag.AlignTop)
    row.addStretch(1)
    area.setWidget(page)
    return page
