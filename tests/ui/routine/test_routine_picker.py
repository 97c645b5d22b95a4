"""The routine list agrees with History: the same calm message above Start while a safety
signal is active, and every suggestion shown with its rule and numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import shiboken6
from helpers.fake_cues import FakeCuePlayer
from helpers.fakes import FakeClock
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach.catalog import Catalog
from footcoach.history import History
from footcoach.pain import SAFETY_TITLE
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.routines import RoutineStore
from footcoach.ui.common import theme
from footcoach.ui.history.view import HistoryView
from footcoach.ui.routine.player import RoutinePlayer

TODAY = date(2025, 6, 30)


def at(day: date, hour: int) -> Moment:
    return Moment.from_datetime(datetime.combine(day, time(hour), tzinfo=UTC))


def player(qtbot: QtBot, catalog: Catalog, history: History) -> RoutinePlayer:
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    made = RoutinePlayer(
        catalog, history, clock=FakeClock(), cue_player=FakeCuePlayer(), today=lambda: TODAY
    )
    qtbot.addWidget(made)
    made.resize(1100, 720)
    made.show()
    return made


def test_no_signal_no_message(qtbot: QtBot, catalog: Catalog, history: History) -> None:
    history.add_pain(PainEntry("m", at(TODAY, 7), 3, PainContext.MORNING))
    shown = player(qtbot, catalog, history)
    assert shown.picker.safety_box.isHidden()


def test_with_a_signal_the_list_says_what_history_says_above_start(
    qtbot: QtBot, catalog: Catalog, history: History
) -> None:
    # Daytime 2 at 09:00 and 17:00 and one 8 at 12:00 yesterday: the mean is 4, the 8 is severe.
    for hour, score in ((9, 2), (12, 8), (17, 2)):
        history.add_pain(
            PainEntry(f"d{hour}", at(TODAY - timedelta(days=1), hour), score, PainContext.DAY)
        )
    shown = player(qtbot, catalog, history)
    picker = shown.picker
    assert not picker.safety_box.isHidden()
    view = HistoryView(history, today=lambda: TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.summary_shown):
        view.show()
    assert not view.banner.isHidden()
    assert picker.safety_text.text() == view.banner_text.text()
    assert picker.safety_text.text().startswith(f"<b>{SAFETY_TITLE}</b> ")
    assert picker.safety_box.parentWidget() is picker.start_button.parentWidget()
    assert picker.safety_box.geometry().bottom() < picker.start_button.geometry().top()
    for routine in RoutineStore(history, catalog).all():  # every routine, not only one
        assert picker.select(routine.id)
        assert not picker.safety_box.isHidden()
    view.close()
    if shiboken6.isValid(shown):
        shown.close()


def test_the_stay_note_carries_the_rule(qtbot: QtBot, catalog: Catalog, history: History) -> None:
    shown = player(qtbot, catalog, history)
    picker = shown.picker
    assert picker.select("desk-break")
    text = picker.stay_note.text()
    assert text.startswith("Stay at level 1. No sessions with exercises done")
    assert "Rule: Move up only when" in text
