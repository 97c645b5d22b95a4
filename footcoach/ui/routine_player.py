"""The guided routine player: choose, check pain, run every step hands-free, sum up.

Every finished set is written to history the moment the timer reports it, so closing or
killing the app loses at most the hold in progress; a session cut off that way stays open
in history and is offered for resume the next time the player is built.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QWidget

from footcoach.catalog import Catalog
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.pain import safety_message
from footcoach.records import (
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    new_id,
)
from footcoach.routines import (
    Routine,
    RoutineStore,
    Suggestion,
    before_session_advice,
    effective_dose,
    level_note,
    partial_session,
    routine_seconds_at,
    step_plan,
)
from footcoach.session_progress import SessionProgress, SessionSummary
from footcoach.timing import Clock, HoldPlan, Phase, PhaseStarted, PlanDone, SetDone
from footcoach.ui.cues import CuePlayer
from footcoach.ui.hold_timer import HoldTimerWidget
from footcoach.ui.pain_check import PainCheck
from footcoach.ui.routine_picker import RoutineChoice, RoutinePicker
from footcoach.ui.routine_session import RoutineSessionView, StepView
from footcoach.ui.session_advice import SessionAdviceView
from footcoach.ui.session_summary import SessionSummaryView

_NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown)
_BACK_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)


class RoutinePlayer(QStackedWidget):
    """Pages: routine picker, pain check, advice, session (steps + timer) and summary."""

    session_started = Signal(object)  # SessionRecord, just written
    set_recorded = Signal(object)  # SetRecord, just committed
    pain_recorded = Signal(object)  # PainEntry, just committed
    session_finished = Signal(object)  # SessionSummary
    level_changed = Signal(object, int)  # Routine, new level
    focus_mode_requested = Signal(bool)

    def __init__(
        self,
        catalog: Catalog,
        history: History,
        *,
        clock: Clock = time.monotonic,
        cue_player: CuePlayer | None = None,
        lead_in_seconds: float = 5.0,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.history = history
        self.store = RoutineStore(history, catalog)
        self.lead_in_seconds = lead_in_seconds
        self._clock = clock
        self._today = today
        self._writes = True  # False only for the screenshot's demo session
        self._routine: Routine | None = None
        self._level = 0
        self._progress: SessionProgress | None = None
        self._session: SessionRecord | None = None
        self._started_at: float | None = None
        self._pain_before: int | None = None
        self._pain_after: int | None = None
        self._asking_after = False
        self._completed = False
        self._professional_note_said = False
        self._dismissed: set[tuple[str, int, int]] = set()
        self._resume: tuple[SessionRecord, list[SetRecord]] | None = None
        self._step_views: list[StepView] = []
        self._flushing = False  # the timer is being stopped for a move: its end is ours
        self._finished_in_flush = False
        self.summary: SessionSummary | None = None

        self.timer = HoldTimerWidget(clock, cue_player)
        self.picker = RoutinePicker()
        self.pain_check = PainCheck()
        self.advice = SessionAdviceView()
        self.session_view = RoutineSessionView(self.timer)
        self.summary_view = SessionSummaryView()
        for page in (
            self.picker,
            self.pain_check,
            self.advice,
            self.session_view,
            self.summary_view,
        ):
            self.addWidget(page)
        self._connect_signals()
        self.timer.installEventFilter(self)
        self.refresh_choices()
        self._offer_resume()

    def _connect_signals(self) -> None:
        self.picker.start_requested.connect(self.on_picker_start_requested)
        self.picker.suggestion_accepted.connect(self.on_picker_suggestion_accepted)
        self.picker.suggestion_dismissed.connect(self.on_picker_suggestion_dismissed)
        self.picker.resume_requested.connect(self.on_picker_resume_requested)
        self.picker.discard_requested.connect(self.on_picker_discard_requested)
        self.pain_check.score_chosen.connect(self.on_pain_check_score_chosen)
        self.pain_check.skipped.connect(self.on_pain_check_skipped)
        self.advice.switch_chosen.connect(self.on_advice_switch_chosen)
        self.advice.continue_chosen.connect(self.on_advice_continue_chosen)
        self.advice.stop_chosen.connect(self.on_advice_stop_chosen)
        self.session_view.back_requested.connect(self.previous_step)
        self.session_view.next_requested.connect(self.next_step)
        self.session_view.end_requested.connect(self.on_session_end_requested)
        self.session_view.end_confirmed.connect(self.on_session_end_confirmed)
        self.session_view.end_cancelled.connect(self.on_session_end_cancelled)
        self.summary_view.closed.connect(self.on_summary_closed)
        self.timer.phase_started.connect(self.on_timer_phase_started)
        self.timer.set_finished.connect(self.on_timer_set_finished)
        self.timer.plan_finished.connect(self.on_timer_plan_finished)
        self.timer.focus_mode_requested.connect(self.focus_mode_requested)

    # --- reading --------------------------------------------------------------------

    def page(self) -> str:
        """The page in front: picker, pain-check, advice, session or summary."""
        pages = {
            self.picker: "picker",
            self.pain_check: "pain-check",
            self.advice: "advice",
            self.session_view: "session",
            self.summary_view: "summary",
        }
        return pages[self.currentWidget()]

    @property
    def routine(self) -> Routine | None:
        """The routine being run (or about to be)."""
        return self._routine

    @property
    def progress(self) -> SessionProgress | None:
        """Where the session is."""
        return self._progress

    @property
    def session(self) -> SessionRecord | None:
        """The session row in history, once the first Start wrote it."""
        return self._session

    # --- the routine list -----------------------------------------------------------

    def refresh_choices(self) -> None:
        """Read routines, levels and suggestions again."""
        choices = []
        signals = self.store.safety_signals(self._today())
        for routine in self.store.all():
            level = self.store.level(routine.id)
            suggestion: Suggestion | None = self.store.suggest(
                routine.id, self._today(), safety_signals=signals
            )
            if suggestion is not None and self._suggestion_key(routine, suggestion) in (
                self._dismissed
            ):
                suggestion = None
            steps = tuple(
                (
                    self.catalog.get(step.exercise_id).name,
                    effective_dose(step, self.catalog, level).describe(),
                )
                for step in routine.steps
            )
            seconds = routine_seconds_at(routine, self.catalog, level, self.lead_in_seconds)
            choices.append(
                RoutineChoice(routine, level, seconds, steps, suggestion, safety_message(signals))
            )
        self.picker.set_choices(choices)

    def _offer_resume(self) -> None:
        self._resume = partial_session(self.history, self._today())
        if self._resume is None:
            self.picker.show_resume(None)
            return
        session, sets = self._resume
        routine = self.store.find(session.routine)
        name = routine.name if routine is not None else session.routine
        when = session.started.local()
        day = "today" if when.date() == self._today() else f"on {when:%d %B}"
        done = f"{len(sets)} set{'s' if len(sets) != 1 else ''} done"
        self.picker.show_resume(
            f"<b>Resume your session from {when:%H:%M}</b> {day}? {name}, {done}."
        )

    @staticmethod
    def _suggestion_key(routine: Routine, suggestion: Suggestion) -> tuple[str, int, int]:
        return (routine.id, suggestion.level, suggestion.new_level)

    def on_picker_suggestion_accepted(self, routine: Routine, suggestion: Suggestion) -> None:
        self.store.set_level(routine.id, suggestion.new_level, suggestion.reason)
        self.level_changed.emit(routine, suggestion.new_level)
        self.refresh_choices()

    def on_picker_suggestion_dismissed(self, routine: Routine, suggestion: Suggestion) -> None:
        self._dismissed.add(self._suggestion_key(routine, suggestion))
        self.picker.hide_suggestion()

    def on_picker_start_requested(self, routine: Routine) -> None:
        self.begin(routine)

    def on_picker_resume_requested(self) -> None:
        self.resume_partial()

    def on_picker_discard_requested(self) -> None:
        if self._resume is None:
            return
        session, sets = self._resume
        ended = max((s.at for s in sets), key=lambda m: m.utc, default=session.started)
        self._write(self.history.finish_session, session.id, ended, False)
        self._resume = None
        self.picker.show_resume(None)

    # --- starting -------------------------------------------------------------------

    def begin(self, routine: Routine) -> None:
        """Start ``routine`` with the pain check before it."""
        self._reset_session()
        self._routine = routine
        self._asking_after = False
        self.pain_check.ask(
            "Before you start",
            "How does your foot feel right now, from 0 (no pain) to 10 (worst)?",
        )
        self._show(self.pain_check)

    def resume_partial(self) -> None:
        """Carry on with the cut-off session, from its first step not done."""
        if self._resume is None:
            return
        session, sets = self._resume
        routine = self.store.find(session.routine)
        if routine is None:
            QMessageBox.information(
                self,
                "Resume session",
                f"The routine '{session.routine}' no longer exists; the sets you did are kept.",
            )
            self.on_picker_discard_requested()
            return
        self._reset_session()
        self._routine = routine
        self._level = self.store.level(routine.id)
        ids, plans = self._plans(routine, self._level)
        self._progress = SessionProgress.resumed(ids, plans, sets, session.started)
        self._session = session
        self._resume = None
        self.picker.show_resume(None)
        if self._progress.first_open_step() is None:
            self._end_session(completed=True)
            return
        self._enter_session()

    def on_pain_check_score_chosen(self, score: int) -> None:
        # Before a session the foot is at rest, so that score belongs to "during the day";
        # logging it as exercise pain would skew the chart and the progression rules.
        context = PainContext.AFTER_EXERCISE if self._asking_after else PainContext.DAY
        assert self._routine is not None
        when = "After" if self._asking_after else "Before"
        entry = PainEntry(new_id(), Moment.now(), score, context, f"{when} {self._routine.name}")
        if self._write(self.history.add_pain, entry):
            self.pain_recorded.emit(entry)
        if self._asking_after:
            self._pain_after = score
            self._show_summary()
            return
        self._pain_before = score
        advice = before_session_advice(score, self._routine, self.catalog, self.store.all())
        if advice is None:
            self._prepare_session(self._routine)
            return
        seated = None
        if advice.seated_routine_id is not None:
            seated_routine = self.store.find(advice.seated_routine_id)
            seated = seated_routine.name if seated_routine is not None else None
        self.advice.show_advice(
            advice, self._routine.name, seated, not self._professional_note_said
        )
        self._professional_note_said = True
        self._show(self.advice)

    def on_pain_check_skipped(self) -> None:
        if self._asking_after:
            self._show_summary()
        elif self._routine is not None:
            self._prepare_session(self._routine)

    def on_advice_switch_chosen(self) -> None:
        advice = self.advice.advice
        seated = None
        if advice is not None and advice.seated_routine_id is not None:
            seated = self.store.find(advice.seated_routine_id)
        self._prepare_session(seated or self._routine)

    def on_advice_continue_chosen(self) -> None:
        if self._routine is not None:
            self._prepare_session(self._routine)

    def on_advice_stop_chosen(self) -> None:
        self._reset_session()
        self._show(self.picker)

    def _prepare_session(self, routine: Routine | None) -> None:
        if routine is None:
            return
        self._routine = routine
        self._level = self.store.level(routine.id)
        ids, plans = self._plans(routine, self._level)
        self._progress = SessionProgress(ids, plans)
        self._enter_session()

    def _plans(self, routine: Routine, level: int) -> tuple[list[str], list[HoldPlan]]:
        ids = [step.exercise_id for step in routine.steps]
        lead_in = self.lead_in_seconds
        plans = [step_plan(step, self.catalog, level, lead_in) for step in routine.steps]
        return ids, plans

    def _enter_session(self) -> None:
        assert self._routine is not None and self._progress is not None
        views: list[StepView] = []
        for step in self._routine.steps:
            exercise = self.catalog.get(step.exercise_id)
            image = self.store.image_path(self._routine, step)
            views.append(
                StepView(
                    name=exercise.name,
                    dose=effective_dose(step, self.catalog, self._level).describe(),
                    cue=exercise.cue,
                    illustration=exercise.illustration,
                    level_note=level_note(step.exercise_id, self._level),
                    note=step.note,
                    image=str(image) if image is not None and image.is_file() else None,
                )
            )
        self._step_views = views
        self.session_view.set_routine(f"{self._routine.name} \u00b7 level {self._level}", views)
        self._show(self.session_view)
        self._load_current(autostart=False)

    # --- running --------------------------------------------------------------------

    def _load_current(self, autostart: bool) -> None:
        progress = self._progress
        assert progress is not None and self._routine is not None
        index = progress.current
        views = self._step_views
        next_name = views[index + 1].name if index + 1 < len(views) else None
        self.session_view.show_step(index, views[index], next_name)
        step = views[index]
        self.timer.load_plan(progress.plan_for(index), step.name, step.cue)
        self._refresh_progress()
        if autostart:
            self.timer.toggle_start_pause()
        self.timer.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_progress(self) -> None:
        progress = self._progress
        if progress is None:
            return
        statuses = [progress.status(i) for i in range(len(progress))]
        summary = progress.summary(0.0)
        self.session_view.set_progress(
            statuses, progress.current, summary.sets_done, summary.sets_planned
        )

    def on_timer_phase_started(self, event: PhaseStarted) -> None:
        if self._started_at is None:
            self._started_at = self._clock()  # this run's time counts from the first Start
        if self._session is not None or self._routine is None:
            return  # started already, or resumed: the row exists
        if self._resume is not None:  # a new session instead of resuming: close the old one
            self.on_picker_discard_requested()
        session = SessionRecord(new_id(), self._routine.id, Moment.now())
        self._write(self.history.start_session, session)
        self._session = session
        self.session_started.emit(session)

    def on_timer_set_finished(self, done: SetDone) -> None:
        if self._progress is None or self._session is None:
            return
        record = self._progress.record(done, self._session.id, Moment.now())
        if record is not None and self._write(self.history.add_set, record):
            self.set_recorded.emit(record)
        self._refresh_progress()

    def on_timer_plan_finished(self, done: PlanDone) -> None:
        if self._flushing:
            self._finished_in_flush = True  # the move under way decides where to go
            return
        if self._progress is None or self.page() != "session":
            return
        if self._progress.finish_step() is None:
            self._end_session(completed=True)
        else:
            self._load_current(autostart=True)

    # --- the person's controls (keys and window actions land here) -----------------

    def toggle_start_pause(self) -> None:
        """Start, pause or resume the timer (Space); hides the end-session question."""
        if self.page() != "session":
            return
        if self.session_view.is_asking_to_end():
            self.session_view.ask_to_end(False)
        self.timer.toggle_start_pause()

    def restart_rep(self) -> None:
        """Start the current hold again (R)."""
        if self.page() == "session":
            self.timer.restart_rep()

    def skip_phase(self) -> None:
        """Skip the current phase: the rest, the lead-in or the hold (N)."""
        if self.page() == "session":
            self.timer.skip_phase()

    def next_step(self) -> None:
        """Go to the next exercise; the current one counts as skipped unless done (\u2192)."""
        if self.page() != "session" or self._progress is None:
            return
        running = self._running()
        finished = self._flush_timer()
        moved = self._progress.finish_step() if finished else self._progress.skip_step()
        if moved is None:
            self._end_session(completed=True)
        else:
            self._load_current(autostart=running)

    def previous_step(self) -> None:
        """Go back one exercise to do it (again) (\u2190)."""
        if self.page() != "session" or self._progress is None or self._progress.current == 0:
            return
        running = self._running()
        self._flush_timer()
        self._progress.back()
        self._load_current(autostart=running)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # Closed on its own (tests, or a future separate window): as for the main window,
        # nothing ticks on to write to a history that may close next.
        self.timer.halt()
        super().closeEvent(event)

    def stop(self) -> None:
        """Esc: on the pain check skip it; in a session ask whether to end it."""
        page = self.page()
        if page == "pain-check":
            self.on_pain_check_skipped()
        elif page == "advice":
            self.on_advice_stop_chosen()
        elif page == "session":
            if self.session_view.is_asking_to_end():
                self.on_session_end_cancelled()
            else:
                self.on_session_end_requested()

    def set_focus_mode(self, on: bool) -> None:
        """The session's timer and drawing only, large (F11)."""
        self.session_view.set_focus_mode(on)
        if on and self.page() == "session":
            self.timer.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_focus_mode(self) -> bool:
        """True while the session shows in focus mode."""
        return self.timer.is_focus_mode()

    def refresh_theme(self) -> None:
        """Redraw what the palette does not reach (illustration ink, step colours)."""
        self.session_view.refresh_theme()
        self._refresh_progress()

    def on_session_end_requested(self) -> None:
        state = self.timer.state()
        if state is not None and state.running:
            self.timer.toggle_start_pause()
        self.session_view.ask_to_end(True)

    def on_session_end_cancelled(self) -> None:
        self.session_view.ask_to_end(False)
        self.timer.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_session_end_confirmed(self) -> None:
        self.session_view.ask_to_end(False)
        self._end_session(completed=False)

    def _end_session(self, completed: bool) -> None:
        self._flush_timer()
        if self._session is None:  # Start was never pressed: nothing happened, nothing to sum up
            self._reset_session()
            self._show(self.picker)
            return
        self._completed = completed
        self._write(self.history.finish_session, self._session.id, Moment.now(), completed)
        elapsed = self._clock() - self._started_at if self._started_at is not None else 0.0
        assert self._progress is not None
        self.summary = self._progress.summary(elapsed, self._pain_before)
        self._asking_after = True
        self.pain_check.ask(
            "How does your foot feel now?",
            "Right after the session, from 0 (no pain) to 10 (worst).",
        )
        self._show(self.pain_check)

    def _show_summary(self) -> None:
        assert self._routine is not None and self.summary is not None
        self.summary = dataclasses.replace(
            self.summary, pain_before=self._pain_before, pain_after=self._pain_after
        )
        self.summary_view.show_summary(self.summary, self._routine.name, self._completed)
        self._show(self.summary_view)
        self.session_finished.emit(self.summary)

    def on_summary_closed(self) -> None:
        self._reset_session()
        self.refresh_choices()
        self._show(self.picker)

    # --- internals ------------------------------------------------------------------

    def _flush_timer(self) -> bool:
        """Stop the timer, recording the sets that fell due; True if its plan had ended."""
        self._flushing, self._finished_in_flush = True, False
        try:
            self.timer.stop()
        finally:
            self._flushing = False
        return self._finished_in_flush

    def _running(self) -> bool:
        state = self.timer.state()
        return state is not None and state.running

    def _reset_session(self) -> None:
        self._flush_timer()
        self._progress = None
        self._session = None
        self._started_at = None
        self._pain_before = self._pain_after = None
        self._asking_after = False
        self._completed = False
        self.summary = None
        self.session_view.ask_to_end(False)

    def _show(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
        target = self.timer if page is self.session_view else page
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _write(self, write: Callable[..., None], *args: object) -> bool:
        """Commit one record now; tell the person (and go on) if the disk refuses."""
        if not self._writes:
            return True
        try:
            write(*args)
        except FootCoachError as error:
            QMessageBox.warning(self, "Could not save", str(error))
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # The timer pane has focus during a session; the player's own keys go first.
        if watched is self.timer and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            if key in _NEXT_KEYS:
                self.next_step()
                return True
            if key in _BACK_KEYS:
                self.previous_step()
                return True
            if key == Qt.Key.Key_Escape and not self.timer.is_focus_mode():
                self.stop()
                return True
            if key == Qt.Key.Key_Space:
                self.toggle_start_pause()
                return True
        return super().eventFilter(watched, event)

    # --- screenshots ----------------------------------------------------------------

    def show_demo_session(self, advance: Callable[[float], None]) -> None:
        """Mid-session state for ``footcoach screenshot --view routine``; writes nothing.

        ``advance`` moves this player's clock on: two exercises are run through and the third
        is left part-way through a hold.
        """
        self._writes = False
        routines = self.store.all()
        if not routines:
            return
        self.begin(routines[0])
        self.on_pain_check_score_chosen(2)
        self.toggle_start_pause()
        progress = self._progress
        assert progress is not None
        target = min(2, len(progress) - 1)
        for _ in range(20_000):
            state = self.timer.state()
            if progress.current == target and state is not None and state.phase is Phase.HOLD:
                if state.progress >= 0.4:
                    break
            advance(0.5)
            self.timer.tick()
