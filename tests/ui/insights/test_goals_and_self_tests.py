"""Function goals and self-tests as a person uses them: the dialogs and the history panel."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from helpers.fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from footcoach import function_goals as fg
from footcoach import self_tests as st
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry, Side
from footcoach.self_tests import SelfTestKind, StepState
from footcoach.ui.common import theme
from footcoach.ui.history.view import HistoryView
from footcoach.ui.insights.goal_editor import GoalEditorDialog
from footcoach.ui.insights.goal_rating import GoalRatingDialog
from footcoach.ui.insights.self_test_dialog import SelfTestDialog

TODAY = date(2026, 3, 9)


def at(day: date, hour: int = 19) -> Moment:
    return Moment.from_datetime(datetime.combine(day, time(hour), tzinfo=UTC))


def now() -> Moment:
    return at(TODAY)


def add_goals(history: History, *names: str) -> list[FunctionGoal]:
    goals = [
        FunctionGoal(f"g{n}", name, at(TODAY - timedelta(days=14), 9 + n))
        for n, name in enumerate(names)
    ]
    for goal in goals:
        history.add_goal(goal)
    return goals


# --------------------------------------------------------------------------- goals editor


def editor(qtbot: QtBot, history: History) -> GoalEditorDialog:
    dialog = GoalEditorDialog(history, now=now)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_name(qtbot: QtBot, dialog: GoalEditorDialog, text: str) -> None:
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, text)


def test_naming_a_goal_adds_it_and_enter_does_it_too(qtbot: QtBot, history: History) -> None:
    dialog = editor(qtbot, history)
    type_name(qtbot, dialog, "Walk to the station")
    with qtbot.waitSignal(dialog.goals_changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    type_name(qtbot, dialog, "Stand   through a meeting ")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert sorted(g.name for g in history.function_goals()) == [
        "Stand through a meeting",
        "Walk to the station",
    ]
    assert dialog.list.count() == 2 and dialog.name_edit.text() == ""


def test_a_bad_name_gets_one_clear_line_and_nothing_is_stored(
    qtbot: QtBot, history: History
) -> None:
    dialog = editor(qtbot, history)
    type_name(qtbot, dialog, "x" * 101)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "Activity: too long: 101 characters, at most 100."
    assert history.function_goals() == []


def test_at_most_three_active_goals_and_retiring_makes_room(qtbot: QtBot, history: History) -> None:
    add_goals(history, "Walk", "Stand", "Dance")
    dialog = editor(qtbot, history)
    type_name(qtbot, dialog, "Climb the stairs")
    assert not dialog.add_button.isEnabled()
    assert "retire one first" in dialog.add_button.toolTip()
    dialog.list.setCurrentRow(2)
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert [g.active for g in history.function_goals()] == [True, True, False]
    assert dialog.list.item(2).text() == "Dance (retired)"
    assert dialog.retire_button.text() == "Bring &back"
    assert dialog.add_button.isEnabled()
    type_name(qtbot, dialog, "Climb the stairs")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.list.setCurrentRow(3)  # Dance, retired: three are active again
    assert dialog.list.currentItem().text() == "Dance (retired)"
    assert not dialog.retire_button.isEnabled()


def test_rename_keeps_the_ratings(qtbot: QtBot, history: History) -> None:
    (walk,) = add_goals(history, "Walk to the station")
    history.add_goal_ratings([GoalRating("r1", walk.id, at(TODAY - timedelta(days=7)), 3)])
    dialog = editor(qtbot, history)
    dialog.list.setCurrentRow(0)
    type_name(qtbot, dialog, "Walk to the bus stop")
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    assert [g.name for g in history.function_goals()] == ["Walk to the bus stop"]
    assert [r.id for r in history.goal_ratings()] == ["r1"]


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_delete_asks_first_and_can_be_undone(
    qtbot: QtBot, history: History, monkeypatch: pytest.MonkeyPatch, answer: object
) -> None:
    (walk,) = add_goals(history, "Walk to the station")
    history.add_goal_ratings([GoalRating("r1", walk.id, at(TODAY - timedelta(days=7)), 3)])
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = editor(qtbot, history)
    deleted: list[tuple[object, object]] = []
    dialog.goal_deleted.connect(lambda goal, ratings: deleted.append((goal, ratings)))
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "and all its ratings" in asked[0]
    if answer == QMessageBox.StandardButton.No:
        assert history.function_goals() == [walk] and deleted == []
        return
    assert history.function_goals() == [] and history.goal_ratings() == []
    ((goal, ratings),) = deleted
    history.add_records(goals=[goal], goal_ratings=ratings)  # what Undo does
    assert history.function_goals() == [walk] and len(history.goal_ratings()) == 1


# --------------------------------------------------------------------------- ratings


def test_ratings_start_at_the_last_ones_and_save_one_round(qtbot: QtBot, history: History) -> None:
    walk, stand = add_goals(history, "Walk", "Stand")
    history.add_goal_ratings([GoalRating("r1", walk.id, at(TODAY - timedelta(days=7)), 3)])
    dialog = GoalRatingDialog(history, now=now)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.spins[walk.id].value() == 3  # last week's rating
    assert dialog.spins[stand.id].value() == 5  # never rated: the middle
    assert dialog.focusWidget() is dialog.spins[walk.id]
    qtbot.keyClick(dialog.spins[walk.id], Qt.Key.Key_Up)
    dialog.spins[stand.id].setValue(8)
    with qtbot.waitSignal(dialog.ratings_saved):
        qtbot.keyClick(dialog.spins[walk.id], Qt.Key.Key_Return)
    latest = {r.goal_id: r.score for r in history.goal_ratings() if r.at == now()}
    assert latest == {walk.id: 4, stand.id: 8}
    assert not fg.prompt_due(history, TODAY)


def test_skip_this_week_waits_a_week(qtbot: QtBot, history: History) -> None:
    add_goals(history, "Walk")
    assert fg.prompt_due(history, TODAY)
    dialog = GoalRatingDialog(history, now=now)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.skipped):
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert history.goal_ratings() == []
    assert not fg.prompt_due(history, TODAY + timedelta(days=6))
    assert fg.prompt_due(history, TODAY + timedelta(days=7))


# --------------------------------------------------------------------------- self-tests


def self_test_dialog(
    qtbot: QtBot, history: History, scores: tuple[int, ...] = ()
) -> tuple[SelfTestDialog, FakeClock]:
    clock = FakeClock()
    dialog = SelfTestDialog(history, scores, clock=clock, now=now)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, clock


def wait(dialog: SelfTestDialog, clock: FakeClock, seconds: float) -> None:
    """Time passes as the dialog's timer sees it (its QTimer would call tick)."""
    while seconds > 1e-9:
        step = min(0.25, seconds)
        clock.advance(step)
        seconds -= step
        dialog.tick()


