"""``InsightsPanel``: function goals and self-tests under the pain trend in the history view.

Left, the small chart of function-goal ratings with each goal's change; right, the self-tests
table (first and latest result, each foot). A gentle line offers this week's ratings or the
two-weekly self-tests when they are due (``function_goals.prompt_due``,
``self_tests.offer_due``), with a Skip that waits a week (or two); nothing ever blocks. The
figures come from the summary (``trends.load_summary``); this panel only lays them out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from footcoach import function_goals as fg
from footcoach import self_tests as st
from footcoach.errors import FootCoachError
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History
from footcoach.limits import shown
from footcoach.records import Moment
from footcoach.self_tests import FEET, SelfTestKind
from footcoach.timing import Clock
from footcoach.trends import Summary
from footcoach.ui.common import theme
from footcoach.ui.common.undo_bar import UndoBar
from footcoach.ui.insights.goal_editor import GoalEditorDialog
from footcoach.ui.insights.goal_rating import GoalRatingDialog
from footcoach.ui.insights.goals_chart import MARKS, FunctionGoalsChart
from footcoach.ui.insights.self_test_dialog import SelfTestDialog


class InsightsPanel(QScrollArea):
    """Function goals (chart, changes, weekly prompt) and self-tests (table, offer); it
    scrolls in a small window rather than squeeze the chart."""

    changed = Signal()
    """Goals, ratings or self-tests were stored here: the summary is out of date."""

    def __init__(
        self,
        history: History,
        parent: QWidget | None = None,
        *,
        undo_bar: UndoBar | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], Moment] = Moment.now,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.undo_bar = undo_bar
        self._today = today
        #: The clock that stamps ratings, goals and results (tests set their own).
        self.now = now
        self._clock = clock
        self.summary: Summary | None = None
        self.dialog: GoalEditorDialog | GoalRatingDialog | SelfTestDialog | None = None
        writable = history.read_only is None

        goals_title = QLabel("Function goals")
        goals_title.setFont(theme.scaled_font(self.font(), 1.0, bold=True))
        self.goals_button = QPushButton("&Goals\u2026")
        self.goals_button.setToolTip("Name, rename, retire or delete your goals")
        self.rate_button = QPushButton("&Rate\u2026")
        self.rate_button.setToolTip("Rate each goal 0\u201310 now")
        goals_header = QHBoxLayout()
        goals_header.addWidget(goals_title)
        goals_header.addStretch(1)
        goals_header.addWidget(self.rate_button)
        goals_header.addWidget(self.goals_button)
        self.goals_prompt, self.rate_now_button, self.skip_rating_button = self._prompt(
            "Time for this week's ratings of your goals.", "Rate now", "Skip this week"
        )
        self.chart = FunctionGoalsChart()
        self.goals_text = QLabel()
        self.goals_text.setWordWrap(True)
        self.goals_text.setTextFormat(Qt.TextFormat.RichText)
        self.goals_text.setFont(theme.scaled_font(self.font(), theme.SMALL_SCALE))
        self.goals_text.setToolTip(
            f"A change of {fg.MEANINGFUL_GOAL_POINTS:g} points or more on one activity is called "
            "meaningful: a change you would notice in daily life."
        )
        goals = QVBoxLayout()
        goals.setSpacing(theme.SPACE_XS)
        goals.addLayout(goals_header)
        goals.addWidget(self.goals_prompt)
        goals.addWidget(self.chart, 1)
        goals.addWidget(self.goals_text)

        tests_title = QLabel("Self-tests")
        tests_title.setFont(theme.scaled_font(self.font(), 1.0, bold=True))
        self.tests_button = QPushButton("Sel&f-tests\u2026")
        self.tests_button.setToolTip(
            "Single-leg standing, marbles in 30 s and heel raises, each foot (about 10 minutes)"
        )
        tests_header = QHBoxLayout()
        tests_header.addWidget(tests_title)
        tests_header.addStretch(1)
        tests_header.addWidget(self.tests_button)
        self.tests_prompt, self.test_now_button, self.skip_tests_button = self._prompt(
            "Your two-weekly self-tests are due.", "Start now", "Skip for now"
        )
        self.tests_text = QLabel()
        self.tests_text.setTextFormat(Qt.TextFormat.RichText)
        self.tests_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tests_text.setWordWrap(True)
        self.tests_text.setAccessibleName("Self-test results")
        tests = QVBoxLayout()
        tests.setSpacing(theme.SPACE_XS)
        tests.addLayout(tests_header)
        tests.addWidget(self.tests_prompt)
        tests.addWidget(self.tests_text, 1)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, theme.SPACE_S, theme.SPACE_S, 0)
        layout.setSpacing(theme.SPACE_L)
        layout.addLayout(goals, 3)
        layout.addLayout(tests, 2)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Function goals and self-tests")

        for button in (
            self.goals_button,
            self.rate_button,
            self.rate_now_button,
            self.skip_rating_button,
            self.tests_button,
            self.test_now_button,
            self.skip_tests_button,
        ):
            button.setEnabled(writable)
        self.goals_button.clicked.connect(self.edit_goals)
        self.rate_button.clicked.connect(self.rate_goals)
        self.rate_now_button.clicked.connect(self.rate_goals)
        self.skip_rating_button.clicked.connect(self.skip_rating)
        self.tests_button.clicked.connect(self.start_self_tests)
        self.test_now_button.clicked.connect(self.start_self_tests)
        self.skip_tests_button.clicked.connect(self.skip_self_tests)

    def _prompt(self, text: str, yes: str, later: str) -> tuple[QFrame, QPushButton, QPushButton]:
        box = QFrame()
        theme.set_role(box, "caution")
        row = QHBoxLayout(box)
        row.setContentsMargins(theme.SPACE_S, theme.SPACE_XS, theme.SPACE_S, theme.SPACE_XS)
        label = QLabel(text)
        label.setWordWrap(True)
        yes_button = QPushButton(yes)
        later_button = QPushButton(later)
        row.addWidget(label, 1)
        row.addWidget(yes_button)
        row.addWidget(later_button)
        box.hide()
        return box, yes_button, later_button

    # -- showing

    def show_summary(self, summary: Summary) -> None:
        """Show the goals and self-tests of ``summary`` and whether a prompt is due."""
        self.summary = summary
        today = summary.today
        goals = self.history.function_goals()
        series = fg.goal_series(goals, self.history.goal_ratings(until=today), today)
        self.chart.set_series(series, today)
        self.goals_text.setText(self._goals_html(summary))
        self.tests_text.setText(self._tests_html(summary))
        writable = self.history.read_only is None
        self.goals_prompt.setVisible(writable and fg.prompt_due(self.history, today))
        self.tests_prompt.setVisible(writable and st.offer_due(self.history, today))

    def _goals_html(self, summary: Summary) -> str:
        if not summary.function_goals:
            return (
                "Name up to three activities your foot makes hard (Goals\u2026), then rate "
                "them once a week: 0 cannot do, 10 as before the pain."
            )
        c = theme.colors()
        lines = []
        for index, goal in enumerate(summary.function_goals):
            colour = c.series[index % len(c.series)]
            mark = f"<span style='color:{colour}'>{MARKS[index % len(MARKS)]}</span> "
            text = escape(goal.line())
            if not goal.active:
                text = f"<span style='color:{c.muted}'>{text}</span>"
            lines.append(mark + text)
        return "<br>".join(lines)

    def _tests_html(self, summary: Summary) -> str:
        if not summary.self_tests:
            return (
                "Three short measures of foot strength and balance, each foot, every two weeks. "
                "Press Self-tests\u2026 to take the first."
            )
        c = theme.colors()
        cells = {(p.kind, p.side): p for p in summary.self_tests}
        rows = [
            "<tr><th align='left'>Test</th>"
            + "".join(f"<th align='left'>&nbsp;{side.value.capitalize()}</th>" for side in FEET)
            + "</tr>"
        ]
        for kind in SelfTestKind:
            row = f"<tr><td>{escape(kind.label)}</td>"
            for side in FEET:
                p = cells.get((kind, side))
                if p is None:
                    row += f"<td style='color:{c.muted}'>&nbsp;\u2013</td>"
                else:
                    row += f"<td>&nbsp;{escape(p.text())}</td>"
            rows.append(row + "</tr>")
        last_taken = escape(st.last_taken_line(summary.self_tests) or "")
        note = f"<span style='color:{c.muted}'>{last_taken}</span>"
        return f"<table cellspacing='2'>{''.join(rows)}</table>{note}"

    # -- actions

    def edit_goals(self) -> None:
        """Open the goals editor."""
        dialog = GoalEditorDialog(self.history, self, now=self.now)
        dialog.goals_changed.connect(self.changed)
        dialog.goal_deleted.connect(self._offer_undo)
        self._open(dialog)

    def rate_goals(self) -> None:
        """Open this week's ratings (or the goals editor when there is no goal yet)."""
        if not any(goal.active for goal in self.history.function_goals()):
            self.edit_goals()
            return
        dialog = GoalRatingDialog(self.history, self, now=self.now)
        dialog.ratings_saved.connect(lambda _ratings: self.changed.emit())
        dialog.skipped.connect(lambda _day: self.changed.emit())
        self._open(dialog)

    def skip_rating(self) -> None:
        """Skip this week's ratings (asked again in a week)."""
        self._skip(fg.SKIPPED_META_KEY)

    def start_self_tests(self) -> None:
        """Open a self-test run (heel raises left out on a day of severe pain)."""
        today = self._today()
        scores = [entry.score for entry in self.history.pain_entries(since=today, until=today)]
        dialog = SelfTestDialog(self.history, scores, self, clock=self._clock, now=self.now)
        dialog.result_recorded.connect(lambda _result: self.changed.emit())
        self._open(dialog)

    def skip_self_tests(self) -> None:
        """Skip the self-tests for now (offered again in two weeks)."""
        self._skip(st.SKIPPED_META_KEY)

    def _skip(self, key: str) -> None:
        try:
            self.history.set_meta(key, self._today().isoformat())
        except FootCoachError:
            return  # the prompt simply shows again; nothing is lost
        self.changed.emit()

    def _open(self, dialog: GoalEditorDialog | GoalRatingDialog | SelfTestDialog) -> None:
        # Modal to the window but not exec(): tests and the event loop keep running.
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.show()

    def _offer_undo(self, goal: FunctionGoal, ratings: list[GoalRating]) -> None:
        if self.undo_bar is None:
            return

        def undo() -> None:
            self.history.add_records(goals=[goal], goal_ratings=ratings)
            self.changed.emit()

        self.undo_bar.offer(f"Goal \u201c{shown(goal.name, 40)}\u201d deleted.", undo)
