"""``GoalRatingDialog``: this week's ratings of each active function goal, 0 to 10.

Each goal starts at its last rating, so an unchanged week is one key (Enter). Save commits the
round in one transaction; "Skip this week" records the skip, so the prompt waits a week
(``function_goals.rating_due``). Nothing here decides when ratings are due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footcoach import function_goals as fg
from footcoach.errors import FootCoachError
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History
from footcoach.records import Moment, new_id
from footcoach.ui.common import theme

SCALE_WORDS = "0 = cannot do it \u00b7 10 = as well as before the pain"


class GoalRatingDialog(QDialog):
    """Rate each active goal 0-10; Save stores the round, Skip this week waits a week."""

    ratings_saved = Signal(object)
    """The list of :class:`GoalRating` just stored."""
    skipped = Signal(object)
    """The local date the weekly prompt was skipped on."""

    def __init__(
        self,
        history: History,
        parent: QWidget | None = None,
        *,
        now: Callable[[], Moment] = Moment.now,
    ) -> None:
        super().__init__(parent)
        self._history = history
        self._now = now
        self.setWindowTitle("Rate your function goals")
        self.setMinimumWidth(460)
        self.goals: list[FunctionGoal] = [g for g in history.function_goals() if g.active]
        last: dict[str, int] = {}
        for rating in history.goal_ratings():
            last[rating.goal_id] = rating.score
        intro = QLabel(
            "How well can you do each activity this week? Compare with how you did it before "
            "the foot pain started."
        )
        intro.setWordWrap(True)
        scale = QLabel(SCALE_WORDS)
        theme.set_role(scale, "muted")
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_L)
        self.spins: dict[str, QSpinBox] = {}
        for row, goal in enumerate(self.goals):
            label = QLabel(goal.name)
            label.setWordWrap(True)
            spin = QSpinBox()
            spin.setRange(fg.GOAL_MIN, fg.GOAL_MAX)
            spin.setSuffix(" / 10")
            spin.setValue(last.get(goal.id, 5))
            spin.setAccessibleName(f"Rating of {goal.name}")
            label.setBuddy(spin)
            grid.addWidget(label, row, 0)
            grid.addWidget(spin, row, 1)
            self.spins[goal.id] = spin
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(bool(self.goals))
        self.skip_button = QPushButton("S&kip this week")
        self.skip_button.setToolTip("Ask again in a week")
        self.buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(intro)
        layout.addWidget(scale)
        layout.addLayout(grid)
        if not self.goals:
            none = QLabel("No active goal yet: name one with Goals\u2026 first.")
            theme.set_role(none, "muted")
            layout.addWidget(none)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.skip_button.clicked.connect(self.skip_week)
        if self.goals:
            self.spins[self.goals[0].id].setFocus(Qt.FocusReason.OtherFocusReason)
            self.spins[self.goals[0].id].selectAll()

    def save(self) -> None:
        """Store one rating per active goal, in one transaction, and close."""
        at = self._now()
        ratings = [
            GoalRating(new_id(), goal.id, at, self.spins[goal.id].value()) for goal in self.goals
        ]
        try:
            self._history.add_goal_ratings(ratings)
        except FootCoachError as error:
            QMessageBox.warning(self, "Ratings not saved", str(error))
            return
        self.ratings_saved.emit(ratings)
        self.accept()

    def skip_week(self) -> None:
        """Remember today's skip (the prompt waits a week) and close."""
        today: date = self._now().local_date
        try:
            self._history.set_meta(fg.SKIPPED_META_KEY, today.isoformat())
        except FootCoachError as error:
            QMessageBox.warning(self, "Not saved", str(error))
            return
        self.skipped.emit(today)
        self.reject()
