"""``GoalEditorDialog``: name, rename, retire, bring back or delete function goals.

Renaming or retiring keeps a goal's ratings (they follow its id); deleting removes the goal
and its ratings after asking, and offers Undo in the window's undo bar. At most three goals
are active (``function_goals.can_add_goal``); names are checked by ``function_goals.goal_name``
(the limits every door uses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from footcoach import function_goals as fg
from footcoach.errors import FootCoachError
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History
from footcoach.limits import MAX_GOAL_NAME_CHARS, LimitError, shown
from footcoach.records import Moment, new_id
from footcoach.ui.common import theme

EXAMPLES = "For example: walk to the station, stand through a 30-minute meeting."


class GoalEditorDialog(QDialog):
    """The list of goals with Add, Rename, Retire / Bring back and Delete."""

    goals_changed = Signal()
    """Something was added, renamed, retired, brought back or deleted."""
    goal_deleted = Signal(object, object)
    """A goal was deleted: (goal, its ratings), for an undo."""

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
        self.setWindowTitle("Function goals")
        intro = QLabel(
            f"Name up to {fg.MAX_ACTIVE_GOALS} activities your foot makes hard, and rate them "
            "once a week. " + EXAMPLES
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Your goals")
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_GOAL_NAME_CHARS + 20)  # over the limit is named, not cut
        self.name_edit.setPlaceholderText("An activity, in your words")
        self.name_edit.setAccessibleName("Goal name")
        name_label = QLabel("&Activity:")
        name_label.setBuddy(self.name_edit)
        self.problem = QLabel()
        theme.set_role(self.problem, "caution")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.add_button = QPushButton("A&dd")
        self.rename_button = QPushButton("&Rename")
        self.rename_button.setToolTip("Give the selected goal the name typed below; ratings stay")
        self.retire_button = QPushButton("Re&tire")
        self.retire_button.setToolTip("Stop rating the selected goal; its ratings stay")
        self.delete_button = QPushButton("De&lete\u2026")
        self.delete_button.setToolTip("Delete the selected goal and its ratings (asks first)")
        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addWidget(self.rename_button)
        actions.addWidget(self.retire_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addLayout(name_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_goal)
        self.rename_button.clicked.connect(self.rename_goal)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.delete_button.clicked.connect(self.delete_goal)
        self.name_edit.returnPressed.connect(self.add_goal)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.name_edit.textChanged.connect(lambda _text: self._update_buttons())
        self.reload()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- reading

    def reload(self, select: str | None = None) -> None:
        """Show the goals as stored; select the one with id ``select`` if given."""
        self.goals = self._history.function_goals()
        self.list.clear()
        for goal in sorted(self.goals, key=lambda g: (not g.active, g.created.utc, g.id)):
            text = goal.name if goal.active else f"{goal.name} (retired)"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            self.list.addItem(item)
            if goal.id == select:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def selected(self) -> FunctionGoal | None:
        """The selected goal, or None."""
        item = self.list.currentItem()
        if item is None:
            return None
        goal_id = str(item.data(Qt.ItemDataRole.UserRole))
        return next((goal for goal in self.goals if goal.id == goal_id), None)

    def _update_buttons(self) -> None:
        goal = self.selected()
        typed = bool(self.name_edit.text().strip())
        self.add_button.setEnabled(typed and fg.can_add_goal(self.goals))
        self.add_button.setToolTip(
            "Add the activity typed here"
            if fg.can_add_goal(self.goals)
            else f"At most {fg.MAX_ACTIVE_GOALS} active goals: retire one first"
        )
        self.rename_button.setEnabled(goal is not None and typed)
        self.retire_button.setEnabled(goal is not None)
        self.retire_button.setText("Bring &back" if goal and not goal.active else "Re&tire")
        if goal is not None and not goal.active:
            self.retire_button.setEnabled(fg.can_add_goal(self.goals))
        self.delete_button.setEnabled(goal is not None)

    def _name(self) -> str | None:
        try:
            name = fg.goal_name(self.name_edit.text())
        except LimitError as error:
            self._say(f"Activity: {error.problem}.")
            return None
        self._say(None)
        return name

    def _say(self, problem: str | None) -> None:
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)

    # -- changes

    def add_goal(self) -> None:
        """Add the typed activity as a new goal."""
        if not fg.can_add_goal(self.goals):
            self._say(f"At most {fg.MAX_ACTIVE_GOALS} active goals: retire one first.")
            return
        name = self._name()
        if name is None:
            return
        goal = FunctionGoal(new_id(), name, self._now())
        if self._store(lambda: self._history.add_goal(goal)):
            self.name_edit.clear()
            self.reload(select=goal.id)

    def rename_goal(self) -> None:
        """Give the selected goal the typed name (its ratings stay)."""
        goal = self.selected()
        name = self._name()
        if goal is None or name is None:
            return
        if self._store(lambda: self._history.update_goal(replace(goal, name=name))):
            self.name_edit.clear()
            self.reload(select=goal.id)

    def toggle_retired(self) -> None:
        """Retire the selected goal, or bring a retired one back (ratings stay either way)."""
        goal = self.selected()
        if goal is None:
            return
        if not goal.active and not fg.can_add_goal(self.goals):
            self._say(f"At most {fg.MAX_ACTIVE_GOALS} active goals: retire one first.")
            return
        changed = replace(goal, retired=self._now() if goal.active else None)
        if self._store(lambda: self._history.update_goal(changed)):
            self.reload(select=goal.id)

    def delete_goal(self) -> None:
        """Delete the selected goal and its ratings, after asking."""
        goal = self.selected()
        if goal is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete goal",
            f"Delete \u201c{shown(goal.name)}\u201d and all its ratings? To stop rating it but "
            "keep its ratings, retire it instead.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        deleted: list[tuple[FunctionGoal, list[GoalRating]] | None] = []
        if self._store(lambda: deleted.append(self._history.delete_goal(goal.id))):
            found = deleted[0]
            self.reload()
            if found is not None:
                self.goal_deleted.emit(found[0], found[1])

    def _store(self, write: Callable[[], object]) -> bool:
        try:
            write()
        except (FootCoachError, KeyError) as error:
            self._say(f"Not saved: {error}")
            return False
        self._say(None)
        self.goals_changed.emit()
        return True