def test_a_standing_test_from_start_to_stop(qtbot: QtBot, history: History) -> None:
    dialog, clock = self_test_dialog(qtbot, history)
    assert dialog.step_label.text() == "Single-leg standing · left foot"
    assert dialog.focusWidget() is dialog.start_button
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert dialog.timer.isActive() and dialog.start_button.text() == "&Stop"
    wait(dialog, clock, 2)
    assert dialog.clock_label.text() == "Get ready… 3"
    wait(dialog, clock, st.GET_READY_SECONDS - 2 + 17.5)
    assert dialog.clock_label.text() == "17 s"
    with qtbot.waitSignal(dialog.result_recorded):
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    stored = history.self_test_results()
    assert [(r.kind, r.side, r.value) for r in stored] == [
        (SelfTestKind.SINGLE_LEG_STAND, Side.LEFT, 17.5)
    ]
    assert not dialog.timer.isActive()
    assert dialog.step_label.text() == "Single-leg standing · right foot"
    assert dialog.done_label.text() == "Saved: single-leg standing, left: 18 s."


def test_marbles_then_the_count(qtbot: QtBot, history: History) -> None:
    dialog, clock = self_test_dialog(qtbot, history)
    for _ in range(2):
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert dialog.run.step.kind is SelfTestKind.MARBLES
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.start_button.isEnabled()  # the 30 s run out on their own
    wait(dialog, clock, st.GET_READY_SECONDS + 10)
    assert dialog.clock_label.text() == "20 s left"
    wait(dialog, clock, 20)
    assert dialog.run.state is StepState.COUNT and dialog.count_box.isVisible()
    assert dialog.count_label.text() == "&Marbles in the bowl:"
    dialog.count_spin.setValue(11)
    qtbot.mouseClick(dialog.save_count_button, Qt.MouseButton.LeftButton)
    assert [(r.kind, r.value) for r in history.self_test_results()] == [
        (SelfTestKind.MARBLES, 11.0)
    ]


def test_heel_raises_carry_the_forefoot_caution(qtbot: QtBot, history: History) -> None:
    dialog, _clock = self_test_dialog(qtbot, history, scores=(5,))
    for _ in range(4):
        dialog.on_skip_clicked()
    assert dialog.run.step.kind is SelfTestKind.HEEL_RAISES
    assert dialog.caution.isVisible() and "stop at once" in dialog.caution.text()
    assert not dialog.left_out.isVisible()
    dialog.on_start_clicked()
    assert dialog.count_box.isVisible() and not dialog.clock_label.isVisible()
    dialog.count_spin.setValue(16)
    dialog.on_save_count_clicked()
    dialog.on_skip_clicked()
    assert dialog.run.finished and dialog.close_button.text() == "Done"


