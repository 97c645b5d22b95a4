"""The safety note: shown once on first run, and again from Help at any time."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from footcoach.catalog import Catalog
from footcoach.ui import theme


class SafetyNoteView(QScrollArea):
    """A calm page: what FootCoach is, when to see a professional, and the precautions."""

    acknowledged = Signal()

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(760)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        layout.setSpacing(theme.SPACE_M)

        title = QLabel("Welcome to FootCoach")
        title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        intro = _wrapped(
            "Gentle exercises and stretches for pain in the ball of the foot, with hold "
            "timers, a pain log and a chart that shows how you are doing."
        )
        intro.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        note = _wrapped(catalog.see_professional)
        flags_title = _wrapped("<b>See a professional before you exercise if you have:</b>")
        flags = _wrapped(
            "<ul style='-qt-list-indent: 1;'>"
            + "".join(f"<li>{escape(flag)}</li>" for flag in catalog.red_flags)
            + "</ul>"
        )
        tips_title = _wrapped("<b>Before you start</b>")
        tips = _wrapped(
            "<ul style='-qt-list-indent: 1;'>"
            + "".join(
                f"<li><b>{escape(p.title)}.</b> {escape(p.text)}</li>" for p in catalog.precautions
            )
            + "</ul>"
        )
        self.button = QPushButton("I understand \u2013 show me the exercises")
        theme.set_role(self.button, "primary")
        self.button.setDefault(True)
        self.button.clicked.connect(self.acknowledged)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        for widget in (title, intro, note, flags_title, flags, tips_title, tips):
            layout.addWidget(widget)
        layout.addLayout(buttons)

        outer = QWidget()
        outer_layout = QHBoxLayout(outer)
        outer_layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        outer_layout.addStretch(1)
        outer_layout.addWidget(card, 8, Qt.AlignmentFlag.AlignTop)
        outer_layout.addStretch(1)
        self.setWidget(outer)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
