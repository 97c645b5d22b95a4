"""The detail pane: everything about one exercise, easy to scan from a chair."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from footcoach.catalog import Exercise
from footcoach.ui.common import theme
from footcoach.ui.common.art import illustration_pixmap

MAX_ART_WIDTH = 480


class ExerciseDetailPane(QScrollArea):
    """Name, drawing, dose, purpose, numbered steps and caution of the selected exercise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.exercise: Exercise | None = None
        self._art_width = 0

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        layout.setSpacing(theme.SPACE_M)

        self.title = QLabel()
        self.title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.title.setWordWrap(True)
        self.meta = self._label(role="muted")
        self.art = QLabel()
        self.art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.art.setMinimumWidth(160)
        self.dose = self._label()
        self.dose.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.helps = self._label()
        self.steps_heading = self._label()
        self.steps_heading.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, True))
        self.steps_heading.setText("How to do it")
        self.steps = self._label()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.caution_box = QFrame()
        theme.set_role(self.caution_box, "caution")
        caution_layout = QVBoxLayout(self.caution_box)
        caution_layout.setContentsMargins(
            theme.SPACE_M, theme.SPACE_S, theme.SPACE_M, theme.SPACE_S
        )
        self.caution = self._label()
        caution_layout.addWidget(self.caution)
        self.empty = self._label(role="muted")
        self.empty.setText("Choose an exercise from the list to see how to do it.")

        # Shown only with an exercise; the caution box and the empty state have rules of their own.
        self._content = (
            self.title,
            self.meta,
            self.art,
            self.dose,
            self.helps,
            self.steps_heading,
            self.steps,
        )
        for widget in (*self._content, self.caution_box, self.empty):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_exercise(None)

    def _label(self, role: str = "") -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if role:
            theme.set_role(label, role)
        return label

    def show_exercise(self, exercise: Exercise | None) -> None:
        """Show ``exercise``, or the empty state for ``None``."""
        self.exercise = exercise
        for widget in self._content:
            widget.setVisible(exercise is not None)
        self.empty.setVisible(exercise is None)
        self.caution_box.setVisible(exercise is not None and exercise.caution is not None)
        if exercise is None:
            return
        self.title.setText(exercise.name)
        self.meta.setText(
            f"{exercise.kind.value.title()} \u00b7 {exercise.position.value.title()} "
            f"\u00b7 Equipment: {exercise.equipment_text}"
        )
        self.dose.setText(exercise.dose.describe())
        self.helps.setText(exercise.helps)
        items = "".join(f"<li>{escape(step)}</li>" for step in exercise.steps)
        self.steps.setText(f"<ol style='margin-left: 0px; -qt-list-indent: 1;'>{items}</ol>")
        self.caution.setText(f"<b>Take care:</b> {escape(exercise.caution or '')}")
        self._art_width = 0
        self._update_art()
        self.verticalScrollBar().setValue(0)

    def refresh_theme(self) -> None:
        """Redraw the illustration in the current palette's ink."""
        self._art_width = 0
        self._update_art()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_art()

    def _update_art(self) -> None:
        if self.exercise is None:
            return
        available = self.viewport().width() - 2 * theme.SPACE_L
        width = max(160, min(MAX_ART_WIDTH, available))
        if width == self._art_width:
            return
        self._art_width = width
        ink = theme.colors().text
        self.art.setPixmap(illustration_pixmap(self.exercise.illustration, ink, width))
