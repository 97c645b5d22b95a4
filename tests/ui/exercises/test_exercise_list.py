"""The exercise list: a correct item model, filters, keyboard and sticky selection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from footcoach.catalog import Catalog, Kind, Position
from footcoach.ui.exercises.exercise_list import (
    ExerciseFilterProxy,
    ExerciseListModel,
    ExerciseListPane,
    ExerciseRole,
)


def visible_ids(pane: ExerciseListPane) -> list[str]:
    proxy = pane.proxy
    return [proxy.index(r, 0).data(ExerciseRole).id for r in range(proxy.rowCount())]


def test_models_pass_modeltester(qtmodeltester, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    model = ExerciseListModel(catalog.exercises)
    qtmodeltester.check(model)
    proxy = ExerciseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_position(Position.SEATED)
    qtmodeltester.check(proxy)


def test_filters_combine(qtbot: QtBot, catalog: Catalog) -> None:
    pane = ExerciseListPane(catalog.exercises)
    qtbot.addWidget(pane)
    pane.position_filter.setCurrentIndex(pane.position_filter.findData(Position.SEATED.value))
    seated = visible_ids(pane)
    assert seated and all(catalog.get(i).position is Position.SEATED for i in seated)
    pane.kind_filter.setCurrentIndex(pane.kind_filter.findData(Kind.STRETCH.value))
    assert visible_ids(pane) == ["toe-stretch"]
    pane.clear_filters()
    pane.equipment_filter.setCurrentIndex(
        pane.equipment_filter.findData(ExerciseFilterProxy.NO_EQUIPMENT)
    )
    assert visible_ids(pane) == ["heel-raises", "single-leg-balance", "heel-walks"]


def test_search_matches_words_in_name_purpose_and_equipment(qtbot: QtBot, catalog: Catalog) -> None:
    pane = ExerciseListPane(catalog.exercises)
    qtbot.addWidget(pane)
    qtbot.keyClicks(pane.search, "marble")
    assert visible_ids(pane) == ["marble-pickups"]
    pane.search.setText("wall")
    assert "calf-stretch" in visible_ids(pane)
    pane.search.setText("zzz")
    assert visible_ids(pane) == []
    assert not pane.empty_label.isHidden()


def test_selection_survives_filtering(qtbot: QtBot, catalog: Catalog) -> None:
    pane = ExerciseListPane(catalog.exercises)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.exercise_selected) as blocker:
        pane.select("calf-stretch")
    assert blocker.args[0].id == "calf-stretch"
    pane.search.setText("calf")
    assert pane.current_exercise_id() == "calf-stretch"
    pane.search.setText("towel")  # hides the calf stretch
    assert pane.current_exercise_id() == "calf-stretch"
    pane.search.clear()
    assert pane.view.currentIndex().data(ExerciseRole).id == "calf-stretch"


def test_keyboard_moves_the_selection(qtbot: QtBot, catalog: Catalog) -> None:
    pane = ExerciseListPane(catalog.exercises)
    qtbot.addWidget(pane)
    pane.show()
    pane.select("heel-raises")
    pane.view.setFocus()
    with qtbot.waitSignal(pane.exercise_selected) as blocker:
        qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    assert blocker.args[0].id == "towel-curls"
    qtbot.keyClick(pane.view, Qt.Key.Key_End)
    assert pane.current_exercise_id() == "calf-stretch"