def test_on_a_day_of_severe_pain_heel_raises_are_left_out(qtbot: QtBot, history: History) -> None:
    dialog, _clock = self_test_dialog(qtbot, history, scores=(7,))
    assert dialog.left_out.isVisible() and "severe pain" in dialog.left_out.text()
    assert dialog.progress_label.text() == "Test 1 of 4"


def test_closing_during_a_test_stops_the_timer_and_keeps_what_was_done(
    qtbot: QtBot, history: History
) -> None:
    dialog, clock = self_test_dialog(qtbot, history)
    dialog.on_start_clicked()
    wait(dialog, clock, st.GET_READY_SECONDS + 70)  # the 60 s cap stops it
    dialog.on_start_clicked()
    wait(dialog, clock, 3)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.timer.isActive()
    assert [r.value for r in history.self_test_results()] == [60.0]


# --------------------------------------------------------------------------- history panel


def history_view(qtbot: QtBot, history: History) -> HistoryView:
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    view = HistoryView(history, today=lambda: TODAY, prepare_ranges=False)
    view.insights.now = now
    qtbot.addWidget(view)
    view.resize(1200, 760)
    with qtbot.waitSignal(view.summary_shown):
        view.show()
    return view


def test_the_panel_shows_goals_and_self_tests_and_offers_what_is_due(
    qtbot: QtBot, history: History
) -> None:
    history.add_pain(PainEntry("p", at(TODAY, 8), 4, PainContext.MORNING))
    walk, _stand = add_goals(history, "Walk to the station", "Stand through a meeting")
    history.add_goal_ratings(
        [
            GoalRating("r1", walk.id, at(TODAY - timedelta(days=14)), 3),
            GoalRating("r2", walk.id, at(TODAY - timedelta(days=7)), 5),
        ]
    )
    view = history_view(qtbot, history)
    panel = view.insights
    assert "Walk to the station: 3 → 5 (+2, a meaningful change)." in panel.goals_text.text()
    assert "Stand through a meeting: not rated yet." in panel.goals_text.text()
    assert [s.goal.id for s in panel.chart.series] == [walk.id, "g1"]
    assert panel.goals_prompt.isVisible()  # a week since the last rating
    assert panel.tests_prompt.isVisible()  # never taken
    with qtbot.waitSignal(view.summary_shown):
        qtbot.mouseClick(panel.skip_tests_button, Qt.MouseButton.LeftButton)
    assert not panel.tests_prompt.isVisible() and panel.goals_prompt.isVisible()
    history.add_self_test(st.SelfTestResult("t", SelfTestKind.MARBLES, Side.RIGHT, at(TODAY), 9))
    view.refresh()
    qtbot.waitUntil(lambda: view.summary is not None and bool(view.summary.self_tests))
    assert "9 marbles" in panel.tests_text.text()


def test_rate_now_opens_the_ratings_without_blocking(qtbot: QtBot, history: History) -> None:
    history.add_pain(PainEntry("p", at(TODAY, 8), 4, PainContext.MORNING))
    add_goals(history, "Walk")
    view = history_view(qtbot, history)
    qtbot.mouseClick(view.insights.rate_now_button, Qt.MouseButton.LeftButton)
    dialog = view.insights.dialog
    assert isinstance(dialog, GoalRatingDialog) and dialog.isVisible()
    with qtbot.waitSignal(view.summary_shown):
        dialog.save()
    assert not view.insights.goals_prompt.isVisible()


def test_the_goals_chart_draws_each_goal_in_its_colour(qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor

    from footcoach.ui.insights.goals_chart import FunctionGoalsChart

    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    walk = FunctionGoal("w", "Walk", at(TODAY - timedelta(days=30)))
    old = FunctionGoal("o", "Dance", at(TODAY - timedelta(days=30)), retired=at(TODAY))
    series = fg.goal_series(
        [walk, old],
        [
            GoalRating("a", "w", at(TODAY - timedelta(days=21)), 2),
            GoalRating("b", "w", at(TODAY - timedelta(days=7)), 9),
        ],
        TODAY,
    )
    chart = FunctionGoalsChart()
    qtbot.addWidget(chart)
    chart.resize(400, 140)
    chart.set_series(series, TODAY)
    assert chart.span() == (TODAY - timedelta(days=28), TODAY)  # at least four weeks
    assert chart.accessibleDescription() == "Walk: 2, 9"
    image = chart.grab().toImage()
    first = QColor(theme.colors().series[0]).rgb()
    found = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    assert first in found
