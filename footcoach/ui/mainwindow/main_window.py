"""The main window: exercise list | detail pane | hold timer, plus routine and history views."""

from __future__ import annotations

import time
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from footcoach import APP_NAME, __version__
from footcoach.catalog import Catalog, Exercise
from footcoach.errors import FootCoachError
from footcoach.exercise_session import ExerciseSessionRecorder
from footcoach.history import History
from footcoach.paths import asset_path
from footcoach.timing import HoldPlan, PlanDone, SetDone
from footcoach.ui.common import theme
from footcoach.ui.common.actions import ActionId, build_actions
from footcoach.ui.common.keyboard_focus import set_default_button
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.common.theme import ThemeMode
from footcoach.ui.common.undo_bar import UndoBar
from footcoach.ui.exercises.exercise_detail import ExerciseDetailPane
from footcoach.ui.exercises.exercise_list import ExerciseListPane
from footcoach.ui.mainwindow.window_geometry import first_geometry, fit_to_screens
from footcoach.ui.timer.cues import CuePlayer, SilentCuePlayer
from footcoach.ui.timer.hold_timer import HoldTimerWidget

if TYPE_CHECKING:
    from footcoach.records import PainEntry
    from footcoach.screening import ScreeningAnswers
    from footcoach.ui.history.pain_entry import PainEntryDialog
    from footcoach.ui.history.transfer import HistoryTransfer
    from footcoach.ui.history.view import HistoryView
    from footcoach.ui.mainwindow.safety_note import SafetyNoteView
    from footcoach.ui.mainwindow.settings_view import SettingsView
    from footcoach.ui.report.report_dialog import ReportDialog
    from footcoach.ui.routine.library import RoutineLibrary
    from footcoach.ui.routine.player import RoutinePlayer

VIEWS = ("welcome", "exercises", "routine", "history", "settings")

ABOUT_TEXT = (
    "<h3>{name} {version}</h3>"
    "<p>Home exercises, hold timers and a pain log for pain in the ball of the foot "
    "(metatarsalgia).</p>"
    "<p><b>Exercise guidance, not diagnosis.</b> If pain is strong or getting worse, "
    "ease off and see a doctor or physiotherapist.</p>"
    "<p>Your data stays on this computer.</p>"
)


VIEW_ACTIONS = {
    ActionId.SHOW_EXERCISES: "exercises",
    ActionId.SHOW_ROUTINE: "routine",
    ActionId.SHOW_HISTORY: "history",
    ActionId.SHOW_SETTINGS: "settings",
}
"""The action that brings each view to the front (and is checked while it is there)."""


