"""The routine editor, the picker's routine buttons and the File menu's routine files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from footcoach.catalog import Catalog, Dose, Sides
from footcoach.history import History
from footcoach.records import Side
from footcoach.routines import (
    Routine,
    RoutineStep,
    RoutineStore,
    effective_dose,
    routine_seconds,
    routine_seconds_at,
)
from footcoach.ui.common.actions import ActionId
from footcoach.ui.mainwindow.main_window import MainWindow
from footcoach.ui.routine.editor import RoutineEditor, RoutineStepsModel, duration_text
from footcoach.ui.routine.picker import BUILTIN_NOTE

LEAD_IN = 5.0
MINE = Routine(
    id="my-routine",
    name="My routine",
    steps=(
        RoutineStep("toe-spread"),
        RoutineStep("towel-curls", Dose(2, 6, 20, Sides.BOTH, rep_seconds=2)),
        RoutineStep("calf-stretch", side_order=(Side.RIGHT, Side.LEFT), note="Gently"),
    ),
    note="Stop if it burns.",
)


def ids(steps: tuple[RoutineStep, ...]) -> list[str]:
    return [step.exercise_id for step in steps]


@pytest.fixture
def store(history: History, catalog: Catalog) -> RoutineStore:
    routines = RoutineStore(history, catalog)
    routines.save(MINE)
    return routines


@pytest.fixture
def make_editor(qtbot: QtBot, store: RoutineStore) -> Callable[..., RoutineEditor]:
    """Editors on the test's store; closed with ``done`` at the end (no Discard question)."""

    def make(routine: Routine | None = MINE, level: int | None = None) -> RoutineEditor:
        editor = RoutineEditor(store, routine, level=level, lead_in_seconds=LEAD_IN)
        qtbot.addWidget(editor, before_close_func=lambda e: e.done(0))
        editor.show()
        return editor

    return make


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal box would wait for a click forever: fail instead."""
    monkeypatch.setattr(QMessageBox, "question", never_asked)
    monkeypatch.setattr(QMessageBox, "exec", never_asked)


@pytest.fixture
def routine_window(make_window: Callable[..., MainWindow], store: RoutineStore) -> MainWindow:
    window = make_window()
    window.show_view("routine")
    window.show()
    return window


def picker_names(window: MainWindow) -> list[str]:
    assert window.routine_player is not None
    return [c.routine.name for c in window.routine_player.picker._choices]


def current_name(window: MainWindow) -> str:
    assert window.routine_player is not None
    choice = window.routine_player.picker.current()
    assert choice is not None
    return choice.routine.name


def never_asked(*_args: object) -> None:
    raise AssertionError("nothing should be asked here")


# --- the steps model ---------------------------------------------------------------------


def test_steps_model_passes_qtmodeltester(qtmodeltester, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    model = RoutineStepsModel(catalog, MINE.steps)
    qtmodeltester.check(model)
    model.insert_step(1, RoutineStep("heel-raises"))
    model.move_step(0, 1)
    model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 4)
    model.remove_step(2)
    model.set_step(0, RoutineStep("foot-roll"))
    model.set_level(1)
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_steps_model_moves_rows_and_refuses_impossible_moves(catalog: Catalog) -> None:
    model = RoutineStepsModel(catalog, MINE.steps)
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert ids(model.steps()) == ["towel-curls", "calf-stretch", "toe-spread"]
    assert model.data(model.index(0)).startswith("Towel curls\n")
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 1)  # onto itself
    assert not model.moveRows(QModelIndex(), 2, 2, QModelIndex(), 0)  # past the end
    assert not model.moveRows(model.index(0), 0, 1, QModelIndex(), 2)  # a list has no children
    assert model.move_step(0, -1) == 0  # already first
    assert model.removeRows(0, 1) is False  # only remove_step removes: a drop never deletes


def test_drag_and_drop_mime_round_trip(catalog: Catalog) -> None:
    model = RoutineStepsModel(catalog, MINE.steps)
    mime = model.mimeData([model.index(0)])
    assert mime.hasFormat(model.mimeTypes()[0])
    move = Qt.DropAction.MoveAction
    assert model.canDropMimeData(mime, move, 3, 0, QModelIndex())
    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, 3, 0, QModelIndex())
    assert model.dropMimeData(mime, move, 3, 0, QModelIndex())  # after the last row
    assert ids(model.steps()) == ["towel-curls", "calf-stretch", "toe-spread"]

    back = model.mimeData([model.index(2)])
    assert model.dropMimeData(back, move, 0, 0, QModelIndex())  # before the first row
    assert ids(model.steps()) == ids(MINE.steps)

    to_end = model.mimeData([model.index(1)])
    assert model.dropMimeData(to_end, move, -1, -1, QModelIndex())  # on the empty space
    assert ids(model.steps()) == ["toe-spread", "calf-stretch", "towel-curls"]

    other = RoutineStepsModel(catalog, MINE.steps)  # another routine's steps are not ours
    foreign = other.mimeData([other.index(0)])
    assert not model.canDropMimeData(foreign, move, 0, 0, QModelIndex())
    assert not model.dropMimeData(foreign, move, 0, 0, QModelIndex())
    assert ids(model.steps()) == ["toe-spread", "calf-stretch", "towel-curls"]


def test_step_list_drags_within_itself(make_editor: Callable[..., RoutineEditor]) -> None:
    view = make_editor().step_view
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    assert view.defaultDropAction() == Qt.DropAction.MoveAction
    assert view.model().flags(view.model().index(0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not view.model().flags(view.model().index(0)) & Qt.ItemFlag.ItemIsDropEnabled


# --- the editor --------------------------------------------------------------------------


def test_reorder_by_keyboard_and_buttons(
    qtbot: QtBot, make_editor: Callable[..., RoutineEditor]
) -> None:
    editor = make_editor()
    view = editor.step_view
    assert editor.current_row() == 0
    assert not editor.up_button.isEnabled() and editor.down_button.isEnabled()

    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert ids(editor.model.steps()) == ["towel-curls", "toe-spread", "calf-stretch"]
    assert editor.current_row() == 1  # the moved step stays selected
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert ids(editor.model.steps()) == ["towel-curls", "calf-stretch", "toe-spread"]
    assert editor.current_row() == 2 and not editor.down_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # already last
    assert editor.current_row() == 2
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert ids(editor.model.steps()) == ["towel-curls", "toe-spread", "calf-stretch"]

    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert ids(editor.model.steps()) == ids(MINE.steps)
    assert editor.current_row() == 0
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert ids(editor.model.steps())[1] == "toe-spread"
    qtbot.keyClick(view, Qt.Key.Key_Up)  # a plain arrow only moves the selection
    assert editor.current_row() == 0 and ids(editor.model.steps())[1] == "toe-spread"
    accessible = editor.model.data(editor.model.index(0), Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.startswith("Towel curls, ")
    assert editor.is_modified()


def test_add_and_remove_steps_update_the_total(
    qtbot: QtBot, make_editor: Callable[..., RoutineEditor], catalog: Catalog
) -> None:
    editor = make_editor()

    def shown_total() -> str:
        seconds = routine_seconds(editor.routine(), catalog, LEAD_IN)
        return duration_text(seconds)

    assert shown_total() in editor.total_label.text()
    assert "3 exercises" in editor.total_label.text()
    before = editor.total_seconds()

    editor.select_row(0)
    editor.add_box.setCurrentIndex(catalog.ids().index("heel-raises"))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert ids(editor.model.steps())[1] == "heel-raises"  # after the selected step
    assert editor.current_row() == 1
    assert editor.step_title.text() == "2. Heel raises"
    assert editor.total_seconds() > before
    assert shown_total() in editor.total_label.text()
    assert "4 exercises" in editor.total_label.text()

    qtbot.keyClick(editor.step_view, Qt.Key.Key_Delete)
    assert ids(editor.model.steps()) == ids(MINE.steps)
    assert editor.total_seconds() == pytest.approx(before)
    for _ in range(3):
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 0
    assert editor.total_label.text() == "No exercises yet"
    assert not editor.step_form.isVisible() and editor.empty_label.isVisible()
    assert not editor.remove_button.isEnabled()


def test_change_a_dose_within_the_catalogue_ranges(
    qtbot: QtBot, make_editor: Callable[..., RoutineEditor], catalog: Catalog
) -> None:
    editor = make_editor()
    editor.select_row(1)  # towel curls: 2 sets x 6 reps at a 2 s pace, both feet
    assert (editor.sets_box.value(), editor.reps_box.value()) == (2, 6)
    assert editor.kind_box.currentIndex() == 1 and editor.seconds_box.maximum() == 60
    assert not editor.order_box.isEnabled()  # both feet together: no foot goes first
    total = editor.total_seconds()

    editor.sets_box.selectAll()
    qtbot.keyClicks(editor.sets_box, "0")
    assert editor.dose_message.isVisible()
    assert editor.dose_message.text() == "0 is not possible here: Sets can be 1 to 10."
    qtbot.keyClick(editor.sets_box, Qt.Key.Key_Return)
    assert editor.sets_box.value() == 2
    assert editor.model.step(1) == MINE.steps[1]  # nothing changed
    assert editor.isVisible()  # Enter never saves and closes

    editor.sets_box.selectAll()
    qtbot.keyClicks(editor.sets_box, "4")
    assert not editor.dose_message.isVisible()
    assert editor.model.step(1).dose == Dose(4, 6, 20, Sides.BOTH, rep_seconds=2)
    assert editor.total_seconds() > total
    assert duration_text(editor.total_seconds()) in editor.total_label.text()
    assert "4 sets" in editor.model.dose_text(1)

    editor.rest_box.selectAll()
    qtbot.keyClicks(editor.rest_box, "700")  # 70 is fine, 700 is refused as it is typed
    assert editor.rest_box.value() == 70
    assert editor.dose_message.text().endswith("Rest can be 0 to 600 seconds.")

    editor.kind_box.setCurrentIndex(0)  # each rep becomes a timed hold
    assert editor.seconds_box.maximum() == 300
    dose = editor.model.step(1).dose
    assert dose is not None and dose.is_hold and dose.rep_seconds is None
    editor.seconds_box.selectAll()
    qtbot.keyClicks(editor.seconds_box, "25")
    assert editor.model.step(1).dose.hold_seconds == 25  # type: ignore[union-attr]

    editor.sides_box.setCurrentIndex(0)
    assert editor.order_box.isEnabled()
    editor.order_box.setCurrentIndex(1)
    assert editor.model.step(1).side_order == (Side.RIGHT, Side.LEFT)
    editor.step_note_edit.setText("Slowly")
    assert editor.model.step(1).note == "Slowly"

    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert editor.model.step(1).dose is None
    assert editor.sets_box.value() == catalog.get("towel-curls").dose.sets


def test_the_level_shown_is_the_persons(
    make_editor: Callable[..., RoutineEditor], catalog: Catalog
) -> None:
    editor = make_editor(level=1)
    gentle = effective_dose(MINE.steps[0], catalog, 1).describe()
    assert editor.level_label.text() == f"At level 1: {gentle}"
    assert gentle in editor.model.data(editor.model.index(0))
    seconds = routine_seconds_at(MINE, catalog, 1, LEAD_IN)
    assert editor.total_label.text().startswith(f"Total {duration_text(seconds)}")
    assert editor.total_label.text().endswith("level 1")


def test_clinician_level_doses_are_named_and_kept(
    make_editor: Callable[..., RoutineEditor], store: RoutineStore
) -> None:
    step = RoutineStep("toe-spread", level_doses=((1, Dose(1, 2, 10, Sides.EACH, 5)),))
    prescribed = Routine("prescribed", "Prescribed", (step,))
    store.save(prescribed)
    editor = make_editor(prescribed)
    assert editor.level_doses_label.isVisible()
    assert "level 1" in editor.level_doses_label.text()
    editor.sets_box.setValue(3)
    assert editor.model.step(0).level_doses == step.level_doses


def test_save_stores_the_routine_and_problems_keep_the_dialog_open(
    qtbot: QtBot, make_editor: Callable[..., RoutineEditor], store: RoutineStore
) -> None:
    editor = make_editor()
    editor.name_edit.setText("Desk break")  # a built-in routine's name
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.error_label.isVisible()
    assert "already exists" in editor.error_label.text()

    editor.name_edit.setText("Renamed routine")
    assert not editor.error_label.isVisible()
    qtbot.keyClick(editor.step_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(editor.routine_saved) as saved:
        editor.save_action.trigger()  # Ctrl+S
    assert not editor.isVisible()
    stored = store.get(MINE.id)
    assert saved.args == [stored]
    assert stored.name == "Renamed routine"
    assert ids(stored.steps) == ["towel-curls", "toe-spread", "calf-stretch"]
    assert stored.note == MINE.note


def test_a_new_routine_needs_a_name_and_steps(
    qtbot: QtBot, make_editor: Callable[..., RoutineEditor], store: RoutineStore
) -> None:
    editor = make_editor(None)
    assert editor.is_new and not editor.is_modified()
    assert editor.step_title.text() == "Add your first exercise"
    editor.name_edit.setText("Evening")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "has no steps" in editor.error_label.text()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 1 and editor.step_form.isVisible()
    assert editor.save()
    assert store.find("Evening") is not None
    assert store.find("Evening").id == "evening"  # type: ignore[union-attr]


def test_escape_with_changes_asks_first(
    qtbot: QtBot,
    make_editor: Callable[..., RoutineEditor],
    store: RoutineStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", never_asked)
    untouched = make_editor()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible()  # nothing changed: nothing to ask

    editor = make_editor()
    qtbot.keyClick(editor.step_view, Qt.Key.Key_Delete)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def question(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
            asked.append(title)
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"] and editor.isVisible()
    assert editor.model.rowCount() == 2  # still editing, nothing lost
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert store.get(MINE.id) == MINE  # nothing was saved


# --- the picker's buttons ----------------------------------------------------------------


def test_builtin_routines_can_only_be_duplicated(routine_window: MainWindow) -> None:
    player = routine_window.routine_player
    assert player is not None
    picker = player.picker
    assert picker.select("daily-foot-routine")
    for button in (picker.edit_button, picker.rename_button, picker.delete_button):
        assert not button.isEnabled()
        assert button.toolTip() == BUILTIN_NOTE
    assert picker.duplicate_button.isEnabled()
    assert picker.builtin_note.isVisible()
    assert routine_window.routine_library.edit(picker.current().routine) is None  # type: ignore[union-attr]

    assert picker.select(MINE.id)
    for button in (picker.edit_button, picker.rename_button, picker.delete_button):
        assert button.isEnabled() and button.toolTip() != BUILTIN_NOTE
    assert not picker.builtin_note.isVisible()


def test_create_a_routine_from_the_picker(
    qtbot: QtBot, routine_window: MainWindow, store: RoutineStore
) -> None:
    player = routine_window.routine_player
    assert player is not None
    qtbot.mouseClick(player.picker.new_button, Qt.MouseButton.LeftButton)
    editor = routine_window.routine_library.editor
    assert editor is not None and editor.isVisible() and editor.is_new
    editor.name_edit.setText("Lunch break")
    for exercise in ("toe-spread", "foot-roll"):
        editor.add_box.setCurrentIndex(store.catalog.ids().index(exercise))
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert routine_window.routine_library.editor is None
    created = store.find("Lunch break")
    assert created is not None and ids(created.steps) == ["toe-spread", "foot-roll"]
    assert "Lunch break" in picker_names(routine_window)
    assert current_name(routine_window) == "Lunch break"


def test_edit_from_the_picker_saves_and_lists_again(
    qtbot: QtBot, routine_window: MainWindow, store: RoutineStore
) -> None:
    player = routine_window.routine_player
    assert player is not None and player.picker.select(MINE.id)
    qtbot.mouseClick(player.picker.edit_button, Qt.MouseButton.LeftButton)
    editor = routine_window.routine_library.editor
    assert editor is not None and ids(editor.model.steps()) == ids(MINE.steps)
    assert routine_window.routine_library.new_routine() is editor  # one editor at a time
    editor.select_row(2)
    qtbot.keyClick(editor.step_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    editor.save_action.trigger()
    assert ids(store.get(MINE.id).steps) == ["toe-spread", "calf-stretch", "towel-curls"]
    assert current_name(routine_window) == MINE.name
    assert player.picker.current().steps[1][0] == "Calf stretch"  # type: ignore[union-attr]


def test_rename_and_duplicate_from_the_picker(
    qtbot: QtBot, routine_window: MainWindow, store: RoutineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    player = routine_window.routine_player
    assert player is not None
    picker = player.picker
    answers = iter([("Morning", True), ("My daily routine", True), ("Morning", True), ("", False)])
    asked: list[str] = []

    def get_text(_parent: object, _title: str, label: str, _echo: object, text: str):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    warnings: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))

    assert picker.select(MINE.id)
    qtbot.mouseClick(picker.rename_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == MINE.name
    assert store.get(MINE.id).name == "Morning"
    assert current_name(routine_window) == "Morning"

    assert picker.select("daily-foot-routine")
    qtbot.mouseClick(picker.duplicate_button, Qt.MouseButton.LeftButton)
    assert asked[-1] == "Daily foot routine (2)"  # a free name is offered
    copy = store.find("My daily routine")
    assert copy is not None and not copy.builtin
    assert copy.steps == store.get("daily-foot-routine").steps
    assert current_name(routine_window) == "My daily routine"

    qtbot.mouseClick(picker.duplicate_button, Qt.MouseButton.LeftButton)  # "Morning" is taken
    assert warnings and "already exists" in warnings[-1]
    count = len(store.custom())
    qtbot.mouseClick(picker.duplicate_button, Qt.MouseButton.LeftButton)  # cancelled
    assert len(store.custom()) == count


def test_delete_offers_undo(
    qtbot: QtBot, routine_window: MainWindow, store: RoutineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", never_asked)  # undo, not a confirmation
    player = routine_window.routine_player
    assert player is not None and player.picker.select(MINE.id)
    qtbot.mouseClick(player.picker.delete_button, Qt.MouseButton.LeftButton)
    assert store.find(MINE.id) is None
    assert MINE.name not in picker_names(routine_window)
    bar = routine_window.undo_bar
    assert bar.is_offering() and MINE.name in bar.message.text()

    qtbot.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton)
    assert store.get(MINE.id) == MINE
    assert current_name(routine_window) == MINE.name
    assert not bar.is_offering()


# --- routine files through the File menu -------------------------------------------------


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Message boxes write into lists instead of waiting for a click."""
    shown: dict[str, list[str]] = {"information": [], "warning": []}
    for kind, messages in shown.items():
        monkeypatch.setattr(
            QMessageBox, kind, lambda _p, _t, text, messages=messages: messages.append(text)
        )
    return shown


