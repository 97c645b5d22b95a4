"""Every screen, every hand: the window fits the screen, keyboard paths, screen-reader names."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.fakes import FakeClock
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from footcoach import demo
from footcoach.catalog import Sides
from footcoach.history import History
from footcoach.timing import HoldPlan, Phase
from footcoach.ui.common.actions import ActionId
from footcoach.ui.common.keyboard_focus import KeyboardFocus
from footcoach.ui.mainwindow.main_window import MainWindow
from footcoach.ui.mainwindow.window_geometry import FRAME_ALLOWANCE, first_geometry, fit_to_screens
from footcoach.ui.timer import hold_timer
from footcoach.ui.timer.hold_timer import HoldTimerWidget

# -- fits the screen -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        (QRect(0, 0, 1366, 768), QSize(1280, 728)),  # the common laptop: 800 high does not fit
        (QRect(0, 0, 1280, 720), QSize(1264, 680)),
        (QRect(0, 0, 1280, 720 - 30), QSize(1264, 650)),  # 1920x1080 at 150 %, with a panel
        (QRect(0, 0, 900, 600), QSize(884, 560)),
        (QRect(0, 0, 2560, 1440), QSize(1280, 800)),
    ],
)
def test_first_window_fits_the_available_screen_centred(screen: QRect, expected: QSize) -> None:
    rect = first_geometry(screen)
    assert rect.size() == expected
    frame = rect.adjusted(-8, -32, 8, FRAME_ALLOWANCE.height() - 32)
    assert screen.contains(frame)
    assert abs(frame.center().x() - screen.center().x()) <= 1


def test_remembered_geometry_moves_onto_the_screens_present_now() -> None:
    laptop, monitor = QRect(0, 0, 1366, 768), QRect(1366, 0, 1920, 1080)
    on_monitor = QRect(1500, 100, 1600, 900)
    assert fit_to_screens(on_monitor, [laptop, monitor]) == on_monitor  # both plugged in
    fitted = fit_to_screens(on_monitor, [laptop])  # the monitor was unplugged
    assert laptop.contains(fitted)
    assert fitted.top() >= 32  # the title bar stays where it can be grabbed
    half_off = QRect(1000, 400, 800, 600)
    assert laptop.contains(fit_to_screens(half_off, [laptop]))


def test_the_window_opens_within_the_screen_and_restores_within_it(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    available = window.screen().availableGeometry()
    assert window.geometry() == first_geometry(available)
    window.show()
    window.setGeometry(QRect(available.right() + 400, 50, 700, 540))  # a screen since gone
    window.close()
    again = make_window()
    assert available.contains(again.geometry())


@pytest.mark.parametrize("size", [QSize(1366 - 16, 768 - 40), QSize(900 - 16, 600 - 40)])
def test_the_timer_buttons_stay_on_screen_in_a_small_window(make_window, size: QSize) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(size)
    window.show()
    QApplication.processEvents()
    inside = window.rect()
    for button in window.timer_pane.findChildren(QAbstractButton):
        if button.isHidden():
            continue
        box = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        assert inside.contains(box), (button.text(), box, inside)


# -- keyboard ----------------------------------------------------------------------------


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader gets: the interface's (a button's text) or the one set."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return name or widget.accessibleName()


def tab_walk(window: MainWindow, qtbot: QtBot) -> list[QWidget]:
    """Press Tab until the focus comes back round; the widgets focused, in order."""
    start = QApplication.focusWidget()
    assert start is not None and start.window() is window
    reached: list[QWidget] = []
    for _ in range(80):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is start or now in reached:
            break
        reached.append(now)
    else:
        pytest.fail("Tab never came back round: something keeps it")
    return [start, *reached]


def focusable(window: MainWindow) -> list[QWidget]:
    """Every control in the window that Tab should reach now."""
    tab = Qt.FocusPolicy.TabFocus
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisibleTo(window)
        and widget.isEnabled()
        and widget.focusPolicy() & tab == tab
        and widget.focusProxy() is None
    ]


@pytest.fixture
def filled(history: History) -> History:
    records = demo.generate(60, 1, end=date.today())
    history.add_records(pain=records.pain, sessions=records.sessions, sets=records.sets)
    return history


def open_routine_page(window: MainWindow, page: str) -> None:
    """Walk the routine view to ``page``: the list, the red-flag check (no answers yet), the
    pain check, a step, the summary."""
    window.show_view("routine")
    player = window.routine_player
    assert player is not None
    if page == "routine-list":
        return
    player.picker.start_button.click()
    if page == "red-flag-check":
        assert player.page() == "screening"
        return
    if page == "pain-check":
        return
    player.pain_check.choose(2)
    if page == "routine-step":
        return
    player.toggle_start_pause()
    player.on_session_end_requested()
    player.on_session_end_confirmed()
    player.pain_check.choose(2)
    assert player.page() == "summary"


ROUTINE_PAGES = ["routine-list", "red-flag-check", "pain-check", "routine-step", "session-summary"]


@pytest.mark.parametrize("view", ["exercises", "history", "settings", "welcome", *ROUTINE_PAGES])
def test_tab_reaches_every_control_and_each_has_a_name(  # type: ignore[no-untyped-def]
    make_window, filled: History, qtbot: QtBot, view: str, request: pytest.FixtureRequest
) -> None:
    if view in ROUTINE_PAGES and view != "red-flag-check":
        request.getfixturevalue("red_flags_answered")  # else every start asks them first
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    if view in ROUTINE_PAGES:
        open_routine_page(window, view)
    else:
        window.show_view(view)
    if view == "history":
        assert window.history_view is not None and not window.history_view.is_empty()
    QApplication.processEvents()
    reached = tab_walk(window, qtbot)
    missed = [w for w in focusable(window) if w not in reached]
    assert not missed, [f"{type(w).__name__} {accessible_name(w)!r}" for w in missed]
    unnamed = [type(w).__name__ for w in reached if not accessible_name(w).strip()]
    assert not unnamed
    toolbar_button = window.toolbar.widgetForAction(window.actions_by_id[ActionId.SHOW_HISTORY])
    assert toolbar_button in reached
    if view == "history":
        assert window.history_view is not None and window.history_view.table in reached
    if view == "exercises":
        assert window.timer_pane in reached
    player = window.routine_player
    expected = {
        "routine-list": lambda: [player.picker.list, player.picker.start_button],
        "red-flag-check": lambda: [  # Tab goes to each question's Yes; arrows reach No
            *(group.buttons()[0] for group in player.screening_view.red_flags.groups.values()),
            player.screening_view.cancel_button,
        ],
        "pain-check": lambda: [*player.pain_check.buttons, player.pain_check.skip_button],
        "routine-step": lambda: [
            player.session_view.step_list,
            player.session_view.next_button,
            player.session_view.end_button,
            player.timer,
        ],
        "session-summary": lambda: [player.summary_view.done_button],
    }
    if view in expected:
        assert not [w for w in expected[view]() if w not in reached]
    if view == "routine-step":  # shown but not focusable: still named for a screen reader
        assert player.session_view.progress_bar.accessibleName() == "Sets done"
        step_name = player.session_view.name.text()
        assert player.session_view.art.accessibleName() == f"Drawing: {step_name}"


@pytest.mark.usefixtures("red_flags_answered")
def test_enter_starts_a_routine_again_after_a_session(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    open_routine_page(window, "session-summary")
    player = window.routine_player
    assert player is not None
    assert QApplication.focusWidget() is player.summary_view.done_button
    player.summary_view.title.setFocus()  # focus elsewhere on the page: Enter still means Done
    qtbot.keyClick(player.summary_view.title, Qt.Key.Key_Return)
    assert player.page() == "picker"
    assert QApplication.focusWidget() is player.picker.list
    qtbot.keyClick(player.picker.list, Qt.Key.Key_Return)
    assert player.page() == "pain-check"


def searching(window: MainWindow, qtbot: QtBot, text: str) -> None:
    """Show ``window``, press Ctrl+F (the Find action) and type ``text``."""
    window.show()
    window.activateWindow()
    window.actions_by_id[ActionId.FIND].trigger()
    qtbot.waitUntil(window.exercise_list.search.hasFocus)
    qtbot.keyClicks(window.exercise_list.search, text)


def test_search_keys_go_to_the_list_and_back(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    searching(window, qtbot, "toe")
    panel = window.exercise_list
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.view.hasFocus() and panel.view.currentIndex().isValid()
    window.actions_by_id[ActionId.FIND].trigger()
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.view.hasFocus()
    window.actions_by_id[ActionId.FIND].trigger()
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.view.hasFocus()
    assert panel.proxy.rowCount() == panel.model.rowCount()


def test_space_in_search_types_between_words_else_starts_the_timer(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    searching(window, qtbot, "toe")
    panel = window.exercise_list
    qtbot.keyClick(panel.search, Qt.Key.Key_Space)
    assert panel.search.text() == "toe "
    assert window.timer_pane.state().phase is Phase.IDLE  # type: ignore[union-attr]
    panel.search.clear()
    qtbot.keyClick(panel.search, Qt.Key.Key_Space)
    assert panel.search.text() == ""
    assert window.timer_pane.state().phase is Phase.LEAD_IN  # type: ignore[union-attr]


def test_enter_in_the_list_starts_the_timer(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.exercise_list.view.hasFocus)
    qtbot.keyClick(window.exercise_list.view, Qt.Key.Key_Return)
    assert window.timer_pane.state().phase is Phase.LEAD_IN  # type: ignore[union-attr]


def test_a_focused_control_keeps_space_and_enter(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.activateWindow()
    window.show_view("settings")
    settings = window.settings_view
    settings.mute.setFocus()
    qtbot.waitUntil(settings.mute.hasFocus)
    qtbot.keyClick(settings.mute, Qt.Key.Key_Space)
    assert settings.mute.isChecked()  # pressed the check box ...
    assert window.timer_pane.state().phase is Phase.IDLE  # type: ignore[union-attr]  # ... only
    settings.lead_in.setFocus()
    with qtbot.waitSignal(settings.finished):
        qtbot.keyClick(settings.lead_in, Qt.Key.Key_Return)  # the page's default button
    assert window.current_view() == "exercises"
    history_button = window.toolbar.widgetForAction(window.actions_by_id[ActionId.SHOW_HISTORY])
    history_button.setFocus()
    qtbot.keyClick(history_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_view() == "history")


def test_enter_on_the_welcome_page_acknowledges_it(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(seen_safety_note=False)
    window.show()
    window.activateWindow()
    assert window.current_view() == "welcome"
    for group in window.safety_note.red_flags.groups.values():  # the questions come first
        group.button(0).setChecked(True)  # No to each
    window.safety_note.setFocus()  # the page, not its button
    qtbot.keyClick(window.safety_note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_view() == "exercises")


# Offscreen, an open menu cannot raise itself or grab the keyboard; it opens all the same.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_f10_opens_the_menus(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    action = window.actions_by_id[ActionId.OPEN_MENUS]
    assert [key.toString() for key in action.shortcuts()] == ["F10"]
    action.trigger()
    first = window.menuBar().actions()[0]
    assert window.menuBar().activeAction() is first
    assert first.menu().isVisible()
    first.menu().close()


def test_the_focus_ring_follows_the_focus(make_window, qtbot: QtBot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.activateWindow()
    ring = qapp.findChild(KeyboardFocus)
    assert ring is not None
    button = window.toolbar.widgetForAction(window.actions_by_id[ActionId.SHOW_HISTORY])
    button.setFocus()
    qtbot.waitUntil(lambda: ring.target is button)
    geometry = ring.ring_geometry()
    assert geometry is not None and geometry.contains(button.geometry())
    window.timer_pane.setFocus()  # a pane of a splitter: the ring must not become one
    qtbot.waitUntil(lambda: ring.target is window.timer_pane)
    assert window.splitter.count() == 3
    assert ring.ring_geometry() is not None


# -- screen readers ----------------------------------------------------------------------


def test_the_timer_announces_each_phase(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(hold_timer, "announce", lambda _widget, text: said.append(text))
    clock = FakeClock()
    widget = HoldTimerWidget(clock=clock)
    qtbot.addWidget(widget)
    plan = HoldPlan(
        sets=1,
        reps=2,
        hold_seconds=3.0,
        rest_between_reps=2.0,
        switch_seconds=2.0,
        lead_in_seconds=2.0,
        sides=Sides.EACH,
    )
    widget.load_plan(plan, "Toe stretch")
    widget.toggle_start_pause()
    while widget.state().phase is not Phase.FINISHED:  # type: ignore[union-attr]
        clock.advance(0.25)
        widget.tick()
    assert said[0] == "Get ready \u00b7 left foot"
    assert said[-1] == "Done"
    assert {"Hold \u2013 left foot", "Switch to your right foot"} <= set(said)
    assert any(text.startswith("Rest \u00b7 next:") for text in said)


def test_the_chart_has_a_text_alternative(make_window, filled: History, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.show_view("history")
    view = window.history_view
    assert view is not None
    qtbot.waitUntil(lambda: view.summary is not None)
    description = view.chart.accessibleDescription()
    assert view.summary is not None and view.summary.lines()[0] in description
    view.table.selectRow(0)
    entry = view.model.entry(0)
    details = view.chart.data.details(entry.at.local_date)  # type: ignore[union-attr]
    assert details is not None and details.text() in view.chart.accessibleDescription()
