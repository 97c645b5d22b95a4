"""The history view: empty state, ranges and keys, chart arrays, summary, banner, entries, undo."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from footcoach import demo
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.trends import EMPTY_MESSAGE, ChartRange, chart_data, load_summary, range_window
from footcoach.ui.common import theme
from footcoach.ui.history.pain_entry import PainEntryDialog
from footcoach.ui.history.view import EntriesModel, HistoryView

TODAY = date(2025, 6, 30)


def at(day: date, hour: int = 8) -> Moment:
    return Moment.from_datetime(datetime.combine(day, time(hour), tzinfo=UTC))


def make_view(qtbot: QtBot, history: History, **kwargs: object) -> HistoryView:
    """A shown view, summary loaded (it follows the chart by one event-loop turn)."""
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    view = HistoryView(history, today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(1200, 760)
    if not view.is_empty():
        with qtbot.waitSignal(view.summary_shown):
            view.show()
    else:
        view.show()
    return view


@pytest.fixture
def filled(history: History) -> History:
    records = demo.generate(120, 1, end=TODAY)
    history.add_records(pain=records.pain, sessions=records.sessions, sets=records.sets)
    return history


def test_empty_history_explains_what_to_do_first(qtbot: QtBot, history: History) -> None:
    view = make_view(qtbot, history)
    assert view.is_empty()
    texts = [label.text() for label in view.empty_page.findChildren(type(view.legend))]
    assert EMPTY_MESSAGE in texts
    with qtbot.waitSignal(view.log_pain_requested):
        qtbot.mouseClick(view.empty_log_button, Qt.MouseButton.LeftButton)


def test_first_entry_leaves_the_empty_state(qtbot: QtBot, history: History) -> None:
    view = make_view(qtbot, history)
    history.add_pain(PainEntry("a", at(TODAY), 4, PainContext.MORNING))
    with qtbot.waitSignal(view.summary_shown):
        view.refresh()
    assert not view.is_empty()
    assert view.model.rowCount() == 1
    assert view.banner.isHidden()


def test_chart_draws_the_arrays_of_trends(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    assert view.current_range is ChartRange.THREE_MONTHS
    window = range_window(ChartRange.THREE_MONTHS, TODAY, filled.first_day())
    summary = load_summary(filled, TODAY)
    expected = chart_data(
        filled.daily_pain_means(),
        filled.session_days(),
        window,
        baseline_mean=summary.overall.baseline_mean,
        today=TODAY,
    )
    chart = view.chart
    for ctx, item in chart.points.items():
        x, y = item.getData()
        np.testing.assert_array_equal(x, expected.points_by_context[ctx].x)
        np.testing.assert_array_equal(y, expected.points_by_context[ctx].y)
    x, y = chart.rolling.getData()
    np.testing.assert_array_equal(x, expected.rolling.x)
    np.testing.assert_array_equal(y, expected.rolling.y)
    np.testing.assert_array_equal(chart.sessions.opts["height"], expected.weeks.sessions)
    assert chart.baseline.isVisible()
    assert chart.baseline.value() == pytest.approx(summary.overall.baseline_mean)
    x0, x1 = chart.plot.vb.viewRange()[0]
    assert (x0, x1) == pytest.approx(expected.x_range)


def test_summary_is_the_one_footcoach_summary_prints(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    assert view.summary is not None
    assert view.summary.as_dict() == load_summary(filled, TODAY).as_dict()
    text = view.summary_label.text()
    for sentence in view.summary.change_sentences():
        assert sentence.replace("\u2192", "&rarr;") in text or sentence in text
    assert "Sessions in the last 7 days" in text


@pytest.mark.parametrize(
    ("key", "choice"),
    [
        (Qt.Key.Key_1, ChartRange.FOUR_WEEKS),
        (Qt.Key.Key_2, ChartRange.THREE_MONTHS),
        (Qt.Key.Key_3, ChartRange.ONE_YEAR),
        (Qt.Key.Key_4, ChartRange.ALL),
    ],
)
def test_range_keys(qtbot: QtBot, filled: History, key: Qt.Key, choice: ChartRange) -> None:
    view = make_view(qtbot, filled, initial_range=ChartRange.ONE_YEAR)
    if choice is ChartRange.ONE_YEAR:
        view.set_range(ChartRange.ALL)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    with qtbot.waitSignal(view.range_changed) as changed:
        qtbot.keyClick(view, key)
    assert changed.args == [choice]
    assert view.range_buttons[choice].isChecked()
    window = range_window(choice, TODAY, filled.first_day())
    assert view.chart.data is not None and view.chart.data.window == window
    assert view.model.rowCount() > 0


def test_range_buttons_switch_and_reuse_rows(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    for choice in ChartRange:
        qtbot.mouseClick(view.range_buttons[choice], Qt.MouseButton.LeftButton)
        assert view.current_range is choice
        assert view.chart.data is view.chart_data_for(choice)  # computed once per refresh


def test_hover_shows_day_scores_and_session(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    day = TODAY - timedelta(days=3)
    with qtbot.waitSignal(view.chart.day_hovered) as hovered:
        view.chart.hover_day(day)
    details = hovered.args[0]
    assert details.day == day
    readout = view.chart.readout
    assert readout.isVisible() and all(line in readout.text() for line in details.lines())
    assert ("Session done" in details.lines()) == (day in filled.session_days())
    assert all(cursor.isVisible() for cursor in view.chart.cursors)
    view.chart.hover_day(None)
    assert not any(cursor.isVisible() for cursor in view.chart.cursors)


def test_pointer_position_maps_to_its_day(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    chart = view.chart
    qtbot.waitUntil(lambda: chart.plot.sceneBoundingRect().width() > 100)
    rect = chart.plot.vb.sceneBoundingRect()
    chart.hover_at(QPointF(rect.right() - 2, rect.center().y()))
    assert chart.hovered_day() == TODAY
    chart.hover_at(QPointF(-50, -50))
    assert chart.hovered_day() is None


def test_clicking_a_day_selects_its_entries(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled, initial_range=ChartRange.ALL)
    first = filled.pain_entries()[0].at.local_date  # in the oldest chunk, not read at first
    assert view.model.canFetchMore(view.model.index(-1, -1))
    oldest = filled.pain_entries()[0]
    point = view.chart_data_for(ChartRange.ALL).point_at(first, oldest.score)
    view.on_chart_point_clicked(point)
    entry = view.selected_entry()
    assert entry is not None and entry.at.local_date == first
    view.on_chart_point_clicked(None)  # a day with no point
    assert view.selected_entry() is None


def test_entries_model_reads_in_chunks(qtmodeltester: ModelTester, filled: History) -> None:
    model = EntriesModel(filled)
    model.load(range_window(ChartRange.ALL, TODAY, filled.first_day()))
    first_rows = model.rowCount()
    assert 0 < first_rows < len(filled.pain_entries())
    newest = [model.entry(row).at.utc for row in range(first_rows)]
    assert newest == sorted(newest, reverse=True)
    qtmodeltester.check(model)
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == len(filled.pain_entries())


def test_delete_then_undo(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    view.table.selectRow(0)
    entry = view.selected_entry()
    assert entry is not None and view.delete_button.isEnabled()
    with qtbot.waitSignal(view.entry_deleted):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert entry not in filled.pain_entries()
    assert view.undo_bar.is_offering()
    assert view.selected_entry() is None and not view.delete_button.isEnabled()
    view.undo_bar.undo()
    assert entry in filled.pain_entries()
    assert view.model.entry(0) == entry


def test_delete_key_deletes_the_selected_entry(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    view.table.setFocus()
    view.table.selectRow(1)
    entry = view.selected_entry()
    with qtbot.waitSignal(view.entry_deleted):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert entry not in filled.pain_entries()


def test_edit_then_undo(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    view.table.selectRow(0)
    before = view.selected_entry()
    assert before is not None
    dialog = view.edit_selected()
    assert isinstance(dialog, PainEntryDialog) and dialog.score() == before.score
    new_score = 9 if before.score != 9 else 1
    qtbot.keyClick(dialog.scale, Qt.Key.Key_0 + new_score)
    with qtbot.waitSignal(view.entry_edited):
        qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    [after] = [e for e in filled.pain_entries() if e.id == before.id]
    assert after.score == new_score
    assert view.model.entry(0).score == new_score
    view.undo_bar.undo()
    assert before in filled.pain_entries()


def test_safety_banner_is_calm_and_shows_only_with_a_signal(qtbot: QtBot, history: History) -> None:
    for i in range(10):
        history.add_pain(PainEntry(f"p{i}", at(TODAY - timedelta(days=20 - i)), 3, PainContext.DAY))
    view = make_view(qtbot, history)
    assert view.banner.isHidden()
    history.add_pain(PainEntry("high", at(TODAY), 8, PainContext.MORNING))
    with qtbot.waitSignal(view.summary_shown):
        view.refresh()
    assert not view.banner.isHidden()
    text = view.banner_text.text()
    assert "healthcare professional" in text
    assert "diagnos" not in text.lower().replace("it cannot tell", "")


@pytest.mark.parametrize("prepare", [True, False])
def test_ranges_are_prepared_while_idle(
    qtbot: QtBot, filled: History, monkeypatch: pytest.MonkeyPatch, prepare: bool
) -> None:
    import footcoach.ui.history.view as history_view

    computed: list[date] = []

    def counting_chart_data(*args: object, **kwargs: object) -> object:
        computed.append(args[2].start)  # type: ignore[attr-defined]
        return chart_data(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(history_view, "chart_data", counting_chart_data)
    view = make_view(qtbot, filled, prepare_ranges=prepare)
    if prepare:
        qtbot.waitUntil(lambda: len(computed) == len(ChartRange), timeout=5000)
    for _ in range(10):  # nothing more happens while idle
        QApplication.processEvents()
    idle = len(computed)
    view.set_range(ChartRange.ONE_YEAR)
    view.set_range(ChartRange.FOUR_WEEKS)
    if prepare:
        assert idle == len(ChartRange)  # all four, once each, before any click
        assert len(computed) == idle  # a switch only redraws
    else:
        assert idle == 1
        assert len(computed) == 3
    window = range_window(ChartRange.FOUR_WEEKS, TODAY, filled.first_day())
    assert view.chart.data is not None and view.chart.data.window == window


def test_empty_range_says_so(qtbot: QtBot, history: History) -> None:
    history.add_pain(PainEntry("old", at(TODAY - timedelta(days=200)), 5, PainContext.DAY))
    view = make_view(qtbot, history, initial_range=ChartRange.FOUR_WEEKS)
    assert view.chart.empty_text.isVisible()
    assert "Nothing logged" in view.chart.empty_text.toPlainText()
    view.set_range(ChartRange.ALL)
    assert not view.chart.empty_text.isVisible()


def test_theme_change_recolours_the_chart(qtbot: QtBot, filled: History) -> None:
    view = make_view(qtbot, filled)
    brush = view.chart.points[PainContext.MORNING].brush()
    assert brush.color().name() == theme.LIGHT.context(PainContext.MORNING)
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.DARK)  # type: ignore[arg-type]
    try:
        view.refresh_theme()
        brush = view.chart.points[PainContext.MORNING].brush()
        assert brush.color().name() == theme.DARK.context(PainContext.MORNING)
        assert view.chart.backgroundBrush().color().name() == theme.DARK.surface
        assert theme.DARK.context(PainContext.MORNING) in view.legend.text()
    finally:
        theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]


def test_main_window_builds_the_view_on_first_show_and_refreshes_it(
    make_window, qtbot: QtBot, history: History
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.history_view is None
    window.show_view("history")
    view = window.history_view
    assert isinstance(view, HistoryView)
    assert window.views["history"] is view and window.current_view() == "history"
    assert view.is_empty()
    entry = PainEntry("n1", Moment.now(), 5, PainContext.DAY)
    history.add_pain(entry)
    window.on_pain_dialog_logged(entry)  # what saving in the dialog does
    assert not view.is_empty() and view.model.rowCount() == 1
    window.undo_bar.undo()
    assert view.is_empty()
    window.on_settings_theme_changed(theme.ThemeMode.DARK)
    assert view.chart.backgroundBrush().color().name() == theme.DARK.surface
    window.on_settings_theme_changed(theme.ThemeMode.LIGHT)


@pytest.mark.slow
def test_pyqtgraph_stays_off_the_start_up_path(data_dir: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        from footcoach import paths
        paths.configure(sys.argv[1])
        from footcoach.app import build_window
        from footcoach.history import History
        with History.open(paths.data_dir()) as history:
            window = build_window(history, "light", persist=False)
            window.show()
            print("pyqtgraph" in sys.modules)
            window.show_view("history")
            print("pyqtgraph" in sys.modules)
            window.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.split() == ["False", "True"]


def test_the_headline_is_one_context_never_a_mix(qtbot: QtBot, history: History) -> None:
    # Morning 6 for 14 days; during-exercise 2 on the last 7: mixed, the last week would read
    # (6 + 2) / 2 = 4 against 6, "-33%, a meaningful improvement". Morning alone is flat.
    for k in range(14):
        day = TODAY - timedelta(days=13 - k)
        history.add_pain(PainEntry(f"m{k}", at(day, 7), 6, PainContext.MORNING))
        if k >= 7:
            history.add_pain(PainEntry(f"x{k}", at(day, 18), 2, PainContext.DURING_EXERCISE))
    view = make_view(qtbot, history)
    assert view.summary is not None and view.summary.headline_context is PainContext.MORNING
    text = view.summary_label.text()
    assert "Morning pain logged on 14 days" in text
    assert "all entries" not in text.lower() and "meaningful improvement" not in text


def test_the_direction_line_tops_the_summary(qtbot: QtBot, history: History) -> None:
    # Morning pain 6 for a week, then 3: a meaningful improvement. Daytime rises, but the
    # headline follows the mornings.
    for k in range(14):
        day = TODAY - timedelta(days=13 - k)
        history.add_pain(PainEntry(f"m{k}", at(day, 7), 6 if k < 7 else 3, PainContext.MORNING))
        history.add_pain(PainEntry(f"d{k}", at(day, 15), 2 if k < 7 else 5, PainContext.DAY))
    view = make_view(qtbot, history)
    assert view.summary_label.text().startswith("<h2>Morning pain: Improving.</h2>")
    assert view.summary_label.text().count("Improving.") == 1  # not again under Details


def test_levels_say_what_routine_suggest_says(qtbot: QtBot, history: History) -> None:
    from html import escape

    from footcoach.catalog import load_catalog
    from footcoach.records import SessionRecord, SetRecord, Side
    from footcoach.routines import RoutineStore

    store = RoutineStore(history, load_catalog(), now=lambda: at(TODAY - timedelta(days=20)))
    store.set_level("desk-break", 3, "Chosen earlier")
    for k, ago in enumerate((5, 3, 1)):
        day = TODAY - timedelta(days=ago)
        history.start_session(SessionRecord(f"s{k}", "desk-break", at(day, 18)))
        history.add_set(SetRecord(f"x{k}", f"s{k}", "toe-stretch", Side.BOTH, 1, at(day, 18), 2))
        history.finish_session(f"s{k}", at(day, 19), True)
        history.add_pain(PainEntry(f"a{k}", at(day, 19), 6, PainContext.AFTER_EXERCISE))
    view = make_view(qtbot, history)
    [(routine, suggestion)] = view.level_advice
    assert routine.id == "desk-break" and suggestion.action == "down"
    assert suggestion == RoutineStore(history, load_catalog()).suggest("desk-break", TODAY)
    text = view.summary_label.text()
    assert escape(suggestion.heading("Desk break")) in text
    assert escape(suggestion.explanation()) in text
