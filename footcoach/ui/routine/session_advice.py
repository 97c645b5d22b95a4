"""What the player says when pain before a session is high: a gentler routine, kind advice,
and the red flags that mean seeing a professional before exercising."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from footcoach.routines import SessionAdvice
from footcoach.ui.common import theme
from footcoach.ui.common.layouts import centre_card


class SessionAdviceView(QFrame):
    """Shows a :class:`SessionAdvice`: switch to the seated routine, carry on, or stop here."""

    switch_chosen = Signal()  # take the seated routine the advice names
    continue_chosen = Signal()  # keep the routine the person picked
    stop_chosen = Signal()  # not today

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.advice: SessionAdvice | None = None
        self.title = QLabel()
        self.title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.title.setWordWrap(True)
        self.message = QLabel()
        self.message.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        self.message.setWordWrap(True)
        self.note_box = QFrame()
        theme.set_role(self.note_box, "caution")
        note_layout = QVBoxLayout(self.note_box)
        note_layout.setContentsMargins(theme.SPACE_M, theme.SPACE_M, theme.SPACE_M, theme.SPACE_M)
        self.professional_note = QLabel()
        self.professional_note.setWordWrap(True)
        note_layout.addWidget(self.professional_note)
        self.red_flags = QLabel()
        self.red_flags.setWordWrap(True)
        self.red_flags.setTextFormat(Qt.TextFormat.RichText)
        self.red_flags.setAccessibleName("When to see a professional before exercising")

        self.switch_button = QPushButton()
        theme.set_role(self.switch_button, "primary")
        self.switch_button.clicked.connect(self.switch_chosen)
        self.continue_button = QPushButton()
        self.continue_button.clicked.connect(self.continue_chosen)
        self.stop_button = QPushButton("Not today")
        self.stop_button.setToolTip("Back to the routines; rest your foot today (Esc)")
        self.stop_button.clicked.connect(self.stop_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.switch_button)

        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(720)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        inner.setSpacing(theme.SPACE_L)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        inner.addWidget(self.note_box)
        inner.addWidget(self.red_flags)
        inner.addLayout(buttons)

        centre_card(self, card)

    def show_advice(
        self,
        advice: SessionAdvice,
        routine_name: str,
        seated_name: str | None,
        show_professional_note: bool,
        red_flags: Sequence[str] = (),
    ) -> None:
        """Fill in the advice; the professional note only when it has not been said yet.

        ``red_flags`` are listed each time: with pain this high, any of them means seeing a
        professional before exercising.
        """
        self.advice = advice
        self.title.setText(f"Your foot is at {advice.pain_score}/10 today")
        self.message.setText(advice.message)
        self.professional_note.setText(advice.professional_note)
        self.note_box.setVisible(show_professional_note and bool(advice.professional_note))
        self.red_flags.setText(
            "<b>See a professional before exercising if you also have:</b>"
            "<ul style='-qt-list-indent: 1;'>"
            + "".join(f"<li>{escape(flag)}</li>" for flag in red_flags)
            + "</ul>"
        )
        self.red_flags.setVisible(bool(red_flags))
        self.switch_button.setVisible(seated_name is not None)
        self.switch_button.setText(f"Do {seated_name} instead" if seated_name else "")
        self.continue_button.setText(f"Continue with {routine_name}")
        default = self.switch_button if seated_name is not None else self.continue_button
        default.setDefault(True)
        default.setFocus(Qt.FocusReason.OtherFocusReason)