def test_export_then_import_through_the_menu(
    routine_window: MainWindow,
    store: RoutineStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: dict[str, list[str]],
) -> None:
    a = routine_window.actions_by_id
    file_menu = routine_window.menuBar().actions()[0].menu()
    assert a[ActionId.IMPORT_ROUTINE] in file_menu.actions()  # type: ignore[union-attr]
    assert a[ActionId.EXPORT_ROUTINE] in file_menu.actions()  # type: ignore[union-attr]

    player = routine_window.routine_player
    assert player is not None and player.picker.select(MINE.id)
    offered: list[int] = []

    def get_item(_p: object, _t: str, _l: str, names: list[str], current: int, _e: bool):  # type: ignore[no-untyped-def]
        offered.append(current)
        return names[current], True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    out = tmp_path / "export" / "plan"  # no suffix: .toml is added
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    a[ActionId.EXPORT_ROUTINE].trigger()
    written = out.with_name("plan.toml")
    assert written.is_file() and 'name = "My routine"' in written.read_text()
    assert offered == [[r.id for r in store.all()].index(MINE.id)]  # the picker's routine
    assert dialogs["information"] and str(written) in dialogs["information"][-1]

    store.delete(MINE.id)
    routine_window.show_view("exercises")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(written), ""))
    a[ActionId.IMPORT_ROUTINE].trigger()
    assert store.get(MINE.id) == MINE  # the round trip gives the same routine
    assert routine_window.current_view() == "routine"
    assert current_name(routine_window) == MINE.name
    assert "My routine" in dialogs["information"][-1]

    library = routine_window.routine_library
    monkeypatch.setattr(library, "ask_name_clash", lambda name, can_replace: "keep")
    a[ActionId.IMPORT_ROUTINE].trigger()
    assert store.find("My routine (2)") is not None
    assert current_name(routine_window) == "My routine (2)"
    monkeypatch.setattr(library, "ask_name_clash", lambda name, can_replace: "replace")
    a[ActionId.IMPORT_ROUTINE].trigger()
    monkeypatch.setattr(library, "ask_name_clash", lambda name, can_replace: "cancel")
    a[ActionId.IMPORT_ROUTINE].trigger()
    assert sorted(r.name for r in store.custom()) == ["My routine", "My routine (2)"]
    assert not dialogs["warning"]


