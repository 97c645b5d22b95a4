"""The history view: pain-trend chart, range buttons, summary, safety banner and the entries.

Every figure comes from :mod:`footcoach.trends` (the summary is the one ``footcoach summary``
prints); this view only fetches rows through ``History``, picks the window and lays out text.
The chart is drawn first; the summary, which reads the whole history, follows right after
the chart's first paint, so the chart appears at a cost that follows the days shown, not the
rows stored.

Keys: 1-4 pick the range (4 weeks, 3 months, 1 year, all); in the entries table Enter edits
and Delete deletes (with undo).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from footcoach.catalog import Catalog, load_catalog
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.pain import SAFETY_TITLE, SEVERE, pain_band
from footcoach.records import DailyMean, PainContext, PainEntry
from footcoach.routines import Routine, RoutineStore, Suggestion
from footcoach.trends import (
    EMPTY_MESSAGE,
    ChartData,
    ChartPoint,
    ChartRange,
    DateWindow,
    Summary,
    chart_data,
    load_summary,
    nearest_entry,
    range_window,
)
from footcoach.ui.common import theme
from footcoach.ui.common.actions import WidgetKey, shortcut_for, tip_of
from footcoach.ui.common.keyboard_focus import set_default_button
from footcoach.ui.common.layouts import centre_card
from footcoach.ui.common.undo_bar import UndoBar
from footcoach.ui.history.chart.trend_chart import GLYPHS, TrendChart
from footcoach.ui.history.pain_entry import PainEntryDialog
from footcoach.ui.insights.insights_panel import InsightsPanel
from footcoach.ui.insights.trial_bar import TrialBar
from footcoach.ui.insights.trial_dialog import TrialDialog
from footcoach.ui.insights.what_helps_panel import WhatHelpsPanel

RANGE_ACTIONS = {
    ChartRange.FOUR_WEEKS: WidgetKey.HISTORY_FOUR_WEEKS,
    ChartRange.THREE_MONTHS: WidgetKey.HISTORY_THREE_MONTHS,
    ChartRange.ONE_YEAR: WidgetKey.HISTORY_ONE_YEAR,
    ChartRange.ALL: WidgetKey.HISTORY_ALL,
}
DEFAULT_RANGE = ChartRange.THREE_MONTHS
CHART_HINT = "Point at the chart to see a day; click a point to find its entry below."
SUMMARY_MIN_WIDTH, SUMMARY_MAX_WIDTH = 240, 320


def _when_text(entry: PainEntry) -> str:
    local = entry.at.local()
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


# The chart's shapes (trend_chart.SYMBOLS) as polygons in a unit square, for table icons.
_ICON_SHAPES: dict[PainContext, tuple[tuple[float, float], ...]] = {
    PainContext.DAY: ((0.15, 0.15), (0.85, 0.15), (0.85, 0.85), (0.15, 0.85)),
    PainContext.DURING_EXERCISE: ((0.5, 0.08), (0.95, 0.9), (0.05, 0.9)),
    PainContext.AFTER_EXERCISE: ((0.5, 0.02), (0.98, 0.5), (0.5, 0.98), (0.02, 0.5)),
}


def context_icon(context: PainContext, size: int = 12) -> QIcon:
    """The chart's shape for ``context`` in its theme colour, as a small icon."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.colors().context(context)))
    shape = _ICON_SHAPES.get(context)
    if shape is None:  # morning: a circle
        painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    else:
        painter.drawPolygon(QPolygonF([QPointF(x * size, y * size) for x, y in shape]))
    painter.end()
    return QIcon(pixmap)


