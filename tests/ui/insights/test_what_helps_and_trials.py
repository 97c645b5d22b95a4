"""Daily factors in the pain dialog, History's "What helps" tab, the trial bar and dialog."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from footcoach import demo
from footcoach.factors import DailyFactors, Footwear
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.trials import TrialStatus, new_trial
from footcoach.ui.common import theme
from footcoach.ui.history.pain_entry import PainEntryDialog
from footcoach.ui.history.view import HistoryView
from footcoach.ui.insights.daily_factors_row import NOT_SAID
from footcoach.ui.insights.trial_dialog import TrialDialog

TODAY = date(2025, 6, 3)
MORNING = Moment.from_datetime(datetime(2025, 6, 3, 7, 30, tzinfo=UTC))


def at(day: date, hour: int = 8) -> Moment:
    return Moment.from_datetime(datetime.combine(day, time(hour), tzinfo=UTC))


def make_dialog(qtbot: QtBot, history: History) -> PainEntryDialog:
    dialog = PainEntryDialog(history, now=lambda: MORNING)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def make_view(qtbot: QtBot, history: History, today: date = TODAY) -> HistoryView:
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    view = HistoryView(history, today=lambda: today)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    with qtbot.waitSignal(view.summary_shown):
        view.show()
    return view


# ------------------------------------------------------------------ the pain dialog's row


def test_the_row_remembers_the_day_before_and_saves_for_today(
    qtbot: QtBot, history: History
) -> None:
    yesterday = DailyFactors(
        "y", at(TODAY - timedelta(days=1), 20), Footwear.SUPPORTIVE, True, 9, False
    )
    history.save_daily_factors(yesterday)
    dialog = make_dialog(qtbot, history)
    row = dialog.factors_row
    assert row.footwear.currentText() == "Supportive"
    assert row.pad.currentText() == "Yes" and row.high_impact.currentText() == "No"
    assert row.hours.value() == 9
    assert row.source_label.text() == "Filled in from Mon 2 Jun; change what was different."
    row.hours.setValue(4)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_3)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    [_, today] = history.daily_factors()
    assert today.at == MORNING and today.id != "y"
    assert (today.footwear, today.pad, today.hours_on_feet, today.high_impact) == (
        Footwear.SUPPORTIVE,
        True,
        4,
        False,
    )
    assert [p.score for p in history.pain_entries()] == [3]


def test_nothing_said_stores_nothing(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    row = dialog.factors_row
    assert NOT_SAID == row.footwear.currentText() == row.pad.currentText()
    assert row.hours.text() == NOT_SAID
    qtbot.keyClick(dialog.scale, Qt.Key.Key_2)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    assert history.daily_factors() == [] and len(history.pain_entries()) == 1


def test_the_row_is_reached_by_tab_and_named(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    row = dialog.factors_row
    dialog.activateWindow()
    dialog.note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note)
    reached: list[QWidget | None] = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == [row.footwear, row.pad, row.hours, row.high_impact]
    names = [w.accessibleName() for w in (row.footwear, row.pad, row.hours, row.high_impact)]
    assert names == [
        "Shoes",
        "Metatarsal pad or insole worn",
        "Hours on your feet",
        "High-impact activity (running, jumping)",
    ]
    # Digits typed in the hours field are hours, not a pain score.
    row.hours.setFocus()
    row.hours.lineEdit().selectAll()
    qtbot.keyClicks(row.hours, "9")
    assert row.hours.value() == 9 and dialog.score() is None


def test_editing_an_entry_shows_that_days_answers(qtbot: QtBot, history: History) -> None:
    day = TODAY - timedelta(days=5)
    entry = PainEntry("p", at(day), 4, PainContext.MORNING)
    history.add_pain(entry)
    history.save_daily_factors(DailyFactors("d", at(day, 21), footwear=Footwear.HEELS))
    dialog = PainEntryDialog(history, entry=entry, now=lambda: MORNING)
    qtbot.addWidget(dialog)
    assert dialog.factors_row.footwear.currentText() == "Heels"
    assert dialog.factors_row.source_label.text().startswith("Your answers for this day")
    dialog.factors_row.pad.setCurrentIndex(1)
    dialog.save()
    [stored] = history.daily_factors()
    assert stored.id == "d" and stored.pad is True and stored.footwear is Footwear.HEELS


def test_the_dialog_says_which_block_of_a_trial_today_is(qtbot: QtBot, history: History) -> None:
    history.start_trial(new_trial("t", at(TODAY - timedelta(days=8)), "new shoes"))
    dialog = make_dialog(qtbot, history)
    label = dialog.factors_row.trial_label
    assert label.isVisible()
    assert label.text() == "Trial of new shoes: block 2 of 4, without new shoes, day 2 of 7."


# ------------------------------------------------------------------ History's tab and bar


@pytest.fixture
def demo_history(history: History) -> History:
    records = demo.generate(120, 1, end=TODAY)
    history.add_records(
        pain=records.pain,
        sessions=records.sessions,
        sets=records.sets,
        goals=records.goals,
        goal_ratings=records.goal_ratings,
        self_tests=records.self_tests,
        factors=records.factors,
        trials=records.trials,
    )
    return history


def test_what_helps_shows_the_demo_comparisons_and_its_trial(
    qtbot: QtBot, demo_history: History
) -> None:
    view = make_view(qtbot, demo_history)
    assert view.summary is not None and view.summary.what_helps is not None
    text = view.what_helps.text.text()
    for comparison in view.summary.what_helps.speaking():
        assert (comparison.sentence() or "").replace(";", "") in text.replace(";", "")
    assert "this is a pattern, not proof" in text
    assert "Your trial of a metatarsal pad has ended" in text
    assert not view.what_helps.start_button.isHidden()  # on the What helps tab
    assert not view.trial_bar.isVisibleTo(view)
    assert [view.side_tabs.tabText(i) for i in range(2)] == ["Summary", "What helps"]


def test_history_says_what_footcoach_summary_prints(qtbot: QtBot, demo_history: History) -> None:
    """The insights panel and the What helps tab show the sentences of
    ``Summary.insight_sections``, the ones plain ``footcoach summary`` prints."""
    view = make_view(qtbot, demo_history)
    assert view.summary is not None
    sections = {s.title: s.lines for s in view.summary.insight_sections()}
    assert list(sections) == ["Function goals", "Self-tests", "Your trial", "What helps"]
    shown = {
        "Function goals": view.insights.goals_text.text(),
        "Self-tests": view.insights.tests_text.text(),
        "Your trial": view.what_helps.text.text(),
        "What helps": view.what_helps.text.text(),
    }
    for title, lines in sections.items():
        for line in lines:
            if title == "Self-tests" and not line.startswith("First"):
                line = line.split(": ", 1)[1].removesuffix(".")  # the table's cell
            assert escape(line, quote=False) in shown[title], (title, line)


def test_the_trial_bar_reminds_and_ends_early_after_asking(qtbot: QtBot, history: History) -> None:
    start = TODAY - timedelta(days=9)
    for n in range(10):
        history.add_pain(
            PainEntry(f"m{n}", at(start + timedelta(days=n), 7), 4, PainContext.MORNING)
        )
    history.start_trial(new_trial("t", at(start, 9), "a metatarsal pad"))
    view = make_view(qtbot, history)
    bar = view.trial_bar
    assert bar.isVisibleTo(view)
    assert bar.text.text() == (
        "Trial of a metatarsal pad: block 2 of 4, without a metatarsal pad, day 3 of 7."
    )
    assert view.what_helps.start_button.isHidden()
    asked: list[str] = []
    answer = False

    def ask(parent: QWidget, title: str, text: str) -> bool:
        asked.append(text)
        return answer

    bar._ask = ask
    bar.now = lambda: at(TODAY, 19)
    bar.end_button.click()
    assert asked and "cut short" in asked[0]
    assert history.trials()[0].status is TrialStatus.RUNNING  # "No" changes nothing
    answer = True
    with qtbot.waitSignal(view.summary_shown):
        bar.end_button.click()
    assert history.trials()[0].status is TrialStatus.ENDED_EARLY
    assert not bar.isVisibleTo(view)
    text = view.what_helps.text.text()
    assert "Your trial (ended early)" in text
    assert "You ended your trial of a metatarsal pad early, after 9 days of 28" in text


def test_cancelling_asks_first_and_leaves_no_report(qtbot: QtBot, history: History) -> None:
    history.add_pain(PainEntry("m", at(TODAY, 7), 4, PainContext.MORNING))
    history.start_trial(new_trial("t", at(TODAY, 9), "new shoes"))
    view = make_view(qtbot, history)
    view.trial_bar._ask = lambda parent, title, text: title == "Cancel the trial?"
    view.trial_bar.now = lambda: at(TODAY, 19)
    with qtbot.waitSignal(view.summary_shown):
        view.trial_bar.cancel_button.click()
    assert history.trials()[0].status is TrialStatus.CANCELLED
    assert "Your trial" not in view.what_helps.text.text()
    assert not view.what_helps.start_button.isHidden()  # on the What helps tab


def test_the_trial_dialog_starts_one_trial_at_a_time(
    qtbot: QtBot, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = TrialDialog(history, now=lambda: at(TODAY, 9))
    qtbot.addWidget(dialog)
    assert dialog.schedule_label.text() == (
        "From 3 Jun to 30 Jun: with new shoes on days 1\u20137 and 15\u201321, without on "
        "days 8\u201314 and 22\u201328. Log your pain with your first steps each morning."
    )
    dialog.change.setCurrentText("  new   shoes ")
    with qtbot.waitSignal(dialog.trial_started):
        dialog.start_button.click()
    [trial] = history.trials()
    assert trial.change == "new shoes" and trial.start == TODAY and trial.blocks == 4
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    again = TrialDialog(history, now=lambda: at(TODAY, 10))
    qtbot.addWidget(again)
    again.start()
    assert warnings == ["a trial is already under way: end or cancel it first"]
    assert len(history.trials()) == 1
    again.change.setCurrentText("")
    again.start()
    assert warnings[-1] == "change: is empty"


def test_a_read_only_history_shows_the_trial_but_changes_nothing(
    qtbot: QtBot, history: History, data_dir: Path
) -> None:
    history.add_pain(PainEntry("m", at(TODAY, 7), 4, PainContext.MORNING))
    history.start_trial(new_trial("t", at(TODAY, 9), "new shoes"))
    with History.open_read_only(data_dir, "the disk is read-only") as read_only:
        view = make_view(qtbot, read_only)
        assert view.trial_bar.isVisibleTo(view)
        assert not view.trial_bar.end_button.isEnabled()
        assert not view.trial_bar.cancel_button.isEnabled()
        assert not view.what_helps.start_button.isEnabled()
        view.close()
