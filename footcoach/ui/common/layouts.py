"""Layout shapes shared by several pages."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

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