BAD_FILE = """\
format = "footcoach-routine"
version = 1
name = "From the clinic"

[[steps]]
exercise = "toe-spread"

[[steps]]
exercise = "toe-lifts"
"""


def test_a_bad_file_names_line_and_field_and_writes_nothing(
    routine_window: MainWindow,
    store: RoutineStore,
    history: History,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: dict[str, list[str]],
) -> None:
    bad = tmp_path / "plan.toml"
    bad.write_text(BAD_FILE, encoding="utf-8")
    rows = history.routine_rows()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    routine_window.actions_by_id[ActionId.IMPORT_ROUTINE].trigger()
    assert not dialogs["information"]
    message = dialogs["warning"][-1]
    assert "line 9" in message and "field 'exercise'" in message and "toe-lifts" in message
    assert "unchanged" in message
    assert history.routine_rows() == rows
    assert store.find("From the clinic") is None
    assert not store.images_dir.exists()

    bad.write_text(BAD_FILE.replace('"toe-lifts"', '"foot-roll"\nimage = "missing.png"'))
    routine_window.actions_by_id[ActionId.IMPORT_ROUTINE].trigger()
    assert "line 10" in dialogs["warning"][-1] and "field 'image'" in dialogs["warning"][-1]
    assert history.routine_rows() == rows and not store.images_dir.exists()


def test_cancelled_file_dialogs_do_nothing(
    routine_window: MainWindow,
    store: RoutineStore,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: dict[str, list[str]],
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("", False))
    a = routine_window.actions_by_id
    a[ActionId.IMPORT_ROUTINE].trigger()
    a[ActionId.EXPORT_ROUTINE].trigger()
    assert routine_window.routine_library.export_routine(MINE) is None
    assert dialogs == {"information": [], "warning": []}
    assert store.custom() == (MINE,)
