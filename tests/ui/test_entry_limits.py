"""The GUI's doors keep the limits of ``footcoach.limits``, in the same words as the CLI."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from footcoach.catalog import Catalog
from footcoach.history import History
from footcoach.limits import MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_STEPS
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.routines import Routine, RoutineStep, RoutineStore
from footcoach.ui.history.pain_entry import PainEntryDialog
from footcoach.ui.routine.editor import RoutineEditor

MORNING = Moment.from_datetime(datetime(2025, 6, 3, 7, 30, tzinfo=UTC))


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    return said


def pain_dialog(qtbot: QtBot, history: History, entry: PainEntry | None = None) -> PainEntryDialog:
    dialog = PainEntryDialog(history, entry=entry, now=lambda: MORNING)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_pain_note_refuses_what_import_refuses(
    qtbot: QtBot, history: History, warnings: list[str]
) -> None:
    dialog = pain_dialog(qtbot, history)
    dialog.scale.set_score(4)
    dialog.note.setText("clear\x1b[2J screen")
    dialog.save()
    assert warnings == ["Note: control character U+001B is not allowed"]
    assert dialog.isVisible() and history.pain_entries() == []
    dialog.note.setText("-1+1 since the walk")
    dialog.save()
    assert [entry.note for entry in history.pain_entries()] == ["-1+1 since the walk"]


def test_editing_keeps_a_note_of_the_full_length(qtbot: QtBot, history: History) -> None:
    # log-pain and import allow 10,000 characters; the dialog used to cut an edit to 500.
    note = "x" * MAX_NOTE_CHARS
    entry = PainEntry("long", MORNING, 3, PainContext.DAY, note)
    history.add_pain(entry)
    dialog = pain_dialog(qtbot, history, entry)
    assert dialog.note.maxLength() == MAX_NOTE_CHARS
    dialog.scale.set_score(5)
    dialog.save()
    assert history.pain_entries()[0].note == note


def editor(qtbot: QtBot, history: History, catalog: Catalog) -> RoutineEditor:
    store = RoutineStore(history, catalog)
    dialog = RoutineEditor(store, None, lead_in_seconds=5.0)
    qtbot.addWidget(dialog, before_close_func=lambda e: e.done(0))
    dialog.show()
    return dialog


def test_the_editor_refuses_a_look_alike_of_a_built_in_name(
    qtbot: QtBot, history: History, catalog: Catalog
) -> None:
    dialog = editor(qtbot, history, catalog)
    assert dialog.name_edit.maxLength() == MAX_NAME_CHARS
    dialog.name_edit.setText("Desk\u00a0break")
    dialog.add_exercise("toe-spread")
    assert not dialog.save()
    assert dialog.error_label.text() == "A routine named 'Desk break' already exists"
    dialog.name_edit.setText("Desk  break\u00a0at work")
    assert dialog.save()
    assert dialog.saved_routine is not None
    assert dialog.saved_routine.name == "Desk break at work"


def test_the_editor_refuses_control_characters_in_the_note(
    qtbot: QtBot, history: History, catalog: Catalog
) -> None:
    dialog = editor(qtbot, history, catalog)
    dialog.name_edit.setText("Bell")
    dialog.note_edit.setPlainText("ring\x07")
    dialog.add_exercise("toe-spread")
    assert not dialog.save()
    assert dialog.error_label.text() == "Note: control character U+0007 is not allowed"


def test_the_editor_stops_adding_at_the_step_limit(
    qtbot: QtBot, history: History, catalog: Catalog
) -> None:
    store = RoutineStore(history, catalog)
    full = Routine("full", "Full", (RoutineStep("toe-spread"),) * MAX_STEPS)
    dialog = RoutineEditor(store, store.save(full), lead_in_seconds=5.0)
    qtbot.addWidget(dialog, before_close_func=lambda e: e.done(0))
    dialog.show()
    assert not dialog.add_button.isEnabled()
    assert dialog.add_button.toolTip() == "A routine has at most 50 exercises"
    dialog.select_row(0)
    dialog.remove_current()
    assert dialog.add_button.isEnabled()