class MainWindow(QMainWindow):
    """The application window; builds its panes and wires them together."""

    view_changed = Signal(str)
    history_changed = Signal()  # records were added or removed outside the views
    companion_settings_changed = Signal()  # reminders, nudges or background running changed

    def __init__(
        self,
        catalog: Catalog,
        preferences: Preferences,
        history: History,
        *,
        cue_player: CuePlayer | None = None,
        clock: Callable[[], float] = time.monotonic,
        persist: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.preferences = preferences
        self.history = history
        self.cue_player = cue_player or SilentCuePlayer()
        self.cue_player.set_muted(preferences.muted)
        self.cue_player.set_volume(preferences.volume / 100)
        self._persist = persist
        self._clock = clock
        self.routine_player: RoutinePlayer | None = None  # built on first show of "routine"
        # Built on first show of "history": its chart imports pyqtgraph (0.3 s), not at start.
        self.history_view: HistoryView | None = None
        self.pain_dialog: PainEntryDialog | None = None
        # Set by the companion: closing the window then keeps FootCoach running when it says so.
        self.keep_running: Callable[[], bool] | None = None
        self._quitting = False
        self.setWindowTitle(APP_NAME)
        icon_path = asset_path("icons", "footcoach.svg")
        if icon_path.is_file():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.setMinimumSize(760, 520)

        self.actions_by_id = build_actions(self)
        # Built on first use: routines and file transfer cost start-up time nobody needs yet.
        self._transfer: HistoryTransfer | None = None
        self._routine_library: RoutineLibrary | None = None
        self.exercise_list = ExerciseListPane(catalog.exercises)
        self.exercise_detail = ExerciseDetailPane()
        self.timer_pane = HoldTimerWidget(clock, self.cue_player)
        # An exercise done here counts as a one-exercise session (the rule lives there).
        self.exercise_sessions = ExerciseSessionRecorder(history)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch in (
            (self.exercise_list, 0),
            (self.exercise_detail, 3),
            (self.timer_pane, 2),
        ):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.exercise_list.setMinimumWidth(220)
        self.exercise_detail.setMinimumWidth(300)
        self.timer_pane.setMinimumWidth(240)
        self.exercise_detail.setAccessibleName("Exercise details")

        self._safety_note: SafetyNoteView | None = None
        self._settings_view: SettingsView | None = None
        # Only the exercise view is built now; the others join the stack the first time
        # they are shown, which keeps their cost off the first paint.
        self.views: dict[str, QWidget] = {"exercises": self.splitter}
        self.stack = QStackedWidget()
        for view in self.views.values():
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)
        self.undo_bar = UndoBar(self.stack)

        self._build_menus()
        self._build_toolbar()
        self._connect_signals()
        self._restore_state()
        if history.read_only is not None:
            self._show_read_only(history.read_only)

    # -- building ----------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions_by_id
        menus: dict[str, list[ActionId | None]] = {
            "&File": [
                ActionId.EXPORT,
                ActionId.IMPORT,
                None,
                ActionId.IMPORT_ROUTINE,
                ActionId.EXPORT_ROUTINE,
                None,
                ActionId.REPORT,
                ActionId.SHARE,
                None,
                ActionId.QUIT,
            ],
            "&View": [
                ActionId.SHOW_EXERCISES,
                ActionId.SHOW_ROUTINE,
                ActionId.SHOW_HISTORY,
                ActionId.SHOW_SETTINGS,
                None,
                ActionId.FIND,
                ActionId.FOCUS_MODE,
            ],
            "&Timer": [
                ActionId.TIMER_START_PAUSE,
                ActionId.TIMER_RESTART,
                ActionId.TIMER_SKIP,
                ActionId.TIMER_DONE,
                ActionId.TIMER_STOP,
                None,
                ActionId.ROUTINE_NEXT,
                ActionId.ROUTINE_BACK,
                ActionId.ROUTINE_HOW_TO,
                None,
                ActionId.TOGGLE_MUTE,
            ],
            "&Pain": [ActionId.LOG_PAIN],
            "&Help": [ActionId.SAFETY_NOTE, ActionId.RED_FLAG_CHECK, ActionId.ABOUT],
        }
        for title, ids in menus.items():
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[action_id])

    def _build_toolbar(self) -> None:
        a = self.actions_by_id
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action_id in (ActionId.SHOW_EXERCISES, ActionId.SHOW_ROUTINE, ActionId.SHOW_HISTORY):
            toolbar.addAction(a[action_id])
        toolbar.addSeparator()
        toolbar.addAction(a[ActionId.LOG_PAIN])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(a[ActionId.TOGGLE_MUTE])
        toolbar.addAction(a[ActionId.SHOW_SETTINGS])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        for button in toolbar.findChildren(QToolButton):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Qt leaves them out of Tab
        self.toolbar = toolbar

    def _connect_signals(self) -> None:
        a = self.actions_by_id
        for action_id, name in VIEW_ACTIONS.items():
            a[action_id].triggered.connect(lambda _=False, n=name: self.show_view(n))
        a[ActionId.FIND].triggered.connect(self.on_find_triggered)
        a[ActionId.QUIT].triggered.connect(self.quit_for_good)
        a[ActionId.EXPORT].triggered.connect(lambda: self.transfer.export_to_file())
        a[ActionId.IMPORT].triggered.connect(lambda: self.transfer.import_from_file())
        a[ActionId.IMPORT_ROUTINE].triggered.connect(self.on_import_routine_triggered)
        a[ActionId.EXPORT_ROUTINE].triggered.connect(lambda: self.routine_library.export_to_file())
        a[ActionId.REPORT].triggered.connect(lambda: self.open_report_dialog(share=False))
        a[ActionId.SHARE].triggered.connect(lambda: self.open_report_dialog(share=True))
        a[ActionId.ABOUT].triggered.connect(self.on_about_triggered)
        a[ActionId.OPEN_MENUS].triggered.connect(
            lambda: self.menuBar().setActiveAction(self.menuBar().actions()[0])
        )
        a[ActionId.SAFETY_NOTE].triggered.connect(lambda: self.show_view("welcome"))
        a[ActionId.RED_FLAG_CHECK].triggered.connect(self.on_red_flag_check_triggered)
        a[ActionId.LOG_PAIN].triggered.connect(self.on_log_pain_triggered)
        # The timer keys drive the routine player's timer while the routine view is in front.
        a[ActionId.TIMER_START_PAUSE].triggered.connect(
            lambda: self.active_timer().toggle_start_pause()
        )
        a[ActionId.TIMER_RESTART].triggered.connect(lambda: self.active_timer().restart_rep())
        a[ActionId.TIMER_SKIP].triggered.connect(lambda: self.active_timer().skip_phase())
        a[ActionId.TIMER_DONE].triggered.connect(lambda: self.active_timer().mark_done())
        a[ActionId.ROUTINE_HOW_TO].triggered.connect(self.on_routine_how_to_triggered)
        a[ActionId.ROUTINE_NEXT].triggered.connect(self.on_routine_next_triggered)
        a[ActionId.ROUTINE_BACK].triggered.connect(self.on_routine_back_triggered)
        a[ActionId.TIMER_STOP].triggered.connect(self.on_stop_triggered)
        a[ActionId.FOCUS_MODE].toggled.connect(self.set_focus_mode)
        self.timer_pane.focus_mode_requested.connect(self.set_focus_mode)
        self.timer_pane.phase_started.connect(lambda _event: self.exercise_sessions.started())
        self.timer_pane.set_finished.connect(self.on_timer_set_finished)
        self.timer_pane.plan_finished.connect(self.on_timer_plan_finished)
        self.timer_pane.stopped.connect(self.exercise_sessions.stopped)
        a[ActionId.TOGGLE_MUTE].setChecked(self.preferences.muted)
        a[ActionId.TOGGLE_MUTE].toggled.connect(self.on_mute_toggled)
        self.exercise_list.exercise_selected.connect(self.on_exercise_list_selected)
        self.exercise_list.exercise_activated.connect(self.timer_pane.toggle_start_pause)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self.on_system_colour_scheme_changed)

    def _restore_state(self) -> None:
        geometry = self.preferences.window_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.setGeometry(first_geometry(self.screen().availableGeometry()))
        elif not self.isMaximized():
            screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
            self.setGeometry(fit_to_screens(self.geometry(), screens))
        splitter = self.preferences.window_state("splitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([330, 540, 410])
        first = self.preferences.last_exercise or self.catalog.exercises[0].id
        if not self.exercise_list.select(first):
            self.exercise_list.select(self.catalog.exercises[0].id)
        # Start in the list, not the search box: arrows pick an exercise, Space starts it.
        self.exercise_list.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_view("exercises" if self.preferences.safety_note_seen else "welcome")

    def _show_read_only(self, reason: str) -> None:
        """Say plainly that nothing can be saved, and switch off everything that would write."""
        self.setWindowTitle(f"{APP_NAME} (read-only)")
        notice = QLabel(
            f"<b>Read-only:</b> {escape(reason)}. You can look at everything, "
            "but FootCoach cannot save anything new."
        )
        notice.setObjectName("read-only-notice")
        notice.setContentsMargins(12, 6, 12, 6)
        theme.set_role(notice, "banner")
        self.statusBar().addPermanentWidget(notice, 1)
        # The routine view records every set, so it goes too; the plain hold timer stays.
        for action_id in (
            ActionId.LOG_PAIN,
            ActionId.IMPORT,
            ActionId.IMPORT_ROUTINE,
            ActionId.SHOW_ROUTINE,
        ):
            self.actions_by_id[action_id].setEnabled(False)

    # -- views -------------------------------------------------------------------------

    def show_view(self, name: str) -> None:
        """Bring view ``name`` (one of ``VIEWS``) to the front."""
        if name != "welcome":
            self._leave_safety_note()
        builders = {
            "welcome": lambda: self.safety_note,
            "settings": lambda: self.settings_view.refresh_start_at_login(),
            "routine": self._ensure_routine_player,
            "history": self._ensure_history_view,
        }
        if name in builders:
            builders[name]()
        self.stack.setCurrentWidget(self.views[name])
        for action_id in (ActionId.ROUTINE_NEXT, ActionId.ROUTINE_BACK, ActionId.ROUTINE_HOW_TO):
            self.actions_by_id[action_id].setEnabled(name == "routine")
        for action_id, view in VIEW_ACTIONS.items():
            self.actions_by_id[action_id].setChecked(view == name)
        self.view_changed.emit(name)

    def current_view(self) -> str:
        """The name of the view in front."""
        current = self.stack.currentWidget()
        return next(name for name, view in self.views.items() if view is current)

    def add_view(self, name: str, widget: QWidget) -> None:
        """Put ``widget`` in the stack as view ``name``, in place of any widget it had."""
        old = self.views.get(name)
        self.stack.addWidget(widget)
        self.views[name] = widget
        if old is not None and old is not widget:
            self.stack.removeWidget(old)
            old.deleteLater()

    # -- slots -------------------------------------------------------------------------

    def on_exercise_list_selected(self, exercise: Exercise) -> None:
        self.exercise_detail.show_exercise(exercise)
        self.load_timer(exercise)
        if self._persist:
            self.preferences.last_exercise = exercise.id

    def load_timer(self, exercise: Exercise) -> None:
        """Load ``exercise``'s dose into the hold timer (stopping any plan in progress)."""
        plan = HoldPlan.from_dose(exercise.dose, lead_in_seconds=self.preferences.lead_in_seconds)
        self.timer_pane.load_plan(plan, exercise.name, exercise.cue)
        self.exercise_sessions.load(exercise.id, plan)

    def on_timer_set_finished(self, done: SetDone) -> None:
        self._record(lambda: self.exercise_sessions.set_finished(done))

    def on_timer_plan_finished(self, _done: PlanDone) -> None:
        if self._record(self.exercise_sessions.plan_finished):
            self.history_changed.emit()  # a new session day: streaks and the chart change

    def _record(self, write: Callable[[], object]) -> bool:
        """Run one history write of the exercise view; tell the person if the disk refuses."""
        try:
            return write() is not None
        except FootCoachError as error:
            QMessageBox.warning(self, "Could not save", str(error))
            return False

    @property
    def safety_note(self) -> SafetyNoteView:
        """The welcome page with the safety note, built on first use."""
        if self._safety_note is None:
            from footcoach.screening import load_screening
            from footcoach.ui.mainwindow.safety_note import SafetyNoteView

            answers = self.history.latest_screening()
            self._safety_note = SafetyNoteView(self.catalog, load_screening(), answers)
            self._safety_note.setAccessibleName("Welcome and safety note")
            set_default_button(self._safety_note, self._safety_note.button)
            self._safety_note.acknowledged.connect(self.on_safety_note_acknowledged)
            self.add_view("welcome", self._safety_note)
        return self._safety_note

    @property
    def settings_view(self) -> SettingsView:
        """The settings page, built on first use."""
        if self._settings_view is None:
            from PySide6.QtWidgets import QSystemTrayIcon

            from footcoach.routines import RoutineStore
            from footcoach.ui.mainwindow.settings_view import SettingsView

            routines = [(r.id, r.name) for r in RoutineStore(self.history, self.catalog).all()]
            self._settings_view = SettingsView(
                self.preferences,
                routines=routines,
                tray_available=QSystemTrayIcon.isSystemTrayAvailable(),
            )
            self._settings_view.theme_changed.connect(self.on_settings_theme_changed)
            self._settings_view.sound_changed.connect(self.on_settings_sound_changed)
            self._settings_view.finished.connect(lambda: self.show_view("exercises"))
            self._settings_view.companion_changed.connect(self.companion_settings_changed)
            self.add_view("settings", self._settings_view)
        return self._settings_view

    @property
    def transfer(self) -> HistoryTransfer:
        """File > Export/Import of the history, built on first use."""
        if self._transfer is None:
            from footcoach.ui.history.transfer import HistoryTransfer

            self._transfer = HistoryTransfer(self.history, self)
            self._transfer.history_imported.connect(lambda _result: self.history_changed.emit())
        return self._transfer

    @property
    def routine_library(self) -> RoutineLibrary:
        """Creates, edits, imports and exports routines; built on first use."""
        if self._routine_library is None:
            from footcoach.ui.routine.library import RoutineLibrary

            self._routine_library = RoutineLibrary(
                self.catalog,
                self.history,
                self.undo_bar,
                self,
                lead_in_seconds=self.preferences.lead_in_seconds,
            )
        return self._routine_library

    def _ensure_routine_player(self) -> RoutinePlayer:
        if self.routine_player is None:
            from footcoach.ui.routine.player import RoutinePlayer

            self.routine_player = RoutinePlayer(
                self.catalog,
                self.history,
                clock=self._clock,
                cue_player=self.cue_player,
                lead_in_seconds=self.preferences.lead_in_seconds,
            )
            self.routine_player.focus_mode_requested.connect(self.set_focus_mode)
            self.routine_player.screening_saved.connect(self.on_routine_player_screening_saved)
            self.history_changed.connect(self.routine_player.refresh_choices)
            self.routine_library.attach(self.routine_player.picker)
            self.routine_library.routines_changed.connect(self.on_routines_changed)
            self.add_view("routine", self.routine_player)
        return self.routine_player

    def _ensure_history_view(self) -> HistoryView:
        """Build the history view on first use; later, re-read the history before showing."""
        if self.history_view is None:
            from footcoach.ui.history.view import HistoryView

            self.history_view = HistoryView(self.history, undo_bar=self.undo_bar)
            self.history_view.log_pain_requested.connect(self.on_log_pain_triggered)
            self.history_changed.connect(self.history_view.refresh)
            self.add_view("history", self.history_view)
            if self.history.read_only is not None:
                for button in (
                    self.history_view.edit_button,
                    self.history_view.delete_button,
                    self.history_view.empty_log_button,
                ):
                    button.hide()
        else:
            self.history_view.refresh()
        return self.history_view

    def start_routine(self, routine_id: str) -> bool:
        """Show the routine view at ``routine_id``'s pain check (the red-flag questions first
        while they have no answers); False if it cannot start now (read-only, no such routine,
        or a start or session already under way, which is kept)."""
        if self.history.read_only is not None:
            return False
        self.show_view("routine")
        player = self._ensure_routine_player()
        under_way = ("screening", "pain-check", "advice", "session")
        if player.page() in under_way or player.is_recording():
            return False
        player.refresh_choices()
        choice = player.picker.current() if player.picker.select(routine_id) else None
        if choice is None:
            return False
        player.begin(choice.routine)
        return True

    def on_routines_changed(self, routine_id: str) -> None:
        """A routine was made, changed or deleted: list them again, selecting ``routine_id``."""
        player = self._ensure_routine_player()
        player.refresh_choices()
        if routine_id:
            player.picker.select(routine_id)

    def report_dialog(self, share: bool = False) -> ReportDialog:
        """File > Report and Share: the options of the clinician report (QtPrintSupport is
        loaded only now)."""
        from footcoach.ui.report.report_dialog import ReportDialog

        return ReportDialog(self.history, self.catalog, self, share=share)

    def open_report_dialog(self, share: bool) -> None:
        dialog = self.report_dialog(share)
        dialog.exec()
        dialog.deleteLater()

    def on_import_routine_triggered(self) -> None:
        routine = self.routine_library.import_from_file()
        if routine is not None:
            self.show_view("routine")
            self._ensure_routine_player().picker.select(routine.id)

    def on_log_pain_triggered(self) -> None:
        """Open the pain dialog (Ctrl+L); it commits the entry itself when saved."""
        from footcoach.ui.history.pain_entry import PainEntryDialog

        if self.history.read_only is not None:
            return
        if self.pain_dialog is not None:
            self.pain_dialog.activateWindow()  # already open: bring it back, never a second
            return
        dialog = PainEntryDialog(self.history, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pain_logged.connect(self.on_pain_dialog_logged)
        dialog.finished.connect(lambda _result: setattr(self, "pain_dialog", None))
        self.pain_dialog = dialog
        dialog.open()

    def on_pain_dialog_logged(self, entry: PainEntry) -> None:
        self.history_changed.emit()
        self.undo_bar.offer(
            f"Pain {entry.score}/10 logged ({entry.context.label.lower()}).",
            lambda: self.on_pain_entry_undone(entry),
        )

    def on_pain_entry_undone(self, entry: PainEntry) -> None:
        try:
            self.history.delete_pain(entry.id)
        except FootCoachError as error:
            QMessageBox.warning(self, "Pain entry not removed", str(error))
        self.history_changed.emit()

    def active_timer(self) -> HoldTimerWidget | RoutinePlayer:
        """Where the timer keys go: the routine player in the routine view, else the timer."""
        if self.routine_player is not None and self.current_view() == "routine":
            return self.routine_player
        return self.timer_pane

    def on_routine_next_triggered(self) -> None:
        if self.routine_player is not None and self.current_view() == "routine":
            self.routine_player.next_step()

    def on_routine_back_triggered(self) -> None:
        if self.routine_player is not None and self.current_view() == "routine":
            self.routine_player.previous_step()

    def on_routine_how_to_triggered(self) -> None:
        if self.routine_player is not None and self.current_view() == "routine":
            self.routine_player.toggle_how_to()

    def set_focus_mode(self, on: bool) -> None:
        """Show only the timer, large, with the exercise name and cue (F11; Esc leaves)."""
        player = self.active_timer()
        if player is self.routine_player or (
            self.routine_player is not None and self.routine_player.is_focus_mode()
        ):
            self._set_routine_focus_mode(on)
            return
        if on == self.timer_pane.is_focus_mode():
            self.actions_by_id[ActionId.FOCUS_MODE].setChecked(on)
            return
        if on:
            self.show_view("exercises")
        for widget in (self.exercise_list, self.exercise_detail, self.toolbar, self.menuBar()):
            widget.setVisible(not on)
        self.timer_pane.set_focus_mode(on)
        self.actions_by_id[ActionId.FOCUS_MODE].setChecked(on)
        if on:
            self.timer_pane.setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_routine_focus_mode(self, on: bool) -> None:
        assert self.routine_player is not None
        if on == self.routine_player.is_focus_mode():
            self.actions_by_id[ActionId.FOCUS_MODE].setChecked(on)
            return
        for widget in (self.toolbar, self.menuBar()):
            widget.setVisible(not on)
        self.routine_player.set_focus_mode(on)
        self.actions_by_id[ActionId.FOCUS_MODE].setChecked(on)

    def on_stop_triggered(self) -> None:
        if self.stack.currentWidget() is self._safety_note:
            self.show_view("exercises")  # Esc on the note dismisses it (counted as read)
            return
        if self.timer_pane.is_focus_mode() or (
            self.routine_player is not None and self.routine_player.is_focus_mode()
        ):
            self.set_focus_mode(False)
            return
        self.active_timer().stop()

    def on_find_triggered(self) -> None:
        self.show_view("exercises")
        self.exercise_list.focus_search()

    def on_safety_note_acknowledged(self, answers: ScreeningAnswers) -> None:
        latest = self.history.latest_screening()
        unchanged = latest is not None and (latest.answers, latest.professional_agreed) == (
            answers.answers,
            answers.professional_agreed,
        )
        try:
            if not unchanged:
                self.history.add_screening(answers)
        except FootCoachError as error:
            QMessageBox.warning(self, "Answers not saved", str(error))
            return
        if self._persist:
            self.preferences.safety_note_seen = True
        self.show_view("exercises")

    def on_routine_player_screening_saved(self, answers: ScreeningAnswers) -> None:
        # Answered before a session: Help's red-flag check shows these answers, not blanks.
        if self._safety_note is not None:
            self._safety_note.show_answers(answers)

    def on_red_flag_check_triggered(self) -> None:
        self.show_view("welcome")
        self.safety_note.show_check()

    def _quit_session_confirmed(self) -> bool:
        answer = QMessageBox.question(
            self,
            f"Quit {APP_NAME}?",
            "Your session is still running. End it and quit? The sets you did are saved.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _leave_safety_note(self) -> None:
        # However the note is left (its button, Esc, another view, closing the window), it
        # has been read: it does not come back at the next start.
        shown = self._safety_note is not None and self.stack.currentWidget() is self._safety_note
        if shown and self._persist:
            self.preferences.safety_note_seen = True

    def on_about_triggered(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}", ABOUT_TEXT.format(name=APP_NAME, version=__version__)
        )

    def on_mute_toggled(self, muted: bool) -> None:
        self.preferences.muted = muted
        self.cue_player.set_muted(muted)
        if self._settings_view is not None:
            self._settings_view.set_muted(muted)

    def on_settings_sound_changed(self) -> None:
        self.cue_player.set_volume(self.preferences.volume / 100)
        self.cue_player.set_muted(self.preferences.muted)
        self.actions_by_id[ActionId.TOGGLE_MUTE].setChecked(self.preferences.muted)

    def on_system_colour_scheme_changed(self) -> None:
        """The desktop switched between light and dark: follow it unless a theme is chosen."""
        if self.preferences.theme is ThemeMode.SYSTEM:
            self.on_settings_theme_changed(ThemeMode.SYSTEM)

    def on_settings_theme_changed(self, mode: ThemeMode) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, mode)
        self.exercise_detail.refresh_theme()
        if self.routine_player is not None:
            self.routine_player.refresh_theme()
        if self.history_view is not None:
            self.history_view.refresh_theme()
        self.exercise_list.view.viewport().update()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Ctrl+Q and the window's close button ask first during a session, as End session does.
        player = self.routine_player
        if player is not None and player.is_recording() and not self._quit_session_confirmed():
            event.ignore()
            return
        if not self._quitting and self.keep_running is not None and not self.isHidden():
            self._save_state()
            if self.keep_running():
                event.ignore()  # hidden or minimised: reminders go on
                return
        # A closed window must not tick on: its history may be closed right after.
        self.timer_pane.halt()
        if player is not None:
            player.end_for_quit()
        self._leave_safety_note()
        self._save_state()
        super().closeEvent(event)

    def _save_state(self) -> None:
        if self._persist and not self.isHidden():
            self.preferences.set_window_state("geometry", self.saveGeometry())
            self.preferences.set_window_state("splitter", QByteArray(self.splitter.saveState()))

    def quit_for_good(self) -> None:
        """Quit FootCoach (Ctrl+Q, the tray's Quit), even when it would keep running."""
        self._quitting = True
        if self.close():
            # A hidden window's close does not end the app by itself; with no companion,
            # closing the last window already does.
            app = QApplication.instance()
            if app is not None and self.keep_running is not None:
                app.quit()
        else:
            self._quitting = False
