"""The guided routine player: choose, check pain, run every step hands-free, sum up.

The pages, keys and signals live here; what happens (pain contexts, when records are written,
resume, the end screen's words) is decided by :class:`~footcoach.session_flow.SessionFlow`.
Every finished set is written to history the moment the timer reports it, so closing or
killing the app loses at most the hold in progress; a session cut off that way stays open
in history and is offered for resume the next time the player is built.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QWidget

from footcoach.catalog import Catalog
from footcoach.history import History
from footcoach.pain import safety_message
from footcoach.records import Moment, SessionRecord
from footcoach.routines import (
    Routine,
    RoutineStore,
    Suggestion,
    effective_dose,
    level_note,
    routine_seconds_at,
)
from footcoach.screening import ScreeningAnswers, load_screening, session_follows
from footcoach.session_flow import PainPrompt, ResumeResult, SessionFlow, Stage
from footcoach.session_progress import SessionProgress, SessionSummary
from footcoach.timing import Clock, Phase, PhaseStarted, PlanDone, SetDone
from footcoach.ui.common.actions import ActionId, is_key_of
from footcoach.ui.routine.pain_check import PainCheck
from footcoach.ui.routine.picker import RoutineChoice, RoutinePicker
from footcoach.ui.routine.session_advice import SessionAdviceView
from footcoach.ui.routine.session_screening import SessionScreeningView
from footcoach.ui.routine.session_summary import SessionSummaryView
from footcoach.ui.routine.session_view import RoutineSessionView, StepView
from footcoach.ui.timer.cues import CuePlayer
from footcoach.ui.timer.hold_timer import HoldTimerWidget


class RoutinePlayer(QStackedWidget):
    """Pages: routine picker, the red-flag check (before a first session), pain check, advice,
    session (steps + timer) and summary."""

    session_started = Signal(object)  # SessionRecord, just written
    set_recorded = Signal(object)  # SetRecord, just committed
    pain_recorded = Signal(object)  # PainEntry, just committed
    session_finished = Signal(object)  # SessionSummary
    level_changed = Signal(object, int)  # Routine, new level
    screening_saved = Signal(object)  # ScreeningAnswers, given before a session
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
        now: Callable[[], Moment] = Moment.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.history = history
        self.store = RoutineStore(history, catalog)
        self.lead_in_seconds = lead_in_seconds
        self._today = today
        screening = load_screening()
        self.flow = SessionFlow(
            catalog,
            history,
            self.store,
            lead_in_seconds=lead_in_seconds,
            clock=clock,
            today=today,
            now=now,
            on_write_error=self._on_write_error,
            screening=screening,
        )
        self._professional_note_said = False
        self._red_flags = screening.flags  # repeated in the advice at severe pain
        # What the person asked for, while the red-flag questions are asked first.
        self._after_screening: Callable[[], None] | None = None
        self._dismissed: set[tuple[str, int, int]] = set()
        self._step_views: list[StepView] = []
        self._flushing = False  # the timer is being stopped for a move: its end is ours
        self._finished_in_flush = False

        self.timer = HoldTimerWidget(clock, cue_player)
        self.picker = RoutinePicker()
        self.screening_view = SessionScreeningView(screening)
        self.pain_check = PainCheck()
        self.advice = SessionAdviceView()
        self.session_view = RoutineSessionView(self.timer)
        self.summary_view = SessionSummaryView()
        for page in (
            self.picker,
            self.screening_view,
            self.pain_check,
            self.advice,
            self.session_view,
            self.summary_view,
        ):
            self.addWidget(page)
        self._connect_signals()
        self.timer.installEventFilter(self)
        self.refresh_choices()
        self.picker.show_resume(self.flow.offer_resume())

    def _connect_signals(self) -> None:
        self.picker.start_requested.connect(self.on_picker_start_requested)
        self.picker.suggestion_accepted.connect(self.on_picker_suggestion_accepted)
        self.picker.suggestion_dismissed.connect(self.on_picker_suggestion_dismissed)
        self.picker.resume_requested.connect(self.on_picker_resume_requested)
        self.picker.discard_requested.connect(self.on_picker_discard_requested)
        self.screening_view.answered.connect(self.on_screening_view_answered)
        self.screening_view.cancelled.connect(self.on_screening_view_cancelled)
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
        """The page in front: picker, screening, pain-check, advice, session or summary."""
        pages = {
            self.picker: "picker",
            self.screening_view: "screening",
            self.pain_check: "pain-check",
            self.advice: "advice",
            self.session_view: "session",
            self.summary_view: "summary",
        }
        current = self.currentWidget()
        assert current is not None  # the stack always shows one of its pages
        return pages[current]

    @property
    def routine(self) -> Routine | None:
        """The routine being run (or about to be)."""
        return self.flow.routine

    @property
    def progress(self) -> SessionProgress | None:
        """Where the session is."""
        return self.flow.progress

    @property
    def session(self) -> SessionRecord | None:
        """The session row in history, once the first Start wrote it."""
        return self.flow.session

    @property
    def summary(self) -> SessionSummary | None:
        """The numbers of the session that just ended."""
        return self.flow.summary

    def is_recording(self) -> bool:
        """True while a started session is being recorded (quitting now should ask first)."""
        flow = self.flow
        return flow.writes and flow.stage is Stage.SESSION and flow.session is not None

    # --- the routine list -----------------------------------------------------------

    def refresh_choices(self) -> None:
        """Read routines, levels and suggestions again."""
        choices = []
        signals = self.store.safety_signals(self._today())
        message = safety_message(signals)
        unreliable = self.store.pain_unreliable()
        for routine in self.store.all():
            level = self.store.level(routine.id)
            suggestion: Suggestion | None = self.store.suggest(
                routine.id, self._today(), pain_unreliable=unreliable, safety_signals=signals
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
            choices.append(RoutineChoice(routine, level, seconds, steps, suggestion, message))
        self.picker.set_choices(choices)

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
        self.flow.discard()
        self.picker.show_resume(None)

    # --- starting -------------------------------------------------------------------

    def begin(self, routine: Routine) -> None:
        """Start ``routine`` with the pain check before it; the red-flag questions come first
        while they have no answers (every way into a session comes here or to resume)."""
        self._ask_first(routine.name, False, lambda: self._begin_now(routine))

    def _begin_now(self, routine: Routine) -> None:
        self._reset_session()
        self._ask_pain(self.flow.begin(routine))

    def resume_partial(self) -> None:
        """Carry on with the cut-off session, from its first step not done (the red-flag
        questions first while they have no answers)."""
        offer = self.flow.resume_offer
        found = self.store.find(offer[0].routine) if offer is not None else None
        if found is None:
            self._resume_now()  # nothing to resume (its routine is gone): nothing to ask
        else:
            self._ask_first(found.name, True, self._resume_now)

    def _ask_first(self, name: str, resuming: bool, then: Callable[[], None]) -> None:
        """Run ``then``, or ask the red-flag questions first when the flow says they are due."""
        if not self.flow.screening_needed():
            then()
            return
        self._reset_session()
        self._after_screening = then
        self.screening_view.ask(self.history.latest_screening(), name, resuming)
        self._show(self.screening_view)
        self.screening_view.focus_first()

    def on_screening_view_answered(self, answers: ScreeningAnswers) -> None:
        if not self.flow.save_screening(answers):
            return  # the disk refused (the person was told): the questions stay
        self.screening_saved.emit(answers)
        then, self._after_screening = self._after_screening, None
        self.refresh_choices()  # a yes to reduced feeling holds back moving up
        if then is not None and session_follows(answers):
            then()
        else:
            self._show(self.picker)  # see a professional first: nothing starts on its own

    def on_screening_view_cancelled(self) -> None:
        """Not now (Esc): nothing is saved and nothing starts; the next start asks again."""
        self._after_screening = None
        self._show(self.picker)

    def _resume_now(self) -> None:
        offer = self.flow.resume_offer
        self._reset_session()
        result = self.flow.resume()
        self.picker.show_resume(None)
        if result is ResumeResult.ROUTINE_GONE:
            assert offer is not None
            QMessageBox.information(
                self,
                "Resume session",
                f"The routine '{offer[0].routine}' no longer exists; the sets you did are kept.",
            )
        elif result is ResumeResult.ALL_DONE:
            self._end_session(completed=True)
        elif result is ResumeResult.RESUMED:
            self._enter_session()

    def on_pain_check_score_chosen(self, score: int) -> None:
        entry = self.flow.record_pain(score)
        if entry is not None:
            self.pain_recorded.emit(entry)
        self._follow_flow()

    def on_pain_check_skipped(self) -> None:
        self.flow.skip_pain()
        self._follow_flow()

    def on_advice_switch_chosen(self) -> None:
        self.flow.take_seated()
        self._follow_flow()

    def on_advice_continue_chosen(self) -> None:
        self.flow.keep_routine()
        self._follow_flow()

    def on_advice_stop_chosen(self) -> None:
        self._reset_session()
        self._show(self.picker)

    def _follow_flow(self) -> None:
        """Show the page of the stage the flow moved to after a pain check or the advice."""
        stage = self.flow.stage
        if stage is Stage.ADVICE:
            self._show_advice()
        elif stage is Stage.SESSION:
            self._enter_session()
        elif stage is Stage.SUMMARY:
            self._show_summary()

    def _show_advice(self) -> None:
        advice, routine = self.flow.advice, self.flow.routine
        assert advice is not None and routine is not None
        seated = self.flow.seated_routine()
        self.advice.show_advice(
            advice,
            routine.name,
            seated.name if seated is not None else None,
            not self._professional_note_said,
            self._red_flags,
        )
        self._professional_note_said = True
        self._show(self.advice)

    def _enter_session(self) -> None:
        routine, level = self.flow.routine, self.flow.level
        assert routine is not None and self.flow.progress is not None
        views: list[StepView] = []
        for step in routine.steps:
            exercise = self.catalog.get(step.exercise_id)
            image = self.store.image_path(routine, step)
            views.append(
                StepView(
                    name=exercise.name,
                    dose=effective_dose(step, self.catalog, level).describe(),
                    cue=exercise.cue,
                    illustration=exercise.illustration,
                    level_note=level_note(step.exercise_id, level),
                    note=step.note,
                    image=str(image) if image is not None and image.is_file() else None,
                    steps=exercise.steps,
                    caution=exercise.caution or "",
                )
            )
        self._step_views = views
        self.session_view.set_routine(f"{routine.name} \u00b7 level {level}", views)
        self._show(self.session_view)
        self._load_current(autostart=False)

    # --- running --------------------------------------------------------------------

    def _load_current(self, autostart: bool) -> None:
        progress = self.flow.progress
        assert progress is not None
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
        progress = self.flow.progress
        if progress is None:
            return
        statuses = [progress.status(i) for i in range(len(progress))]
        summary = progress.summary(0.0)
        self.session_view.set_progress(
            statuses, progress.current, summary.sets_done, summary.sets_planned
        )

    def on_timer_phase_started(self, event: PhaseStarted) -> None:
        had_offer = self.flow.resume_offer is not None
        session = self.flow.timer_started()
        if session is None:
            return
        if had_offer:
            self.picker.show_resume(None)
        self.session_started.emit(session)

    def on_timer_set_finished(self, done: SetDone) -> None:
        record = self.flow.set_finished(done)
        if record is not None:
            self.set_recorded.emit(record)
        self._refresh_progress()

    def on_timer_plan_finished(self, done: PlanDone) -> None:
        if self._flushing:
            self._finished_in_flush = True  # the move under way decides where to go
            return
        progress = self.flow.progress
        if progress is None or self.page() != "session":
            return
        if progress.finish_step() is None:
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

    def mark_done(self) -> None:
        """Count the current set of reps as done (D)."""
        if self.page() == "session":
            self.timer.mark_done()

    def toggle_how_to(self) -> None:
        """Open or close the exercise's "How to do it" (H)."""
        self.session_view.toggle_steps()

    def next_step(self) -> None:
        """Go to the next exercise; the current one counts as skipped unless done (\u2192)."""
        progress = self.flow.progress
        if self.page() != "session" or progress is None:
            return
        running = self._running()
        finished = self._flush_timer()
        moved = progress.finish_step() if finished else progress.skip_step()
        if moved is None:
            self._end_session(completed=True)
        else:
            self._load_current(autostart=running)

    def previous_step(self) -> None:
        """Go back one exercise to do it (again) (\u2190)."""
        progress = self.flow.progress
        if self.page() != "session" or progress is None or progress.current == 0:
            return
        running = self._running()
        self._flush_timer()
        progress.back()
        self._load_current(autostart=running)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # Closed on its own (tests, or a future separate window): as for the main window,
        # nothing ticks on to write to a history that may close next.
        self.timer.halt()
        super().closeEvent(event)

    def stop(self) -> None:
        """Esc: back out of the red-flag check; on the pain check skip it; in a session ask
        whether to end it."""
        page = self.page()
        if page == "screening":
            self.on_screening_view_cancelled()
        elif page == "pain-check":
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

    def end_for_quit(self) -> None:
        """The window is closing mid-session: end it here, as not completed (sets are kept)."""
        if self.is_recording():
            self._flush_timer()
            self.flow.end(completed=False)
        self.timer.halt()

    def _end_session(self, completed: bool) -> None:
        self._flush_timer()
        if not self.flow.end(completed):  # Start was never pressed: nothing to sum up
            self._reset_session()
            self._show(self.picker)
            return
        self._ask_pain(self.flow.pain_prompt())

    def _ask_pain(self, prompt: PainPrompt) -> None:
        self.pain_check.ask(prompt.title, prompt.question)
        self._show(self.pain_check)

    def _show_summary(self) -> None:
        screen = self.flow.end_screen()
        self.summary_view.show_screen(screen)
        self._show(self.summary_view)
        self.session_finished.emit(screen.summary)

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
        self.flow.close()
        self.session_view.ask_to_end(False)

    def _show(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
        target = self.timer if page is self.session_view else page
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_write_error(self, message: str) -> None:
        """A commit the disk refused: tell the person; the session goes on."""
        QMessageBox.warning(self, "Could not save", message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # The timer pane has focus during a session; the player's own keys go first.
        if watched is self.timer and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            if is_key_of(ActionId.ROUTINE_NEXT, event):
                self.next_step()
                return True
            if is_key_of(ActionId.ROUTINE_BACK, event):
                self.previous_step()
                return True
            if is_key_of(ActionId.TIMER_STOP, event) and not self.timer.is_focus_mode():
                self.stop()
                return True
            if is_key_of(ActionId.TIMER_START_PAUSE, event):
                self.toggle_start_pause()
                return True
            if is_key_of(ActionId.ROUTINE_HOW_TO, event):
                self.toggle_how_to()
                return True
        return super().eventFilter(watched, event)

    # --- screenshots ----------------------------------------------------------------

    def show_demo_session(self, advance: Callable[[float], None]) -> None:
        """Mid-session state for ``footcoach screenshot --view routine``; writes nothing.

        ``advance`` moves this player's clock on: two exercises are run through and the third
        is left part-way through a hold.
        """
        self.flow.writes = False
        routines = self.store.all()
        if not routines:
            return
        self.begin(routines[0])
        self.on_pain_check_score_chosen(2)
        self.toggle_start_pause()
        progress = self.flow.progress
        assert progress is not None
        target = min(2, len(progress) - 1)
        for _ in range(20_000):
            state = self.timer.state()
            if progress.current == target and state is not None and state.phase is Phase.HOLD:
                if state.progress >= 0.4:
                    break
            advance(0.5)
            self.timer.tick()
