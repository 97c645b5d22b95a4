"""Edit a custom routine: name, notes, steps (add, remove, reorder) and each step's dose."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from footcoach.catalog import DOSE_RANGES, Catalog, Dose, Sides
from footcoach.errors import FootCoachError
from footcoach.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
    MAX_ROUTINE_NOTE_CHARS,
    MAX_STEPS,
)
from footcoach.records import Side
from footcoach.routines import (
    DEFAULT_LEVEL,
    Routine,
    RoutineStep,
    RoutineStore,
    effective_dose,
    routine_seconds_at,
)
from footcoach.ui.common import theme
from footcoach.ui.common.actions import WidgetKey, is_key_of, key_text, keys_of, tip_of
from footcoach.ui.common.durations import duration_text

STEPS_MIME = "application/x-footcoach-routine-steps"
StepRole = Qt.ItemDataRole.UserRole + 1
DoseTextRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
# What each dose field is called in messages, and its unit.
_FIELD_WORDS = {
    "sets": ("Sets", ""),
    "reps": ("Reps", ""),
    "hold_seconds": ("A hold", " seconds"),
    "rep_seconds": ("The pace of one rep", " seconds"),
    "rest_seconds": ("Rest", " seconds"),
}


class RoutineStepsModel(QAbstractListModel):
    """The steps of the routine being edited: one row each, movable by drag and drop."""

    def __init__(
        self,
        catalog: Catalog,
        steps: Sequence[RoutineStep] = (),
        level: int = DEFAULT_LEVEL,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._steps = list(steps)
        self._level = level

    # --- reading --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._steps)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._steps):
            return None
        row = index.row()
        step = self._steps[row]
        name = self._catalog.get(step.exercise_id).name
        # No row numbers in the data: a move would change other rows (the view numbers them).
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name}\n{self.dose_text(row)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {self.dose_text(row)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return step.note or None
        if role == StepRole:
            return step
        if role == DoseTextRole:
            return self.dose_text(row)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never on one
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def steps(self) -> tuple[RoutineStep, ...]:
        """The steps in their current order."""
        return tuple(self._steps)

    def step(self, row: int) -> RoutineStep:
        """The step at ``row``."""
        return self._steps[row]

    def dose_text(self, row: int) -> str:
        """The step's dose at the editor's level, as one line."""
        return effective_dose(self._steps[row], self._catalog, self._level).describe()

    # --- editing --------------------------------------------------------------------

    def set_step(self, row: int, step: RoutineStep) -> None:
        """Replace the step at ``row`` (a new dose, note or side order)."""
        if self._steps[row] == step:
            return
        self._steps[row] = step
        self.dataChanged.emit(self.index(row), self.index(row))

    def insert_step(self, row: int, step: RoutineStep) -> None:
        """Insert ``step`` before ``row`` (``rowCount()`` appends)."""
        row = max(0, min(row, len(self._steps)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._steps.insert(row, step)
        self.endInsertRows()

    def remove_step(self, row: int) -> RoutineStep:
        """Take the step at ``row`` out and return it."""
        self.beginRemoveRows(QModelIndex(), row, row)
        step = self._steps.pop(row)
        self.endRemoveRows()
        return step

    def move_step(self, row: int, delta: int) -> int:
        """Move one step up (-1) or down (+1); return where it is now."""
        target = row + delta
        if not 0 <= row < len(self._steps) or not 0 <= target < len(self._steps):
            return row
        destination = target + 1 if delta > 0 else target
        self.moveRows(QModelIndex(), row, 1, QModelIndex(), destination)
        return target

    def moveRows(  # noqa: N802 (Qt override)
        self,
        sourceParent: _Index,  # noqa: N803
        sourceRow: int,  # noqa: N803
        count: int,
        destinationParent: _Index,  # noqa: N803
        destinationChild: int,  # noqa: N803
    ) -> bool:
        size = len(self._steps)
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        if sourceRow < 0 or sourceRow + count > size or not 0 <= destinationChild <= size:
            return False
        if sourceRow <= destinationChild <= sourceRow + count:
            return False  # onto itself: nothing moves
        last = sourceRow + count - 1
        if not self.beginMoveRows(QModelIndex(), sourceRow, last, QModelIndex(), destinationChild):
            return False
        block = self._steps[sourceRow : sourceRow + count]
        del self._steps[sourceRow : sourceRow + count]
        at = destinationChild - count if destinationChild > sourceRow else destinationChild
        self._steps[at:at] = block
        self.endMoveRows()
        return True

    def set_level(self, level: int) -> None:
        """Show doses at ``level``."""
        self._level = level
        if self._steps:
            self.dataChanged.emit(self.index(0), self.index(len(self._steps) - 1))

    # --- drag and drop --------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [STEPS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({index.row() for index in indexes if index.isValid()})
        payload = json.dumps({"model": id(self), "rows": rows}).encode()
        mime = QMimeData()
        mime.setData(STEPS_MIME, QByteArray(payload))
        return mime

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self._dragged_rows(data) is not None

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Move the dragged rows before ``row`` (the end when -1) in their order.

        The model moves the rows itself and has no ``removeRows``, so a view can never delete
        the dragged rows a second time.
        """
        if action == Qt.DropAction.IgnoreAction:
            return True
        rows = self._dragged_rows(data)
        if action != Qt.DropAction.MoveAction or rows is None:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._steps)
        dragged = [QPersistentModelIndex(self.index(r)) for r in rows]
        target = row
        for index in dragged:
            if target not in (index.row(), index.row() + 1):
                self.moveRows(QModelIndex(), index.row(), 1, QModelIndex(), target)
            target = index.row() + 1
        return True

    def _dragged_rows(self, data: QMimeData) -> list[int] | None:
        if not data.hasFormat(STEPS_MIME):
            return None
        try:
            payload = json.loads(bytes(data.data(STEPS_MIME).data()).decode())
            rows = [int(r) for r in payload["rows"]]
        except (ValueError, KeyError, TypeError):
            return None
        if payload.get("model") != id(self) or not rows:
            return None  # steps of another routine: not ours to move
        if not all(0 <= r < len(self._steps) for r in rows):
            return None
        return rows