class EntriesModel(QAbstractTableModel):
    """The pain entries of a date window, newest first, read from ``History`` in chunks.

    Only the newest weeks are read at first; older ones follow as the table scrolls
    (``canFetchMore``/``fetchMore``), so "all" never reads ten years at once.
    """

    HEADERS = ("When", "Score", "Context", "Note")
    CHUNK_DAYS = 28

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history = history
        self._entries: list[PainEntry] = []
        self._window: DateWindow | None = None
        self._loaded_since: date | None = None
        self._fetching = False
        self._icons: dict[PainContext, QIcon] = {}

    # -- loading ------------------------------------------------------------------------

    def load(self, window: DateWindow | None) -> None:
        """Show the entries of ``window`` (None: none), reading its newest chunk now."""
        self.beginResetModel()
        self._window = window
        self._entries = []
        self._loaded_since = None if window is None else window.end + timedelta(days=1)
        self.endResetModel()
        if window is not None:
            self.fetchMore(QModelIndex())

    def set_window(self, window: DateWindow) -> None:
        """Show ``window``, keeping the rows it shares with the current one (no re-read).

        Every range ends today, so a range switch only moves the oldest day: rows before
        the new start go, and a longer range reads its older rows as the table scrolls.
        """
        old = self._window
        if old is None or old.end != window.end or self._loaded_since is None:
            self.load(window)
            return
        self._window = window
        if self._loaded_since < window.start:
            keep = next(
                (i for i, e in enumerate(self._entries) if e.at.local_date < window.start),
                len(self._entries),
            )
            if keep < len(self._entries):
                self.beginRemoveRows(QModelIndex(), keep, len(self._entries) - 1)
                del self._entries[keep:]
                self.endRemoveRows()
            self._loaded_since = window.start

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        window, since = self._window, self._loaded_since
        return (
            not self._fetching
            and not parent.isValid()
            and window is not None
            and since is not None
            and since > window.start
        )

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        assert self._window is not None and self._loaded_since is not None
        until = self._loaded_since - timedelta(days=1)
        since = max(self._window.start, until - timedelta(days=self.CHUNK_DAYS - 1))
        older = self._history.pain_entries(since=since, until=until)
        older.reverse()  # newest first
        # Views and testers may ask for more while rows go in: one chunk at a time.
        self._fetching = True
        try:
            self._loaded_since = since
            if older:
                first = len(self._entries)
                self.beginInsertRows(QModelIndex(), first, first + len(older) - 1)
                self._entries.extend(older)
                self.endInsertRows()
        finally:
            self._fetching = False

    def row_of_point(self, point: ChartPoint) -> int | None:
        """The row of the entry behind a chart point (reading older chunks as needed)."""
        while self._loaded_since is not None and self._loaded_since > point.day:
            if not self.canFetchMore(QModelIndex()):
                break
            self.fetchMore(QModelIndex())
        entry = nearest_entry(self._entries, point)
        return None if entry is None else self._entries.index(entry)

    def entry(self, row: int) -> PainEntry:
        """The entry shown in ``row``."""
        return self._entries[row]

    def refresh_theme(self) -> None:
        """Redraw the context icons in the current theme's colours."""
        self._icons.clear()
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 2),
                self.index(len(self._entries) - 1, 2),
                [Qt.ItemDataRole.DecorationRole],
            )

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return _when_text(entry)
            if column == 1:
                return f"{entry.score} \u00b7 {pain_band(entry.score)}"
            if column == 2:
                return entry.context.label
            if column == 3:
                return entry.note
        elif role == Qt.ItemDataRole.DecorationRole and column == 2:
            if entry.context not in self._icons:
                self._icons[entry.context] = context_icon(entry.context)
            return self._icons[entry.context]
        elif role == Qt.ItemDataRole.ToolTipRole and column == 3 and entry.note:
            return entry.note
        return None


#: The order in which ranges are prepared in idle time: the nearest buttons first.
PREPARED_RANGES = (
    ChartRange.FOUR_WEEKS,
    ChartRange.ONE_YEAR,
    ChartRange.ALL,
    ChartRange.THREE_MONTHS,
)


