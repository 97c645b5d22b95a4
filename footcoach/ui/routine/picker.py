"""Choose a routine: the list with total time and level, a progression suggestion, Start.

New, Edit, Duplicate, Rename and Delete only ask; ``RoutineLibrary`` does the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from footcoach.pain import SAFETY_TITLE
from footcoach.routines import MAX_LEVEL, Routine, Suggestion
from footcoach.ui.common import theme
from footcoach.ui.common.durations import minutes_text
from footcoach.ui.common.keyboard_focus import set_default_button


@dataclass(frozen=True)
class RoutineChoice:
    """One routine as the picker shows it: its level, total time, steps and suggestion."""

    routine: Routine
    level: int
    seconds: float
    steps: tuple[tuple[str, str], ...]  # (exercise name, dose text) per step at ``level``
    suggestion: Suggestion | None = None
    safety_message: str | None = None  # the History banner's message while a signal is active


BUILTIN_NOTE = "A built-in routine: duplicate it to make your own copy to change."


class RoutinePicker(QWidget):
    """The routine list and the chosen routine's details; Enter or Start begins it."""

    start_requested = Signal(object)  # Routine
    suggestion_accepted = Signal(object, object)  # Routine, Suggestion
    suggestion_dismissed = Signal(object, object)  # Routine, Suggestion
    resume_requested = Signal()
    discard_requested = Signal()
    new_requested = Signal()
    edit_requested = Signal(object)  # Routine
    duplicate_requested = Signal(object)  # Routine
    rename_requested = Signal(object)  # Routine
    delete_requested = Signal(object)  # Routine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[RoutineChoice] = []

        heading = QLabel("Guided routines")
        heading.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))

        self.resume_box = QFrame()
        theme.set_role(self.resume_box, "banner")
        self.resume_text = QLabel()
        self.resume_text.setWordWrap(True)
        self.resume_button = QPushButton("Resume")
        self.resume_button.setToolTip("Carry on from the first exercise not done")
        theme.set_role(self.resume_button, "primary")
        self.resume_button.clicked.connect(self.resume_requested)
        self.discard_button = QPushButton("Start afresh")
        self.discard_button.setToolTip("Close that session; the sets you did stay in your history")
        self.discard_button.clicked.connect(self.discard_requested)
        resume_row = QHBoxLayout(self.resume_box)
        resume_row.setContentsMargins(theme.SPACE_M, theme.SPACE_S, theme.SPACE_M, theme.SPACE_S)
        resume_row.addWidget(self.resume_text, 1)
        resume_row.addWidget(self.discard_button)
        resume_row.addWidget(self.resume_button)
        self.resume_box.hide()

        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumWidth(260)
        self.list.setMaximumWidth(380)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAccessibleName("Routines")
        self.list.currentRowChanged.connect(self.on_list_row_changed)
        self.list.itemActivated.connect(lambda _item: self.on_start_clicked())

        self.name = QLabel()
        self.name.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.name.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.clinician_note = QLabel()
        self.clinician_note.setWordWrap(True)
        theme.set_role(self.clinician_note, "muted")

        self.suggestion_box = QFrame()
        theme.set_role(self.suggestion_box, "caution")
        self.suggestion_title = QLabel()
        self.suggestion_title.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, True))
        self.suggestion_reason = QLabel()
        self.suggestion_reason.setWordWrap(True)
        self.accept_button = QPushButton()
        theme.set_role(self.accept_button, "primary")
        self.accept_button.clicked.connect(self.on_accept_clicked)
        self.not_now_button = QPushButton("Not now")
        self.not_now_button.setToolTip("Keep the level you have; you can decide another day")
        self.not_now_button.clicked.connect(self.on_not_now_clicked)
        suggestion_buttons = QHBoxLayout()
        suggestion_buttons.addStretch(1)
        suggestion_buttons.addWidget(self.not_now_button)
        suggestion_buttons.addWidget(self.accept_button)
        suggestion_layout = QVBoxLayout(self.suggestion_box)
        suggestion_layout.setContentsMargins(
            theme.SPACE_M, theme.SPACE_M, theme.SPACE_M, theme.SPACE_M
        )
        suggestion_layout.addWidget(self.suggestion_title)
        suggestion_layout.addWidget(self.suggestion_reason)
        suggestion_layout.addLayout(suggestion_buttons)
        self.stay_note = QLabel()
        self.stay_note.setWordWrap(True)
        theme.set_role(self.stay_note, "muted")

        steps_heading = QLabel("Exercises")
        steps_heading.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setWordWrap(True)

        # While a safety signal is active: the same calm message as History, above Start.
        self.safety_box = QFrame()
        theme.set_role(self.safety_box, "banner")
        self.safety_box.setAccessibleName("Safety note")
        self.safety_text = QLabel()
        self.safety_text.setWordWrap(True)
        self.safety_text.setTextFormat(Qt.TextFormat.RichText)
        safety_layout = QVBoxLayout(self.safety_box)
        safety_layout.setContentsMargins(theme.SPACE_M, theme.SPACE_S, theme.SPACE_M, theme.SPACE_S)
        safety_layout.addWidget(self.safety_text)
        self.safety_box.hide()

        self.start_button = QPushButton("Start routine")
        self.start_button.setToolTip("Begin with a quick pain check (Enter)")
        theme.set_role(self.start_button, "primary")
        self.start_button.setMinimumSize(180, 40)
        self.start_button.clicked.connect(self.on_start_clicked)
        # Focus given to the page (coming back from a session) goes to the list, where Enter
        # starts the chosen routine; from any other control on the page Enter starts it too.
        self.setFocusProxy(self.list)
        set_default_button(self, self.start_button)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)

        self.new_button = QPushButton("&New routine\u2026")
        self.new_button.setToolTip("Make your own routine from the exercises")
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button = QPushButton("&Edit\u2026")
        self.duplicate_button = QPushButton("D&uplicate\u2026")
        self.duplicate_button.setToolTip("Make your own copy of this routine to change")
        self.rename_button = QPushButton("Rena&me\u2026")
        self.delete_button = QPushButton("&Delete")
        manage_row = QHBoxLayout()
        manage_row.setSpacing(theme.SPACE_S)
        for button, signal in (
            (self.edit_button, self.edit_requested),
            (self.duplicate_button, self.duplicate_requested),
            (self.rename_button, self.rename_requested),
            (self.delete_button, self.delete_requested),
        ):
            button.clicked.connect(lambda _=False, s=signal: self._emit_for_current(s))
            if button is self.delete_button:
                manage_row.addSpacing(theme.SPACE_M)  # set the destructive one apart
            manage_row.addWidget(button)
        manage_row.addStretch(1)
        self.builtin_note = QLabel(BUILTIN_NOTE)
        self.builtin_note.setWordWrap(True)
        theme.set_role(self.builtin_note, "muted")

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(theme.SPACE_L, 0, theme.SPACE_L, theme.SPACE_L)
        details_layout.setSpacing(theme.SPACE_M)
        details_layout.addWidget(self.name)
        details_layout.addWidget(self.meta)
        details_layout.addWidget(self.safety_box)
        details_layout.addLayout(start_row)
        details_layout.addLayout(manage_row)
        details_layout.addWidget(self.builtin_note)
        for widget in (
            self.description,
            self.clinician_note,
            self.suggestion_box,
            self.stay_note,
            steps_heading,
            self.steps,
        ):
            details_layout.addWidget(widget)
        details_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(details)
        scroll.setAccessibleName("About this routine")  # Tab stops here to scroll by keys

        list_column = QVBoxLayout()
        list_column.setSpacing(theme.SPACE_S)
        list_column.addWidget(self.list, 1)
        list_column.addWidget(self.new_button)
        body = QHBoxLayout()
        body.setSpacing(theme.SPACE_L)
        body.addLayout(list_column)
        body.addWidget(scroll, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(heading)
        layout.addWidget(self.resume_box)
        layout.addLayout(body, 1)

    # --- public API -----------------------------------------------------------------

    def set_choices(self, choices: list[RoutineChoice], select_id: str | None = None) -> None:
        """Show these routines, keeping (or choosing) the selection."""
        current = self.current()
        keep = select_id or (current.routine.id if current else None)
        self._choices = list(choices)
        self.list.blockSignals(True)
        self.list.clear()
        for choice in choices:
            item = QListWidgetItem(self._item_text(choice))
            item.setToolTip(choice.routine.description)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, c in enumerate(choices) if c.routine.id == keep), 0)
        self.list.setCurrentRow(row if choices else -1)
        self.on_list_row_changed(self.list.currentRow())

    def current(self) -> RoutineChoice | None:
        """The routine selected now."""
        row = self.list.currentRow()
        return self._choices[row] if 0 <= row < len(self._choices) else None

    def select(self, routine_id: str) -> bool:
        """Select the routine with this id; False if it is not listed."""
        for row, choice in enumerate(self._choices):
            if choice.routine.id == routine_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def show_resume(self, text: str | None) -> None:
        """Offer to resume a cut-off session (``None`` hides the offer)."""
        self.resume_box.setVisible(text is not None)
        self.resume_text.setText(text or "")

    def hide_suggestion(self) -> None:
        """Hide the suggestion of the selected routine (after Accept or Not now)."""
        self.suggestion_box.hide()

    # --- slots ----------------------------------------------------------------------

    def on_list_row_changed(self, row: int) -> None:
        choice = self.current()
        self.start_button.setEnabled(choice is not None)
        self._update_manage_buttons(choice)
        if choice is None:
            self.name.setText("No routines")
            for widget in (self.meta, self.description, self.steps, self.clinician_note):
                widget.clear()
            self.suggestion_box.hide()
            self.stay_note.hide()
            self.safety_box.hide()
            return
        message = choice.safety_message
        self.safety_text.setText(f"<b>{SAFETY_TITLE}</b> {escape(message or '')}")
        self.safety_box.setVisible(message is not None)
        routine = choice.routine
        self.name.setText(routine.name)
        self.meta.setText(self._meta_text(choice))
        self.description.setText(routine.description)
        self.description.setVisible(bool(routine.description))
        self.clinician_note.setText(f"Note from your clinician: {routine.note}")
        self.clinician_note.setVisible(bool(routine.note))
        items = "".join(
            f"<li><b>{escape(name)}</b> \u2013 {escape(dose)}</li>" for name, dose in choice.steps
        )
        self.steps.setText(f"<ol style='margin-left: 0px; -qt-list-indent: 1;'>{items}</ol>")
        self._show_suggestion(choice.suggestion)

    def on_start_clicked(self) -> None:
        choice = self.current()
        if choice is not None:
            self.start_requested.emit(choice.routine)

    def on_accept_clicked(self) -> None:
        choice = self.current()
        if choice is not None and choice.suggestion is not None:
            self.suggestion_accepted.emit(choice.routine, choice.suggestion)

    def on_not_now_clicked(self) -> None:
        choice = self.current()
        if choice is not None and choice.suggestion is not None:
            self.suggestion_dismissed.emit(choice.routine, choice.suggestion)

    # --- internals ------------------------------------------------------------------

    def _emit_for_current(self, signal: Signal) -> None:
        choice = self.current()
        if choice is not None:
            signal.emit(choice.routine)  # type: ignore[attr-defined]

    def _update_manage_buttons(self, choice: RoutineChoice | None) -> None:
        """Built-in routines can be duplicated, not changed: the buttons and tips say so."""
        custom = choice is not None and not choice.routine.builtin
        self.duplicate_button.setEnabled(choice is not None)
        tips = {
            self.edit_button: "Change the exercises, their order and doses",
            self.rename_button: "Give this routine another name",
            self.delete_button: "Delete this routine (you can undo)",
        }
        for button, tip in tips.items():
            button.setEnabled(custom)
            button.setToolTip(tip if custom or choice is None else BUILTIN_NOTE)
        self.builtin_note.setVisible(choice is not None and choice.routine.builtin)

    def _show_suggestion(self, suggestion: Suggestion | None) -> None:
        moving = suggestion is not None and suggestion.action != "stay"
        self.suggestion_box.setVisible(moving)
        self.stay_note.setVisible(suggestion is not None and not moving and bool(suggestion.reason))
        if suggestion is None:
            return
        if not moving:
            self.stay_note.setText(f"{suggestion.title}. {suggestion.explanation()}")
            return
        self.suggestion_title.setText(f"{suggestion.title}?")
        self.accept_button.setText(f"Go to level {suggestion.new_level}")
        self.suggestion_reason.setText(f"{suggestion.explanation()} You decide.")

    @staticmethod
    def _meta_text(choice: RoutineChoice) -> str:
        count = len(choice.routine.steps)
        return (
            f"{minutes_text(choice.seconds)} \u00b7 {count} exercise{'s' if count != 1 else ''}"
            f" \u00b7 level {choice.level} of {MAX_LEVEL}"
        )

    @staticmethod
    def _item_text(choice: RoutineChoice) -> str:
        badge = ""
        if choice.suggestion is not None and choice.suggestion.action == "up":
            badge = "  \u2191"
        elif choice.suggestion is not None and choice.suggestion.action == "down":
            badge = "  \u2193"
        return (
            f"{choice.routine.name}{badge}\n{minutes_text(choice.seconds)} \u00b7 "
            f"level {choice.level}"
        )
