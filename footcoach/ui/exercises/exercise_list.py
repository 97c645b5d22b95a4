"""The exercise list: an item model, a filter proxy and the pane that shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from footcoach.catalog import Exercise, Kind, Position
from footcoach.ui.common import theme
from footcoach.ui.common.art import illustration_pixmap

ExerciseRole = Qt.ItemDataRole.UserRole + 1
DoseRole = Qt.ItemDataRole.UserRole + 2
SearchTextRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class ExerciseListModel(QAbstractListModel):
    """The catalogue's exercises, one row each, read-only."""

    def __init__(self, exercises: tuple[Exercise, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exercises = exercises

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._exercises)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._exercises):
            return None
        exercise = self._exercises[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return exercise.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return exercise.helps
        if role == ExerciseRole:
            return exercise
        if role == DoseRole:
            return exercise.dose.describe()
        if role == SearchTextRole:
            return " ".join((exercise.name, exercise.helps, *exercise.equipment)).lower()
        return None

    def row_of(self, exercise_id: str) -> int:
        """The row of ``exercise_id``, or -1."""
        for row, exercise in enumerate(self._exercises):
            if exercise.id == exercise_id:
                return row
        return -1


class ExerciseFilterProxy(QSortFilterProxyModel):
    """Filters exercises by search text, position, kind and whether equipment is needed."""

    NO_EQUIPMENT = "none"
    WITH_EQUIPMENT = "some"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._position: Position | None = None
        self._kind: Kind | None = None
        self._equipment: str | None = None

    def set_text(self, text: str) -> None:
        """Show only exercises whose name, purpose or equipment contain every word."""
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_position(self, position: Position | None) -> None:
        """Show only seated or only standing exercises (``None``: all)."""
        self.beginFilterChange()
        self._position = position
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_kind(self, kind: Kind | None) -> None:
        """Show only one kind (``None``: all)."""
        self.beginFilterChange()
        self._kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_equipment(self, equipment: str | None) -> None:
        """``none``: only exercises without equipment; ``some``: only those with; ``None``: all."""
        self.beginFilterChange()
        self._equipment = equipment
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        index = self.sourceModel().index(source_row, 0, source_parent)
        exercise: Exercise = index.data(ExerciseRole)
        if self._position is not None and exercise.position is not self._position:
            return False
        if self._kind is not None and exercise.kind is not self._kind:
            return False
        if self._equipment == self.NO_EQUIPMENT and exercise.equipment:
            return False
        if self._equipment == self.WITH_EQUIPMENT and not exercise.equipment:
            return False
        haystack: str = index.data(SearchTextRole)
        return all(word in haystack for word in self._text.split())


class ExerciseRowDelegate(QStyledItemDelegate):
    """Draws a row as thumbnail, name and a one-line dose."""

    THUMB_WIDTH = 64

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)
        text_height = metrics.height() * 2 + theme.SPACE_XS
        thumb_height = round(self.THUMB_WIDTH * 2 / 3)
        return QSize(200, max(text_height, thumb_height) + 2 * theme.SPACE_S)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        exercise: Exercise = index.data(ExerciseRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        dose_role = text_role if selected else QPalette.ColorRole.PlaceholderText
        painter.save()
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
        rect = option.rect.adjusted(theme.SPACE_S, theme.SPACE_S, -theme.SPACE_S, -theme.SPACE_S)
        ink = option.palette.color(text_role).name()
        thumb = illustration_pixmap(exercise.illustration, ink, self.THUMB_WIDTH)
        thumb_height = round(thumb.height() / thumb.devicePixelRatio())
        painter.drawPixmap(rect.left(), rect.center().y() - thumb_height // 2, thumb)

        text_left = rect.left() + self.THUMB_WIDTH + theme.SPACE_M
        half = rect.height() // 2
        name_rect = QRect(text_left, rect.top(), rect.right() - text_left, half)
        dose_rect = name_rect.translated(0, half + theme.SPACE_XS // 2)
        name_font = theme.scaled_font(option.font, 1.05, bold=True)
        bottom_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        _draw_elided(
            painter,
            name_font,
            option.palette.color(text_role),
            name_rect,
            bottom_left,
            exercise.name,
        )
        _draw_elided(
            painter,
            theme.scaled_font(option.font, theme.SMALL_SCALE),
            option.palette.color(dose_role),
            dose_rect,
            top_left,
            index.data(DoseRole),
        )
        painter.restore()


def _draw_elided(
    painter: QPainter, font: QFont, color: QColor, rect: QRect, align: Qt.AlignmentFlag, text: str
) -> None:
    painter.setFont(font)
    painter.setPen(color)
    elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, align, elided)


# Keys the search box keeps from the window's shortcuts (Esc would stop the timer).
_SEARCH_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class ExerciseListPane(QWidget):
    """Search box, filters and the list; emits the exercise the person selects.

    Keys in the search box: Down or Enter go to the list, Esc clears the search and goes back
    to the list. Space in an empty (or wholly selected) search box starts the timer, as it
    does from the list: a search never begins with a space.
    """

    exercise_selected = Signal(object)
    exercise_activated = Signal(object)  # Enter or a double click on the list: start it

    def __init__(self, exercises: tuple[Exercise, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ExerciseListModel(exercises, self)
        self.proxy = ExerciseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._current_id: str | None = None

        self.search = QLineEdit(placeholderText="Search exercises")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search exercises")
        self.search.setAccessibleDescription(
            "Type words to narrow the list; Down or Enter goes to the list, Esc clears"
        )
        self.search.installEventFilter(self)
        self.position_filter = self._combo(
            "Position", [("Any position", None)] + [(p.value.title(), p.value) for p in Position]
        )
        self.kind_filter = self._combo(
            "Kind", [("Any kind", None)] + [(k.value.title(), k.value) for k in Kind]
        )
        self.equipment_filter = self._combo(
            "Equipment",
            [
                ("Any equipment", None),
                ("No equipment", ExerciseFilterProxy.NO_EQUIPMENT),
                ("Needs equipment", ExerciseFilterProxy.WITH_EQUIPMENT),
            ],
        )
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ExerciseRowDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setAccessibleName("Exercises")
        self.view.setAccessibleDescription("Arrows choose an exercise; Space or Enter starts it")
        self.empty_label = QLabel("No exercise matches these filters.")
        theme.set_role(self.empty_label, "muted")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.setAccessibleName("Find an exercise")
        self._build_layout()
        self._connect_signals()

    def _combo(self, name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        # Linux screen readers read a combo box's value as its name: say what it filters.
        combo.setAccessibleDescription(f"Filter the exercises by {name.lower()}")
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_S, theme.SPACE_S, theme.SPACE_XS, theme.SPACE_S)
        layout.setSpacing(theme.SPACE_S)
        layout.addWidget(self.search)
        filters = QHBoxLayout()
        filters.setSpacing(theme.SPACE_XS)
        for combo in (self.position_filter, self.kind_filter):
            filters.addWidget(combo, 1)
        layout.addLayout(filters)
        layout.addWidget(self.equipment_filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.on_search_text_changed)
        self.position_filter.currentIndexChanged.connect(
            lambda: self._refilter(self.proxy.set_position, self.position_filter, Position)
        )
        self.kind_filter.currentIndexChanged.connect(
            lambda: self._refilter(self.proxy.set_kind, self.kind_filter, Kind)
        )
        self.equipment_filter.currentIndexChanged.connect(
            lambda: self._refilter(self.proxy.set_equipment, self.equipment_filter, str)
        )
        self.view.selectionModel().currentChanged.connect(self.on_view_current_changed)
        self.view.activated.connect(self.on_view_activated)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Down, Enter and Esc leave the search box for the list: moving within this pane as a
        # combo box's arrows do, not a command, so they stay here and out of SPECS.
        if watched is not self.search or not isinstance(event, QKeyEvent):
            return False
        key = event.key() if event.modifiers() == Qt.KeyboardModifier.NoModifier else None
        if event.type() == QEvent.Type.ShortcutOverride:
            if key in _SEARCH_KEYS:
                event.accept()  # the search box takes the key press itself
                return False
            # Unaccepted, Space goes on to the window's shortcut (start or pause the timer).
            return key == Qt.Key.Key_Space and self.search.selectedText() == self.search.text()
        if event.type() != QEvent.Type.KeyPress or key not in _SEARCH_KEYS:
            return False
        if key == Qt.Key.Key_Escape:
            self.search.clear()
        self.focus_list()
        return True

    def focus_list(self) -> None:
        """Put the focus in the list, on the chosen exercise (or the first one shown)."""
        if not self.view.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_view_activated(self, index: QModelIndex) -> None:
        self.exercise_activated.emit(index.data(ExerciseRole))

    def on_search_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _refilter(self, setter: Any, combo: QComboBox, kind: type) -> None:
        # Combo data comes back from Qt as plain str; turn it back into the enum.
        value = combo.currentData()
        setter(None if value is None else kind(value))
        self._after_filter()

    def _after_filter(self) -> None:
        self.empty_label.setVisible(self.proxy.rowCount() == 0)
        # The chosen exercise stays chosen while hidden, and is reselected when it reappears.
        if self._current_id is not None:
            self._select_in_view(self._current_id)

    def on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        exercise: Exercise = current.data(ExerciseRole)
        if exercise.id == self._current_id:
            return
        self._current_id = exercise.id
        self.exercise_selected.emit(exercise)

    def select(self, exercise_id: str) -> bool:
        """Select ``exercise_id`` (clearing filters that hide it); False if unknown."""
        if self.model.row_of(exercise_id) < 0:
            return False
        if not self._select_in_view(exercise_id):
            self.clear_filters()
            self._select_in_view(exercise_id)
        return True

    def clear_filters(self) -> None:
        """Reset the search box and every filter."""
        self.search.clear()
        for combo in (self.position_filter, self.kind_filter, self.equipment_filter):
            combo.setCurrentIndex(0)

    def current_exercise_id(self) -> str | None:
        """The id of the selected exercise (kept while filters hide it)."""
        return self._current_id

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _select_in_view(self, exercise_id: str) -> bool:
        source = self.model.index(self.model.row_of(exercise_id), 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True
