"""The session page of the routine player: steps with progress, the exercise, the hold timer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from footcoach.session_progress import StepStatus
from footcoach.ui.common import theme
from footcoach.ui.common.actions import ActionId, key_text, tip_of
from footcoach.ui.common.art import illustration_pixmap
from footcoach.ui.timer.hold_timer import HoldTimerWidget

MAX_ART_WIDTH = 420
MAX_FOCUS_ART_WIDTH = 560

_GLYPHS = {
    StepStatus.TO_DO: "\u25cb",  # ○
    StepStatus.PARTLY_DONE: "\u25d0",  # ◐
    StepStatus.DONE: "\u2713",  # ✓
    StepStatus.SKIPPED: "\u2013",  # –
}
_CURRENT_GLYPH = "\u25b6"  # ▶


@dataclass(frozen=True)
class StepView:
    """What the page shows about one step."""

    name: str
    dose: str
    cue: str
    illustration: str
    level_note: str = ""
    note: str = ""
    image: str | None = None  # the clinician's picture for this step, shown instead
    steps: tuple[str, ...] = ()  # how to do it, one instruction each
    caution: str = ""


class RoutineSessionView(QWidget):
    """Step list, exercise card and timer; Back / Next / End session below."""

    back_requested = Signal()
    next_requested = Signal()
    end_requested = Signal()  # the End session button: ask first
    end_confirmed = Signal()  # the person said yes: end the session now
    end_cancelled = Signal()

    def __init__(self, timer: HoldTimerWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        self._steps: list[StepView] = []
        self._current = 0
        self._art_width = 0
        self._focus_mode = False

        self.routine_name = QLabel()
        self.routine_name.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.step_list = QListWidget()
        self.step_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves keys to the timer
        self.step_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.step_list.setAccessibleName("Exercises in this routine")
        self.step_list.setMinimumWidth(215)
        self.step_list.setMaximumWidth(280)
        self.step_list.setWordWrap(True)
        self.step_list.setSpacing(2)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName("Sets done")  # read out with its value
        self.progress_bar.setMaximumHeight(8)
        self.progress_text = QLabel()
        theme.set_role(self.progress_text, "muted")
        left = QVBoxLayout()
        left.setSpacing(theme.SPACE_S)
        left.addWidget(self.routine_name)
        left.addWidget(self.progress_bar)
        left.addWidget(self.progress_text)
        left.addWidget(self.step_list, 1)
        self.left_panel = QWidget()
        self.left_panel.setLayout(left)
        self.left_panel.setMaximumWidth(280)
        left.setContentsMargins(0, 0, 0, 0)

        self.position = QLabel()
        theme.set_role(self.position, "muted")
        self.name = QLabel()
        self.name.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.name.setWordWrap(True)
        self.art = QLabel()
        self.art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.art.setMinimumSize(140, 90)
        self.art.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.dose = QLabel()
        self.dose.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.dose.setWordWrap(True)
        self.cue = QLabel()
        self.cue.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        self.cue.setWordWrap(True)
        self.level_note = QLabel()
        self.level_note.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        theme.set_role(self.note, "muted")
        self.caution = QLabel()
        self.caution.setWordWrap(True)
        self.caution.setAccessibleName("Caution")
        theme.set_role(self.caution, "caution")
        self.caution.setContentsMargins(theme.SPACE_S, theme.SPACE_S, theme.SPACE_S, theme.SPACE_S)
        self._steps_open = False  # kept from one exercise to the next
        self.steps_button = self._button("", tip_of(ActionId.ROUTINE_HOW_TO))
        self.steps_button.setCheckable(True)
        self.steps_button.toggled.connect(self._on_steps_toggled)
        self.steps_text = QLabel()
        self.steps_text.setWordWrap(True)
        self.steps_text.setTextFormat(Qt.TextFormat.RichText)
        self.steps_text.setAccessibleName("How to do it")
        self.next_up = QLabel()
        self.next_up.setWordWrap(True)
        theme.set_role(self.next_up, "muted")
        card = QVBoxLayout()
        card.setSpacing(theme.SPACE_S)
        card.addStretch(0)  # grows in focus mode to centre the drawing
        for widget in (self.position, self.name, self.art, self.dose, self.cue, self.caution):
            card.addWidget(widget)
        card.addWidget(self.steps_button, 0, Qt.AlignmentFlag.AlignLeft)
        card.addWidget(self.steps_text)
        card.addWidget(self.level_note)
        card.addWidget(self.note)
        card.addSpacing(theme.SPACE_M)
        card.addWidget(self.next_up)
        card.addStretch(1)
        self._card_layout = card
        self.card_panel = QWidget()
        self.card_panel.setLayout(card)
        card.setContentsMargins(0, 0, 0, 0)
        # The steps can be long: in a small window the card scrolls, the timer stays put.
        self.card_scroll = QScrollArea()
        self.card_scroll.setWidget(self.card_panel)
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.card_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys drive the timer

        self.confirm_box = QFrame()
        theme.set_role(self.confirm_box, "caution")
        confirm_text = QLabel("End this session now? The sets you did are already saved.")
        confirm_text.setWordWrap(True)
        self.confirm_end_button = QPushButton("End session")
        self.confirm_end_button.clicked.connect(self.end_confirmed)
        self.keep_going_button = QPushButton("Keep going")
        theme.set_role(self.keep_going_button, "primary")
        self.keep_going_button.clicked.connect(self.end_cancelled)
        confirm_row = QHBoxLayout(self.confirm_box)
        confirm_row.setContentsMargins(theme.SPACE_M, theme.SPACE_S, theme.SPACE_M, theme.SPACE_S)
        confirm_row.addWidget(confirm_text, 1)
        confirm_row.addWidget(self.confirm_end_button)
        confirm_row.addWidget(self.keep_going_button)
        self.confirm_box.hide()

        self.back_button = self._button("\u25c0 Back", "Previous exercise (\u2190)")
        self.back_button.clicked.connect(self.back_requested)
        self.next_button = self._button(
            "Next \u25b6", "Next exercise; this one is skipped (\u2192)"
        )
        self.next_button.clicked.connect(self.next_requested)
        self.end_button = self._button("End session", "Stop here; what you did is saved (Esc)")
        self.end_button.clicked.connect(self.end_requested)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.end_button)
        self.nav_panel = QWidget()
        self.nav_panel.setLayout(nav)
        nav.setContentsMargins(0, 0, 0, 0)

        body = QHBoxLayout()
        body.setSpacing(theme.SPACE_XL)
        body.addWidget(self.left_panel, 2)  # narrower in a small window, at most 280 px
        body.addWidget(self.card_scroll, 3)
        body.addWidget(self.timer, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_M)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(self.confirm_box)
        layout.addLayout(body, 1)
        layout.addWidget(self.nav_panel)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        # Reached by Tab only: after a click, Space still pauses the timer.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    # --- public API -----------------------------------------------------------------

    def set_routine(self, name: str, steps: Sequence[StepView]) -> None:
        """Show a routine's steps, all still to do."""
        self.routine_name.setText(name)
        self._steps = list(steps)
        self.step_list.clear()
        for _ in steps:
            self.step_list.addItem(QListWidgetItem())
        self.set_progress([StepStatus.TO_DO] * len(steps), 0, 0, 1)

    def set_progress(
        self, statuses: Sequence[StepStatus], current: int, sets_done: int, sets_planned: int
    ) -> None:
        """Mark each step done, skipped or to do, the current one, and the sets done so far."""
        c = theme.colors()
        self._current = current
        for index, (step, status) in enumerate(zip(self._steps, statuses, strict=True)):
            item = self.step_list.item(index)
            glyph = _CURRENT_GLYPH if index == current else _GLYPHS[status]
            item.setText(f"{glyph}  {step.name}\n      {step.dose}")
            font = QFont(self.step_list.font())
            font.setBold(index == current)
            font.setStrikeOut(status is StepStatus.SKIPPED and index != current)
            item.setFont(font)
            muted = status in (StepStatus.DONE, StepStatus.SKIPPED) and index != current
            item.setForeground(QColor(c.muted if muted else c.text))
            if index == current:
                item.setBackground(QColor(c.selection))
                item.setForeground(QColor(c.selection_text))
            else:
                item.setBackground(QColor(0, 0, 0, 0))
        if 0 <= current < self.step_list.count():
            self.step_list.scrollToItem(self.step_list.item(current))
        self.progress_bar.setRange(0, max(1, sets_planned))
        self.progress_bar.setValue(min(sets_done, sets_planned))
        self.progress_text.setText(f"{sets_done} of {sets_planned} sets done")
        self.back_button.setEnabled(current > 0)

    def show_step(self, index: int, step: StepView, next_name: str | None) -> None:
        """Show the exercise of step ``index``: drawing, name, dose, cue, caution, steps, notes."""
        self._current = index
        self.position.setText(f"Exercise {index + 1} of {len(self._steps)}")
        self.name.setText(step.name)
        self.dose.setText(step.dose)
        self.cue.setText(step.cue)
        self.caution.setText(step.caution)
        self.caution.setVisible(bool(step.caution) and not self._focus_mode)
        self.steps_text.setText(
            "<ol style='-qt-list-indent: 1;'>"
            + "".join(f"<li>{escape(line)}</li>" for line in step.steps)
            + "</ol>"
        )
        self._show_steps()
        self.level_note.setText(step.level_note)
        self.level_note.setVisible(bool(step.level_note))
        self.note.setText(f"From your clinician: {step.note}" if step.note else "")
        self.note.setVisible(bool(step.note))
        self.next_up.setText(f"Next: {next_name}" if next_name else "Last exercise")
        self.next_button.setText("Finish \u25b6" if next_name is None else "Next \u25b6")
        picture = "Picture from your clinician" if step.image else "Drawing"
        self.art.setAccessibleName(f"{picture}: {step.name}")
        self._art_width = 0
        self._update_art()

    def toggle_steps(self) -> None:
        """Open or close "How to do it" (H); it stays so for the next exercises."""
        if not self.steps_button.isHidden():
            self.steps_button.toggle()

    def ask_to_end(self, on: bool) -> None:
        """Show or hide the "End this session now?" bar."""
        self.confirm_box.setVisible(on)

    def is_asking_to_end(self) -> bool:
        """True while the end-session question shows."""
        return not self.confirm_box.isHidden()

    def set_focus_mode(self, on: bool) -> None:
        """Timer and drawing only, large; the step list and buttons go away."""
        self._focus_mode = on
        for widget in (self.left_panel, self.nav_panel, self.name, self.dose, self.cue):
            widget.setVisible(not on)
        # Centre the drawing, with where you are and what comes next in large type under it.
        self._card_layout.setStretch(0, 1 if on else 0)
        for label in (self.position, self.next_up):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter if on else Qt.AlignmentFlag.AlignLeft)
        self._apply_fonts()
        if on:
            for widget in (self.level_note, self.note, self.caution):
                widget.hide()
        else:
            for label in (self.level_note, self.note, self.caution):
                label.setVisible(bool(label.text()))
        self._show_steps()
        self.timer.set_focus_mode(on)
        self._art_width = 0
        self._update_art()

    def refresh_theme(self) -> None:
        """Redraw in the current palette (illustration ink, list colours)."""
        self._art_width = 0
        self._update_art()

    # --- internals ------------------------------------------------------------------

    def _on_steps_toggled(self, on: bool) -> None:
        self._steps_open = on
        self._show_steps()

    def _show_steps(self) -> None:
        has_steps = 0 <= self._current < len(self._steps) and bool(self._steps[self._current].steps)
        shown = has_steps and not self._focus_mode
        self.steps_button.setVisible(shown)
        self.steps_button.setChecked(self._steps_open)
        self.steps_button.setText(
            ("\u25be How to do it" if self._steps_open else "\u25b8 How to do it")
            + f" ({key_text(ActionId.ROUTINE_HOW_TO)})"
        )
        self.steps_text.setVisible(shown and self._steps_open)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._apply_fonts()
        self._update_art()

    def _apply_fonts(self) -> None:
        font = QFont(self.font())
        if self._focus_mode:  # read from across the room, like the timer's own words
            font.setPixelSize(max(16, int(self.height() * 0.035)))
        for label in (self.position, self.next_up):
            label.setFont(font)

    def _update_art(self) -> None:
        if not self._steps or not 0 <= self._current < len(self._steps):
            return
        available = self.card_panel.width() if self.card_panel.width() > 0 else 300
        limit = MAX_FOCUS_ART_WIDTH if self._focus_mode else MAX_ART_WIDTH
        width = max(140, min(limit, available))
        if width == self._art_width:
            return
        self._art_width = width
        step = self._steps[self._current]
        if step.image is not None:
            picture = QPixmap(step.image)
            if not picture.isNull():
                height = round(width * 0.75)
                self.art.setPixmap(
                    picture.scaled(
                        width,
                        height,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
                return
        self.art.setPixmap(illustration_pixmap(step.illustration, theme.colors().text, width))