class HistoryView(QWidget):
    """Chart, range buttons (keys 1-4), summary, safety banner and editable entries.

    With ``prepare_ranges`` the other ranges' arrays are computed in idle time once the
    summary shows; without, each range is computed on its first switch.
    """

    range_changed = Signal(object)
    """The :class:`ChartRange` now shown."""
    summary_shown = Signal(object)
    """The :class:`Summary` now shown (after each refresh)."""
    log_pain_requested = Signal()
    """The person asked to log pain (the empty state's button)."""
    entry_edited = Signal(object, object)
    """A pain entry was changed here: (before, after)."""
    entry_deleted = Signal(object)
    """A pain entry was deleted here (it can be undone)."""

    def __init__(
        self,
        history: History,
        parent: QWidget | None = None,
        *,
        undo_bar: UndoBar | None = None,
        today: Callable[[], date] = date.today,
        initial_range: ChartRange = DEFAULT_RANGE,
        prepare_ranges: bool = True,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self._prepare_ranges = prepare_ranges
        self._today_fn = today
        self._range = initial_range
        self.undo_bar = undo_bar or UndoBar(self)
        self.summary: Summary | None = None
        self.level_advice: list[tuple[Routine, Suggestion]] = []
        self._catalog: Catalog | None = None
        self._today = today()
        self._first_day: date | None = None
        self._all_rows: list[DailyMean] | None = None
        self._all_sessions: list[date] | None = None
        self._all_severe: list[tuple[date, int]] | None = None
        self._charts: dict[ChartRange, ChartData] = {}
        self._summary_due = False

        self.pages = QStackedWidget()
        self.content = self._build_content()
        self.empty_page = self._build_empty_page()
        self.pages.addWidget(self.content)
        self.pages.addWidget(self.empty_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._connect_signals()
        self._show_legend()
        self.refresh()

    # -- building -----------------------------------------------------------------------

    def _build_content(self) -> QWidget:
        page = QWidget()
        self.banner = QFrame()
        theme.set_role(self.banner, "banner")
        self.banner.setAccessibleName("Safety note")
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(theme.SPACE_L, theme.SPACE_M, theme.SPACE_L, theme.SPACE_M)
        banner_layout.setSpacing(theme.SPACE_XS)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        banner_layout.addWidget(self.banner_text)
        self.banner.hide()

        title = QLabel("Pain history")
        title.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.range_group = QButtonGroup(self)
        self.range_buttons: dict[ChartRange, QPushButton] = {}
        ranges = QHBoxLayout()
        ranges.setSpacing(0)
        for choice in ChartRange:
            button = QPushButton(choice.label)
            button.setCheckable(True)
            button.setToolTip(tip_of(RANGE_ACTIONS[choice]))
            self.range_group.addButton(button)
            self.range_buttons[choice] = button
            ranges.addWidget(button)
        keys_hint = QLabel("keys 1\u20134")
        theme.set_role(keys_hint, "muted")
        header = QHBoxLayout()
        header.setSpacing(theme.SPACE_M)
        header.addWidget(title)
        header.addSpacing(theme.SPACE_L)
        header.addLayout(ranges)
        header.addWidget(keys_hint)
        header.addStretch(1)

        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setFont(theme.scaled_font(self.font(), theme.SMALL_SCALE))
        self.chart = TrendChart()
        self.chart.setAccessibleDescription(CHART_HINT)  # a tooltip would cover the read-out
        self.chart.viewport().installEventFilter(self)
        self.chart.setMinimumHeight(200)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.setSpacing(theme.SPACE_XS)
        chart_layout.addWidget(self.legend)
        chart_layout.addWidget(self.chart, 1)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card = QFrame()
        theme.set_role(card, "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        card_layout.addWidget(self.summary_label)
        card_layout.addStretch(1)
        self.summary_area = QScrollArea()
        self.summary_area.setWidgetResizable(True)
        self.summary_area.setFrameShape(QFrame.Shape.NoFrame)
        self.summary_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_area.setWidget(card)
        self.summary_area.setAccessibleName("Summary")
        self.summary_area.setMinimumWidth(SUMMARY_MIN_WIDTH)
        self.summary_area.setMaximumWidth(SUMMARY_MAX_WIDTH)

        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(theme.SPACE_L)
        top_layout.addWidget(chart_box, 3)
        # The summary and "What helps" share the column, one tab each.
        self.what_helps = WhatHelpsPanel()
        self.what_helps.start_button.setEnabled(self.history.read_only is None)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.summary_area, "Summary")
        self.side_tabs.addTab(self.what_helps, "What helps")
        self.side_tabs.setMaximumWidth(SUMMARY_MAX_WIDTH + 2 * theme.SPACE_M)
        top_layout.addWidget(self.side_tabs, 1)

        self.entries_title = QLabel("Entries")
        self.entries_title.setFont(theme.scaled_font(self.font(), 1.0, bold=True))
        self.edit_button = QPushButton("&Edit\u2026")
        self.edit_button.setToolTip("Change the selected entry (Enter)")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setToolTip("Delete the selected entry; you can undo it (Del)")
        entries_header = QHBoxLayout()
        entries_header.addWidget(self.entries_title)
        entries_header.addStretch(1)
        entries_header.addWidget(self.edit_button)
        entries_header.addWidget(self.delete_button)
        self.model = EntriesModel(self.history, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header_view = self.table.horizontalHeader()
        header_view.setStretchLastSection(True)
        header_view.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column, sample in enumerate(
            ("Wed 30 Sep 2025, 23:59", "10 \u00b7 moderate", "First steps in the morning")
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 40)
        self.table.setAccessibleName("Pain entries")
        self.table.setAccessibleDescription("Enter edits the selected entry, Delete removes it")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setIconSize(QSize(12, 12))
        entries = QWidget()
        entries_layout = QVBoxLayout(entries)
        entries_layout.setContentsMargins(0, theme.SPACE_S, 0, 0)
        entries_layout.setSpacing(theme.SPACE_XS)
        entries_layout.addLayout(entries_header)
        entries_layout.addWidget(self.table, 1)

        # Function goals and self-tests, under the pain trend (footcoach.ui.insights).
        self.insights = InsightsPanel(self.history, undo_bar=self.undo_bar, today=self._today_fn)
        self.insights.setMinimumHeight(140)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.insights)
        self.splitter.addWidget(entries)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        # Weights, whatever the window's height (sizes are weights until the splitter is laid
        # out): most for the chart, then the insights and the entries; the handles move.
        self.splitter.setSizes([2000, 1000, 900])
        top.setMinimumHeight(240)
        entries.setMinimumHeight(110)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_M)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(self.banner)
        self.trial_bar = TrialBar(self.history)
        layout.addWidget(self.trial_bar)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        return page

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(620)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        layout.setSpacing(theme.SPACE_M)
        title = QLabel("Start your pain log")
        title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        text = QLabel(EMPTY_MESSAGE)
        text.setWordWrap(True)
        text.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        later = QLabel(
            "Here you will then see your scores day by day, your 7-day average, the sessions "
            "you did each week, and how far you have come since you started."
        )
        later.setWordWrap(True)
        theme.set_role(later, "muted")
        self.empty_log_button = QPushButton("Log pain now (Ctrl+L)")
        theme.set_role(self.empty_log_button, "primary")
        self.empty_log_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(later)
        layout.addSpacing(theme.SPACE_S)
        layout.addWidget(self.empty_log_button)
        centre_card(page, card, share=4)
        return page

    def _connect_signals(self) -> None:
        self.what_helps.start_trial_requested.connect(self.on_start_trial_requested)
        self.trial_bar.trial_changed.connect(self.refresh)
        for choice, button in self.range_buttons.items():
            button.clicked.connect(lambda _=False, c=choice: self.set_range(c))
            # Window-wide, but only while this view is visible (hidden widgets' shortcuts sleep).
            shortcut = shortcut_for(RANGE_ACTIONS[choice], self, Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda c=choice: self.set_range(c))
        self.empty_log_button.clicked.connect(self.log_pain_requested)
        self.chart.point_clicked.connect(self.on_chart_point_clicked)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())
        delete = shortcut_for(
            WidgetKey.HISTORY_DELETE_ENTRY, self.table, Qt.ShortcutContext.WidgetShortcut
        )
        delete.activated.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        set_default_button(self.content, self.edit_button)
        set_default_button(self.empty_page, self.empty_log_button)
        self.model.modelReset.connect(self._update_buttons)
        self.summary_shown.connect(self.insights.show_summary)
        self.insights.changed.connect(self.refresh)

    # -- data ---------------------------------------------------------------------------

    @property
    def current_range(self) -> ChartRange:
        """The range shown."""
        return self._range

    def is_empty(self) -> bool:
        """True when the history holds nothing yet (the empty state shows)."""
        return self.pages.currentWidget() is self.empty_page

    def refresh(self) -> None:
        """Re-read the history: the chart now, the summary right after (see module doc)."""
        self._today = self._today_fn()
        self._first_day = self.history.first_day()
        self._all_rows = None
        self._all_sessions = None
        self._all_severe = None
        self._charts.clear()
        if self._first_day is None:
            self.pages.setCurrentWidget(self.empty_page)
            self.banner.hide()
            self.model.load(None)
            self._summary_due = False
            self.summary = None
            return
        self.pages.setCurrentWidget(self.content)
        self._summary_due = True
        self.model.load(None)  # re-read from the newest entry: entries may have changed
        self._show_range()
        # The summary reads the whole history: it follows the chart's next paint (see
        # eventFilter), so the chart shows first however much is stored.
        self.chart.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.Paint
            and self._summary_due
            and watched is self.chart.viewport()
        ):
            QTimer.singleShot(0, self, self.load_summary)  # once this paint is on screen
        return False

    def load_summary(self) -> None:
        """Compute and show the summary and safety banner (if a refresh left them due)."""
        if not self._summary_due:
            return
        self._summary_due = False
        today = self._today
        # The one recipe ``footcoach summary`` uses too, reusing the rows the chart may already
        # hold; the rows stay for the other ranges.
        if self._all_rows is None:
            self._all_rows = self.history.daily_pain_means(until=today)
        self._all_sessions = self.history.session_days(until=today)
        summary = load_summary(
            self.history, today, daily_means=self._all_rows, session_days=self._all_sessions
        )
        self._all_severe = self.history.high_score_days(SEVERE, until=today)
        self.summary = summary
        self.level_advice = self._store().recent_advice(today, summary.safety_signals)
        self.chart.set_baseline(summary.overall.baseline_mean)
        self._show_legend()
        self._show_summary(summary)
        self.summary_shown.emit(summary)
        if self._prepare_ranges:
            QTimer.singleShot(0, self, self._prepare_next_range)

    def on_start_trial_requested(self) -> None:
        """Open the trial dialog; History refreshes once a trial starts."""
        dialog = TrialDialog(self.history, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.trial_started.connect(lambda _trial: self.refresh())
        dialog.open()

    def _store(self) -> RoutineStore:
        if self._catalog is None:
            self._catalog = load_catalog()
        return RoutineStore(self.history, self._catalog)

    def _prepare_next_range(self) -> None:
        # With the summary shown, the other ranges' arrays are computed while the app is idle,
        # one per event-loop turn (a key or click waits for one at most), so a range button
        # only redraws. A refresh drops them and the next summary starts this again.
        if self._summary_due or self.is_empty():
            return
        missing = next((choice for choice in PREPARED_RANGES if choice not in self._charts), None)
        if missing is None:
            return
        self.chart_data_for(missing)
        QTimer.singleShot(0, self, self._prepare_next_range)

    def set_range(self, choice: ChartRange) -> None:
        """Show ``choice`` (4 weeks, 3 months, 1 year or all)."""
        if choice is self._range and self._range in self._charts:
            return
        self._range = choice
        if not self.is_empty():
            self._show_range()
        self.range_changed.emit(choice)

    def chart_data_for(self, choice: ChartRange) -> ChartData:
        """The chart arrays of ``choice`` (computed once per refresh)."""
        data = self._charts.get(choice)
        if data is None:
            window = range_window(choice, self._today, self._first_day)
            data = chart_data(
                self._daily_means_since(window.data_since),
                self._session_days_since(window.sessions_since),
                window,
                baseline_mean=self._baseline(),
                today=self._today,
                severe_days=self._severe_days_since(window.start),
            )
            self._charts[choice] = data
        return data

    def _baseline(self) -> float | None:
        # Only a summary of this refresh knows the starting point; until then, none is drawn.
        if self.summary is None or self._summary_due:
            return None
        return self.summary.overall.baseline_mean

    def _daily_means_since(self, since: date) -> Sequence[DailyMean]:
        rows = self._all_rows
        if rows is None:
            if self._first_day is not None and since <= self._first_day:
                # The window holds everything: read it once and keep it for the summary.
                rows = self._all_rows = self.history.daily_pain_means(until=self._today)
                return rows
            return self.history.daily_pain_means(since=since, until=self._today)
        return rows[bisect.bisect_left(rows, since, key=lambda row: row.day) :]

    def _severe_days_since(self, since: date) -> Sequence[tuple[date, int]]:
        days = self._all_severe
        if days is None:
            return self.history.high_score_days(SEVERE, since=since, until=self._today)
        return days[bisect.bisect_left(days, since, key=lambda pair: pair[0]) :]

    def _session_days_since(self, since: date) -> Sequence[date]:
        days = self._all_sessions
        if days is None:
            return self.history.session_days(since=since, until=self._today)
        return days[bisect.bisect_left(days, since) :]

    def _show_range(self) -> None:
        for choice, button in self.range_buttons.items():
            button.setChecked(choice is self._range)
        self._colour_range_buttons()
        data = self.chart_data_for(self._range)
        self.chart.set_data(data, empty_text=f"Nothing logged in {self._range_words()}.")
        self.chart.set_baseline(self._baseline())
        self.entries_title.setText(f"Entries, {self._range_words()}, newest first")
        self.model.set_window(data.window)

    def _range_words(self) -> str:
        if self._range is ChartRange.ALL:
            return "all"
        return f"the last {self._range.label.lower()}"

    def _show_summary(self, summary: Summary) -> None:
        message = summary.safety_message()
        self.banner_text.setText(f"<b>{SAFETY_TITLE}</b> {escape(message or '')}")
        self.banner.setVisible(bool(message))
        c = theme.colors()
        changes: list[str] = []
        for context, sentence in summary.change_lines():
            glyph = f"<span style='color:{c.context(context)}'>{GLYPHS[context]}</span> "
            changes.append(f"<p style='margin-top:4px'>{glyph}<b>{escape(sentence)}</b></p>")
        adherence = summary.adherence_sentence()
        direction = summary.direction_sentence()
        skip = {adherence, message, direction, *summary.change_sentences()}
        details = [line for line in summary.lines() if line not in skip]
        parts = [f"<h2>{escape(direction)}</h2>"] if direction else []
        if changes:
            parts.append(f"<h3>Since you started</h3>{''.join(changes)}")
        parts.append(f"<h3>Sessions</h3><p>{escape(adherence)}</p>")
        if self.level_advice:
            # The same heading and sentence as the routine list and ``routine suggest``.
            advice = "".join(
                f"<p style='margin-top:4px'><b>{escape(s.heading(r.name))}</b> "
                f"{escape(s.explanation())}</p>"
                for r, s in self.level_advice
            )
            parts.append(f"<h3>Levels</h3>{advice}")
        if details:
            rows = "".join(f"<p style='margin-top:4px'>{escape(line)}</p>" for line in details)
            parts.append(f"<h3>Details</h3><div style='color:{c.muted}'>{rows}</div>")
        self.summary_label.setText("".join(parts))
        self.what_helps.show_summary(summary)
        self.trial_bar.show_state(summary.trial)
        self.chart.set_summary_text(" ".join([*summary.lines(), CHART_HINT]))

    def refresh_theme(self) -> None:
        """Re-colour the chart, legend, icons and summary after a theme change."""
        self.chart.refresh_theme()
        self.model.refresh_theme()
        self._colour_range_buttons()
        self._show_legend()
        if self.summary is not None:
            self._show_summary(self.summary)

    def _colour_range_buttons(self) -> None:
        # Fusion's checked look is faint; the range shown gets the accent, as a tab would.
        c = theme.colors()
        for button in self.range_buttons.values():
            palette = QPalette(self.palette())
            if button.isChecked():
                palette.setColor(QPalette.ColorRole.Button, QColor(c.accent))
                palette.setColor(QPalette.ColorRole.ButtonText, QColor(c.accent_text))
            button.setPalette(palette)

    def _show_legend(self) -> None:
        # Every mark the chart draws. It changes with the history, not with the range: a new
        # legend text lays the view out again, which would double the cost of a range switch.
        c = theme.colors()
        items = [(c.context(ctx), GLYPHS[ctx], ctx.short_label) for ctx in PainContext]
        if self._all_severe:
            items.append((c.text, "\u25ef", f"a score of {SEVERE} or more"))
        items.append((c.text, "<b>\u2501\u2501</b>", "7-day average"))
        baseline = self._baseline()
        if baseline is not None:
            items.append((c.muted, "<b>\u2504\u2504</b>", f"starting point {baseline:.1f}"))
        items.append((c.accent, "\u2589", "sessions per week"))
        items.append((c.accent, "\u2022", "session day"))
        # Each item stays whole when the legend wraps: no-break spaces and hyphens inside.
        text = " &nbsp; ".join(
            f"<span style='color:{colour}'>{mark}</span>&nbsp;"
            + escape(words).replace(" ", "&nbsp;").replace("-", "\u2011")
            for colour, mark, words in items
        )
        if text != self.legend.text():  # a new text lays the view out again: only on change
            self.legend.setText(text)

    # -- slots --------------------------------------------------------------------------

    def on_chart_point_clicked(self, point: ChartPoint | None) -> None:
        """Select the entry behind the clicked point (none on a day without points)."""
        row = None if point is None else self.model.row_of_point(point)
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the chosen entry's day on the chart (and in its text alternative)."""
        if current.isValid():
            self.chart.hover_day(self.model.entry(current.row()).at.local_date)

    def selected_entry(self) -> PainEntry | None:
        """The entry selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        # A read-only history keeps both off, so Enter and Del (which go through them) do nothing.
        writable = self.selected_entry() is not None and self.history.read_only is None
        self.edit_button.setEnabled(writable)
        self.delete_button.setEnabled(writable)

    def edit_selected(self) -> PainEntryDialog | None:
        """Open the selected entry for editing (returns the open dialog)."""
        entry = self.selected_entry()
        return self.edit_entry(entry) if entry and self.edit_button.isEnabled() else None

    def edit_entry(self, entry: PainEntry) -> PainEntryDialog:
        """Open ``entry`` in the pain dialog; saving changes it in ``History``."""
        dialog = PainEntryDialog(self.history, self, entry=entry)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pain_edited.connect(self.on_dialog_pain_edited)
        dialog.open()
        return dialog

    def on_dialog_pain_edited(self, before: PainEntry, after: PainEntry) -> None:
        self.refresh()
        self.entry_edited.emit(before, after)
        self.undo_bar.offer(
            f"Entry of {_day_text(after.at.local_date)} changed.",
            lambda: self._write(lambda: self.history.update_pain(before)),
        )

    def delete_selected(self) -> PainEntry | None:
        """Delete the selected entry (with an undo offer); return it."""
        entry = self.selected_entry()
        return self.delete_entry(entry) if entry and self.delete_button.isEnabled() else None

    def delete_entry(self, entry: PainEntry) -> PainEntry | None:
        """Delete ``entry`` from ``History`` and offer to undo; return what was deleted."""
        removed: list[PainEntry | None] = []
        if not self._write(lambda: removed.append(self.history.delete_pain(entry.id))):
            return None
        gone = removed[0]
        if gone is None:
            return None
        self.entry_deleted.emit(gone)
        self.undo_bar.offer(
            f"Deleted pain {gone.score} of {_day_text(gone.at.local_date)}.",
            lambda: self._write(lambda: self.history.add_pain(gone)),
        )
        return gone

    def _write(self, action: Callable[[], object]) -> bool:
        """Run one ``History`` write, then refresh; a storage problem is shown, not raised."""
        try:
            action()
        except (FootCoachError, KeyError) as error:
            QMessageBox.warning(self, "History not changed", str(error))
            return False
        finally:
            self.refresh()
        return True
