"""File > Report (Ctrl+P) and Share with my physio: the options, the preview, save and share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from footcoach import demo
from footcoach.catalog import Catalog
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry, new_id
from footcoach.ui.common.actions import SPECS, ActionId
from footcoach.ui.mainwindow.main_window import MainWindow
from footcoach.ui.report.report_dialog import ReportDialog


@pytest.fixture
def filled(history: History) -> History:
    records = demo.generate(60, 3)
    history.add_records(pain=records.pain, sessions=records.sessions, sets=records.sets)
    return history


def test_report_is_ctrl_p_in_the_file_menu_beside_share(
    make_window: Callable[..., MainWindow],
) -> None:
    assert SPECS[ActionId.REPORT].shortcuts == ("Ctrl+P",)
    window = make_window()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "Re&port…" in texts and "S&hare with my physio…" in texts
    dialog = window.report_dialog(share=True)
    try:
        assert dialog.share_button.isDefault()
    finally:
        dialog.deleteLater()


def test_the_period_defaults_to_the_last_90_days_or_the_history(
    qtbot: QtBot, filled: History, catalog: Catalog
) -> None:
    dialog = ReportDialog(filled, catalog)
    qtbot.addWidget(dialog)
    first = filled.first_day()
    assert first is not None
    assert dialog.from_edit.date() == QDate(first.year, first.month, first.day)
    today = date.today()
    assert dialog.to_edit.date() == QDate(today.year, today.month, today.day)
    assert dialog.preview_button.isDefault()
    report = dialog.report()
    assert report.period.start == first and report.period.end == today


def test_the_preview_paints_the_report_pages(
    qtbot: QtBot, filled: History, catalog: Catalog
) -> None:
    dialog = ReportDialog(filled, catalog)
    qtbot.addWidget(dialog)
    preview = dialog.preview_dialog(dialog.report())
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    preview.show()
    qtbot.waitUntil(lambda: widget.pageCount() > 0)
    assert widget.pageCount() == 2
    preview.close()
    preview.deleteLater()


@pytest.mark.parametrize("share", [False, True])
def test_enter_does_what_the_dialog_was_opened_for(
    qtbot: QtBot,
    filled: History,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    share: bool,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: opened.append("preview") or 0)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *a, **k: opened.append("share") or ""
    )
    dialog = ReportDialog(filled, catalog, share=share)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.from_edit, Qt.Key.Key_Return)
    assert opened == ["share" if share else "preview"]
    assert dialog.isVisible()
    dialog.close()


def test_save_writes_a_pdf(
    qtbot: QtBot,
    filled: History,
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = ReportDialog(filled, catalog)
    qtbot.addWidget(dialog)
    dialog.page_size.setCurrentText("Letter")
    saved = dialog.on_save_clicked()
    assert saved == tmp_path / "mine.pdf"
    assert saved.read_bytes().startswith(b"%PDF")


def test_from_after_to_says_so_and_writes_nothing(
    qtbot: QtBot,
    filled: History,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: asked.append(a))
    dialog = ReportDialog(filled, catalog)
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(dialog.to_edit.date())
    dialog.to_edit.setDate(dialog.to_edit.date().addDays(-3))
    assert dialog.on_save_clicked() is None
    assert said and "is after" in said[0]
    assert not asked


def test_share_writes_a_new_folder_each_time(
    qtbot: QtBot,
    filled: History,
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialog = ReportDialog(filled, catalog, share=True, today=date.today())
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("  Ann   Example ")
    with qtbot.waitSignal(dialog.shared):
        first = dialog.on_share_clicked()
    second = dialog.on_share_clicked()
    assert first is not None and second is not None
    assert first.folder != second.folder and second.folder.name.endswith("(2)")
    assert "README.txt" in first.files and "footcoach-report.pdf" in first.files
    readme = " ".join((first.folder / "README.txt").read_text().split())
    assert "shared for Ann Example" in readme
    assert any(name.endswith(".toml") for name in first.files)


def test_the_person_ticks_which_notes_go_in(
    qtbot: QtBot, history: History, catalog: Catalog
) -> None:
    today = date.today()
    for days_ago, note in ((3, "stairs at work"), (1, "private: new shoes"), (0, "")):
        day = today - timedelta(days=days_ago)
        history.add_pain(
            PainEntry(
                new_id(),
                Moment.from_datetime(datetime(day.year, day.month, day.day, 8).astimezone()),
                4,
                PainContext.MORNING,
                note,
            )
        )
    dialog = ReportDialog(history, catalog, today=today)
    qtbot.addWidget(dialog)
    assert dialog.notes_list.isHidden()
    assert all("Notes" not in s.title for s in dialog.report().sections)
    dialog.notes_check.setChecked(True)
    assert not dialog.notes_list.isHidden()
    texts = [dialog.notes_list.item(row).text() for row in range(dialog.notes_list.count())]
    assert len(texts) == 2 and texts[0].endswith("private: new shoes")  # newest first
    dialog.notes_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    notes = dialog.report().sections[-1]
    assert notes.table is not None
    assert [row[-1] for row in notes.table.rows] == ["stairs at work"]
    # Moving the period keeps what was unticked.
    dialog.from_edit.setDate(dialog.from_edit.date().addDays(-1))
    assert dialog.chosen_note_ids() == {
        e.id for e in history.pain_entries() if e.note == "stairs at work"
    }