class NumberedDelegate(QStyledItemDelegate):
    """Draws each row with its place in the list (``2. Calf stretch``)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.text = f"{index.row() + 1}. {option.text}"


class DoseSpinBox(QSpinBox):
    """A spin box over one dose field, limited to ``DOSE_RANGES``; says why it refuses a value."""

    value_refused = Signal(str)  # a sentence naming the field and its range

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = ""
        self.set_field(field)

    def set_field(self, field: str) -> None:
        """Limit the box to ``field``'s range (a hold and a pace have different ones)."""
        self.field = field
        low, high = DOSE_RANGES[field]
        self.blockSignals(True)
        self.setRange(low, high)
        self.blockSignals(False)
        self.setSuffix(" s" if field.endswith("_seconds") else "")
        self.setAccessibleDescription(self.range_text())

    def range_text(self) -> str:
        """E.g. ``Sets can be 1 to 10.``"""
        words, unit = _FIELD_WORDS[self.field]
        return f"{words} can be {self.minimum()} to {self.maximum()}{unit}."

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        number = text.removesuffix(self.suffix()).strip()
        if state != QValidator.State.Acceptable and number.lstrip("-").isdigit():
            self.value_refused.emit(f"{number} is not possible here: {self.range_text()}")
        return result


class RoutineEditor(QDialog):
    """Name, notes and steps of one custom routine; Save stores it through ``RoutineStore``."""

    routine_saved = Signal(object)  # Routine, as stored

    def __init__(
        self,
        store: RoutineStore,
        routine: Routine | None = None,
        *,
        level: int | None = None,
        lead_in_seconds: float = 5.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.catalog = store.catalog
        self.is_new = routine is None
        self._original = routine or Routine(id="", name="", steps=())
        self.level = level if level is not None else self._original.level
        self.lead_in_seconds = lead_in_seconds
        self._loading = False
        self.saved_routine: Routine | None = None
        self.setWindowTitle("New routine" if self.is_new else f"Edit {self._original.name}")
        self.setModal(True)
        self.resize(840, 560)  # fits a 900x600 window; the layout sets the minimum

        self.model = RoutineStepsModel(self.catalog, self._original.steps, self.level, self)
        self._build()
        self._connect_signals()
        self.name_edit.setText(self._original.name)
        self.description_edit.setText(self._original.description)
        self.note_edit.setPlainText(self._original.note)
        if self.model.rowCount():
            self.select_row(0)
        else:
            self._load_step(-1)
        self._refresh()

    # --- building -------------------------------------------------------------------

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("For example: Morning routine")
        # The limits of footcoach.limits; Save checks the rest (characters, the clinician's
        # note) through RoutineStore, in the words every other door uses.
        self.name_edit.setMaxLength(MAX_NAME_CHARS)
        self.description_edit = QLineEdit()
        self.description_edit.setMaxLength(MAX_DESCRIPTION_CHARS)
        self.description_edit.setPlaceholderText("Optional: one line shown under the name")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Optional: what your clinician wants you to keep in mind")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + theme.SPACE_M)
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top.addRow("&Name:", self.name_edit)
        top.addRow("&Description:", self.description_edit)
        top.addRow("Clinician's &note:", self.note_edit)

        steps_heading = QLabel("Exercises, in order")
        steps_heading.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.step_view = QListView()
        self.step_view.setModel(self.model)
        self.step_view.setItemDelegate(NumberedDelegate(self.step_view))
        self.step_view.setAccessibleName("Exercises in this routine")
        self.step_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.step_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.step_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.step_view.setDropIndicatorShown(True)
        self.step_view.setWordWrap(True)
        self.step_view.setSpacing(2)
        self.step_view.setMinimumWidth(220)
        up, down = key_text(WidgetKey.STEP_MOVE_UP), key_text(WidgetKey.STEP_MOVE_DOWN)
        self.step_view.setToolTip(f"Drag to reorder, or {up} and {down}")
        self.step_view.installEventFilter(self)

        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip(tip_of(WidgetKey.STEP_MOVE_UP))
        self.down_button = QPushButton("Move do&wn")
        self.down_button.setToolTip(tip_of(WidgetKey.STEP_MOVE_DOWN))
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip(tip_of(WidgetKey.STEP_REMOVE))
        order_row = QHBoxLayout()
        order_row.addWidget(self.up_button)
        order_row.addWidget(self.down_button)
        order_row.addStretch(1)
        order_row.addWidget(self.remove_button)

        self.add_box = QComboBox()
        self.add_box.setAccessibleName("Exercise to add")
        for exercise in self.catalog.exercises:
            self.add_box.addItem(f"{exercise.name} ({exercise.position.value})", exercise.id)
        self.add_button = QPushButton("&Add")
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_box, 1)
        add_row.addWidget(self.add_button)

        left = QVBoxLayout()
        left.setSpacing(theme.SPACE_S)
        left.addWidget(steps_heading)
        left.addWidget(self.step_view, 1)
        left.addLayout(order_row)
        left.addLayout(add_row)

        self.step_panel = self._build_step_panel()

        body = QHBoxLayout()
        body.setSpacing(theme.SPACE_L)
        body.addLayout(left, 4)
        body.addWidget(self.step_panel, 5)

        self.total_label = QLabel()
        self.total_label.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.total_label.setAccessibleName("Total time")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        theme.set_role(self.error_label, "banner")
        self.error_label.setContentsMargins(theme.SPACE_S, theme.SPACE_XS, theme.SPACE_S, 0)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(tip_of(WidgetKey.ROUTINE_SAVE))
        theme.set_role(self.save_button, "primary")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip("Close without saving (Esc)")
        bottom = QHBoxLayout()
        bottom.addWidget(self.total_label, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        layout.setSpacing(theme.SPACE_M)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)

        # Enter confirms a typed value; it must never save and close the dialog by surprise.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_action = QAction("Save", self)
        self.save_action.setShortcuts(keys_of(WidgetKey.ROUTINE_SAVE))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.save_action)

    def _build_step_panel(self) -> QFrame:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        theme.set_role(panel, "card")
        self.step_title = QLabel()
        self.step_title.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.step_title.setWordWrap(True)

        self.sets_box = DoseSpinBox("sets")
        self.sets_box.setAccessibleName("Sets")
        self.reps_box = DoseSpinBox("reps")
        self.reps_box.setAccessibleName("Reps per set")
        self.kind_box = QComboBox()
        self.kind_box.addItems(["Hold for", "Move at a pace of"])
        self.kind_box.setAccessibleName("Each rep is")
        self.seconds_box = DoseSpinBox("hold_seconds")
        self.seconds_box.setAccessibleName("Seconds per rep")
        self.rest_box = DoseSpinBox("rest_seconds")
        self.rest_box.setAccessibleName("Rest between sets")
        self.sides_box = QComboBox()
        self.sides_box.addItems(["Each foot in turn", "Both feet together"])
        self.sides_box.setAccessibleName("Feet")
        self.order_box = QComboBox()
        self.order_box.addItems(["Left foot first", "Right foot first"])
        self.order_box.setAccessibleName("Which foot first")
        for box in (self.kind_box, self.sides_box, self.order_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.step_note_edit = QLineEdit()
        self.step_note_edit.setMaxLength(MAX_ROUTINE_NOTE_CHARS)
        self.step_note_edit.setPlaceholderText("Optional: a note for this exercise")
        self.step_note_edit.setAccessibleName("Note for this exercise")

        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_M)
        grid.setVerticalSpacing(theme.SPACE_S)
        rows: list[tuple[str, QWidget, QWidget | None]] = [
            ("&Sets:", self.sets_box, None),
            ("Re&ps per set:", self.reps_box, None),
            ("&Each rep:", self.kind_box, self.seconds_box),
            ("Rest between se&ts:", self.rest_box, None),
            ("&Feet:", self.sides_box, self.order_box),
            ("N&ote:", self.step_note_edit, None),
        ]
        for row, (text, field, extra) in enumerate(rows):
            label = QLabel(text)
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            if extra is None and field is self.step_note_edit:
                grid.addWidget(field, row, 1, 1, 2)
            else:
                grid.addWidget(field, row, 1)
                if extra is not None:
                    grid.addWidget(extra, row, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.level_label = QLabel()
        self.level_label.setWordWrap(True)
        theme.set_role(self.level_label, "muted")
        self.level_doses_label = QLabel()
        self.level_doses_label.setWordWrap(True)
        theme.set_role(self.level_doses_label, "muted")
        self.dose_message = QLabel()
        self.dose_message.setWordWrap(True)
        self.dose_message.setAccessibleName("Dose message")
        theme.set_role(self.dose_message, "caution")
        self.dose_message.setContentsMargins(theme.SPACE_S, theme.SPACE_XS, theme.SPACE_S, 0)
        self.dose_message.hide()
        self.reset_button = QPushButton("Use the catalogue's dose")
        self.reset_button.setToolTip("Set this exercise back to the dose in the exercise list")
        reset_row = QHBoxLayout()
        reset_row.addStretch(1)
        reset_row.addWidget(self.reset_button)

        self.empty_label = QLabel(
            "Pick an exercise in the box under the list and press Add; its dose then shows "
            "here, ready to change."
        )
        self.empty_label.setWordWrap(True)
        theme.set_role(self.empty_label, "muted")

        self.step_form = QWidget()
        form_layout = QVBoxLayout(self.step_form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.setSpacing(theme.SPACE_S)
        form_layout.addLayout(grid)
        form_layout.addWidget(self.dose_message)
        form_layout.addWidget(self.level_label)
        form_layout.addWidget(self.level_doses_label)
        form_layout.addLayout(reset_row)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_M, theme.SPACE_L, theme.SPACE_M)
        layout.setSpacing(theme.SPACE_S)
        layout.addWidget(self.step_title)
        layout.addWidget(self.step_form)
        layout.addWidget(self.empty_label)
        layout.addStretch(1)
        return panel

    def _connect_signals(self) -> None:
        self.name_edit.textChanged.connect(self._refresh)
        self.description_edit.textChanged.connect(self._refresh)
        self.note_edit.textChanged.connect(self._refresh)
        self.step_view.selectionModel().currentRowChanged.connect(self.on_step_view_row_changed)
        for signal in (
            self.model.dataChanged,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.rowsMoved,
        ):
            signal.connect(self._refresh)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        for box in (self.sets_box, self.reps_box, self.seconds_box, self.rest_box):
            box.valueChanged.connect(self.on_dose_box_changed)
            box.value_refused.connect(self.on_dose_box_refused)
        self.kind_box.currentIndexChanged.connect(self.on_kind_box_changed)
        self.sides_box.currentIndexChanged.connect(self.on_dose_box_changed)
        self.order_box.currentIndexChanged.connect(self.on_dose_box_changed)
        self.step_note_edit.textChanged.connect(self.on_dose_box_changed)
        self.reset_button.clicked.connect(self.on_reset_button_clicked)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_action.triggered.connect(self.save)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # The button box makes Save the default as it shows; Enter only confirms a value.
        self.save_button.setDefault(False)

    # --- reading --------------------------------------------------------------------

    def routine(self) -> Routine:
        """The routine as edited so far (the id is empty for a new one until saved)."""
        return replace(
            self._original,
            name=self.name_edit.text().strip(),
            description=self.description_edit.text().strip(),
            note=self.note_edit.toPlainText().strip(),
            steps=self.model.steps(),
        )

    def is_modified(self) -> bool:
        """True when something differs from the routine as it was opened."""
        return self.routine() != self._original

    def total_seconds(self) -> float:
        """The edited routine's total time at the editor's level."""
        return routine_seconds_at(self.routine(), self.catalog, self.level, self.lead_in_seconds)

    def current_row(self) -> int:
        """The selected step's row, -1 when none."""
        index = self.step_view.currentIndex()
        return index.row() if index.isValid() else -1

    # --- editing --------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        """Make ``row`` the current, selected step."""
        index = self.model.index(row)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.step_view.selectionModel().setCurrentIndex(index, flags)
        self.step_view.scrollTo(index)

    def move_current(self, delta: int) -> None:
        """Move the selected step up (-1) or down (+1), keeping it selected."""
        row = self.current_row()
        if row < 0:
            return
        self.select_row(self.model.move_step(row, delta))

    def remove_current(self) -> None:
        """Take the selected step out; the next one is selected."""
        row = self.current_row()
        if row < 0:
            return
        self.model.remove_step(row)
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        else:
            self.on_step_view_row_changed(QModelIndex(), QModelIndex())

    def add_exercise(self, exercise_id: str) -> None:
        """Add an exercise (at its catalogue dose) after the selected step."""
        self.catalog.get(exercise_id)  # KeyError for an id the catalogue lacks
        row = self.current_row() + 1 if self.current_row() >= 0 else self.model.rowCount()
        self.model.insert_step(row, RoutineStep(exercise_id))
        self.select_row(row)

    def save(self) -> bool:
        """Store the routine; a problem is shown in the dialog, which stays open."""
        routine = self.routine()
        if self.is_new:
            routine = replace(routine, id=self.store.new_id(routine.name or "routine"))
        try:
            routine = self.store.save(routine)
        except FootCoachError as error:
            self._show_error(str(error))
            return False
        self.saved_routine = routine
        self._original = routine
        self.routine_saved.emit(routine)
        self.accept()
        return True

    def reject(self) -> None:
        """Cancel or Esc: ask before throwing changes away."""
        if self.is_modified():
            answer = QMessageBox.question(
                self,
                "Discard changes?",
                "You changed this routine. Close without saving the changes?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    # --- slots ----------------------------------------------------------------------

    def on_step_view_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.dose_message.hide()
        self._load_step(current.row() if current.isValid() else -1)
        self._refresh()

    def on_add_button_clicked(self) -> None:
        self.add_exercise(str(self.catalog.exercises[self.add_box.currentIndex()].id))

    def on_kind_box_changed(self, _index: int) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        hold = self.kind_box.currentIndex() == 0
        field = "hold_seconds" if hold else "rep_seconds"
        catalogue = self.catalog.get(self.model.step(row).exercise_id).dose
        default = catalogue.hold_seconds if hold else catalogue.rep_seconds
        self._loading = True
        try:
            self.seconds_box.set_field(field)
            if default is not None:
                self.seconds_box.setValue(default)
        finally:
            self._loading = False
        self.on_dose_box_changed()

    def on_dose_box_changed(self, *_args: object) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        self.dose_message.hide()
        step = self.model.step(row)
        hold = self.kind_box.currentIndex() == 0
        each = self.sides_box.currentIndex() == 0
        dose = Dose(
            sets=self.sets_box.value(),
            reps=self.reps_box.value(),
            rest_seconds=self.rest_box.value(),
            sides=Sides.EACH if each else Sides.BOTH,
            hold_seconds=self.seconds_box.value() if hold else None,
            rep_seconds=None if hold else self.seconds_box.value(),
        )
        catalogue = self.catalog.get(step.exercise_id).dose
        right_first = self.order_box.currentIndex() == 1
        self.model.set_step(
            row,
            replace(
                step,
                dose=None if dose == catalogue else dose,
                side_order=(Side.RIGHT, Side.LEFT) if right_first else (),
                note=self.step_note_edit.text().strip(),
            ),
        )
        self.order_box.setEnabled(each)

    def on_dose_box_refused(self, message: str) -> None:
        self.dose_message.setText(message)
        self.dose_message.show()

    def on_reset_button_clicked(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.set_step(row, replace(self.model.step(row), dose=None))
            self._load_step(row)
            self._refresh()

    # --- internals ------------------------------------------------------------------

    def _load_step(self, row: int) -> None:
        """Fill the dose form from the step at ``row`` without writing anything back."""
        has_step = row >= 0
        self.step_form.setVisible(has_step)
        self.empty_label.setVisible(not has_step)
        if not has_step:
            self.step_title.setText(
                "Add your first exercise" if not self.model.rowCount() else "Choose an exercise"
            )
            return
        step = self.model.step(row)
        exercise = self.catalog.get(step.exercise_id)
        dose = step.dose or exercise.dose
        self._loading = True
        try:
            self.step_title.setText(f"{row + 1}. {exercise.name}")
            self.sets_box.setValue(dose.sets)
            self.reps_box.setValue(dose.reps)
            self.kind_box.setCurrentIndex(0 if dose.is_hold else 1)
            self.seconds_box.set_field("hold_seconds" if dose.is_hold else "rep_seconds")
            seconds = dose.hold_seconds if dose.is_hold else dose.rep_seconds
            self.seconds_box.setValue(seconds or self.seconds_box.minimum())
            self.rest_box.setValue(dose.rest_seconds)
            self.sides_box.setCurrentIndex(0 if dose.sides is Sides.EACH else 1)
            self.order_box.setCurrentIndex(1 if step.side_order[:1] == (Side.RIGHT,) else 0)
            self.order_box.setEnabled(dose.sides is Sides.EACH)
            self.step_note_edit.setText(step.note)
        finally:
            self._loading = False
        levels = [str(level) for level, _dose in step.level_doses]
        which = f"level {levels[0]}" if len(levels) == 1 else f"levels {', '.join(levels)}"
        self.level_doses_label.setText(
            f"Your clinician set an exact dose for {which}; changes here leave it as it is."
        )
        self.level_doses_label.setVisible(bool(step.level_doses))

    def _refresh(self, *_args: object) -> None:
        """Update what follows from the edits: total time, step title, Save, level line."""
        count = self.model.rowCount()
        row = self.current_row()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.add_button.setEnabled(count < MAX_STEPS)
        self.add_button.setToolTip(
            "Add this exercise after the selected one"
            if count < MAX_STEPS
            else f"A routine has at most {MAX_STEPS} exercises"
        )
        if count:
            exercises = f"{count} exercise{'s' if count != 1 else ''}"
            self.total_label.setText(
                f"Total {duration_text(self.total_seconds())} \u00b7 {exercises} \u00b7 "
                f"level {self.level}"
            )
        else:
            self.total_label.setText("No exercises yet")
        if row >= 0:
            name = self.catalog.get(self.model.step(row).exercise_id).name
            self.step_title.setText(f"{row + 1}. {name}")
            self.level_label.setText(f"At level {self.level}: {self.model.dose_text(row)}")
        self.error_label.hide()
        title = self.name_edit.text().strip() or "new routine"
        self.setWindowTitle(
            f"{'New routine' if self.is_new else 'Edit routine'} \u2013 {title}"
            + (" *" if self.is_modified() else "")
        )

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # The list's own keys (SPECS: STEP_MOVE_UP/DOWN, STEP_REMOVE) before its default moves.
        if watched is self.step_view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if is_key_of(WidgetKey.STEP_MOVE_UP, event) or is_key_of(
                WidgetKey.STEP_MOVE_DOWN, event
            ):
                self.move_current(-1 if is_key_of(WidgetKey.STEP_MOVE_UP, event) else 1)
                return True
            if is_key_of(WidgetKey.STEP_REMOVE, event):
                self.remove_current()
                return True
        return super().eventFilter(watched, event)
