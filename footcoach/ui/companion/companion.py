"""The daily companion: reminders, desk-break nudges and the pain check on return.

It wakes once a minute (a very coarse timer, the only one running while FootCoach waits),
asks ``reminders.ReminderSchedule`` and ``activity.ActivityWatch`` what is due and shows it:
as a desktop notification over the session bus (actions "Start routine" and "Later"), else as
a tray message, else as a banner in the window the next time it shows. The main window is
built only when needed (started hidden at login, nothing but this object and the history are
loaded while waiting). Decisions are the domain's; this class shows and forwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from footcoach import APP_ID, APP_NAME, settings
from footcoach.activity import DESK_BREAK_ROUTINE, ActivityWatch, NudgePlan, Offer, WorkingHours
from footcoach.dbus_wire import ERROR, Message
from footcoach.history import History
from footcoach.pain import SafetySignal
from footcoach.prompts import (
    Prompt,
    PromptKind,
    RoutineWords,
    desk_break_prompt,
    reminder_prompt,
    return_prompt,
)
from footcoach.reminders import Reminder, ReminderPlan, ReminderSchedule, routine_done_on
from footcoach.ui.common.durations import minutes_text
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.companion.session_bus import SessionBus

if TYPE_CHECKING:
    from PySide6.QtWidgets import QToolBar

    from footcoach.ui.companion.reminder_banner import ReminderBanner
    from footcoach.ui.companion.tray import CompanionTray
    from footcoach.ui.mainwindow.main_window import MainWindow

log = logging.getLogger(__name__)

TICK_MS = 60_000
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
HANDLED_KEY = "reminders_handled_until"
# Where the desktop tells how long the session has been idle, in the order they are asked.
IDLE_SOURCES = (
    ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
     "org.gnome.Mutter.IdleMonitor", "GetIdletime"),
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
     "org.freedesktop.ScreenSaver", "GetSessionIdleTime"),
)  # fmt: skip
LOCK_SOURCES = (
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "GetActive"),
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
     "org.freedesktop.ScreenSaver", "GetActive"),
)  # fmt: skip


def wall_clock() -> datetime:
    """Now, aware, in UTC (the schedule works in the local zone itself)."""
    return datetime.now(UTC)


class Companion(QObject):
    """Keeps FootCoach useful while its window is closed; see the module's words."""

    prompt_shown = Signal(object, str)  # Prompt, where: "notification", "tray" or "banner"
    routine_started = Signal(str)  # routine id

    def __init__(
        self,
        preferences: Preferences,
        history: History,
        window_factory: Callable[[], MainWindow],
        *,
        bus: SessionBus | None = None,
        tray_available: bool | None = None,
        now: Callable[[], datetime] = wall_clock,
        zone: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.history = history
        self._window_factory = window_factory
        self._window: MainWindow | None = None
        self._now = now
        self._zone = zone
        self.bus = bus if bus is not None else SessionBus(parent=self)
        self.bus.signal_received.connect(self.on_bus_signal_received)
        self._notifications: dict[int, Prompt] = {}  # notification id -> what it offers
        self._subscribed = False
        self._idle_source: int | None = None  # index in IDLE_SOURCES that answered, -1: none
        self._pending_banner: Prompt | None = None
        self._banner_prompt: Prompt | None = None
        self._tray_prompt: Prompt | None = None
        self._banner: ReminderBanner | None = None
        self._banner_bar: QToolBar | None = None  # under the window's toolbar
        self._last_active: datetime = now()
        self.tray: CompanionTray | None = None
        # Started at login: closing the window goes back to waiting, whatever the setting.
        self.started_hidden = False
        available = (
            QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        )
        if available:
            self._build_tray()
        handled = _parse_instant(preferences.state(HANDLED_KEY))
        self.schedule = ReminderSchedule(
            self._reminder_plan(),
            now,
            lambda routine_id, day: routine_done_on(history, routine_id, day),
            handled_until=handled,
            zone=zone,
        )
        self.activity = ActivityWatch(self._nudge_plan(), zone=zone)
        # A coarse timer (the default) may fire within 5% of a minute: fine for reminders, and
        # it leaves Qt's namespace of enums (13 ms to create) untouched while waiting.
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    # -- settings ------------------------------------------------------------------------

    def _reminder_plan(self) -> ReminderPlan:
        p = self.preferences
        days = p.get(settings.REMINDER_DAYS) if p.get(settings.REMINDERS_ON) else frozenset()
        return ReminderPlan(
            days,
            p.get(settings.REMINDER_TIMES),
            p.get(settings.REMINDER_ROUTINE),
            timedelta(minutes=p.get(settings.SNOOZE_MINUTES)),
        )

    def _nudge_plan(self) -> NudgePlan:
        p = self.preferences
        start, end = p.get(settings.WORK_START), p.get(settings.WORK_END)
        if settings.working_hours_problem(start, end) is not None:
            start, end = settings.WORK_START.default, settings.WORK_END.default
        hours = WorkingHours(p.get(settings.WORK_DAYS), start, end)
        return NudgePlan(hours, timedelta(minutes=p.get(settings.NUDGE_MINUTES)))

    def apply_settings(self) -> None:
        """Settings changed: they apply from now on."""
        self.schedule.set_plan(self._reminder_plan())
        self.activity.plan = self._nudge_plan()
        self._remember_handled()
        self._update_tooltip()

    # -- running -------------------------------------------------------------------------

    def start(self) -> None:
        """Start waiting: check now (a reminder missed while off shows), then once a minute."""
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        """Stop waiting and remember where the reminders got to."""
        self.timer.stop()
        self._remember_handled()
        if self._window is not None:
            self._window.keep_running = None  # from now on, closing the window closes it
        if self.tray is not None:
            self.tray.close()
        self.bus.close()

    def tick(self) -> None:
        """One look at the clock: a reminder due, a desk break, a return after a while."""
        reminder = self.schedule.check()
        if reminder is not None:
            self._remember_handled()
            self.show_prompt(self._reminder_prompt(reminder))
        if self.preferences.get(settings.NUDGES_ON):
            self._ask_idle()
        self._update_tooltip()

    def _reminder_prompt(self, reminder: Reminder) -> Prompt:
        words = self._routine_words(reminder.routine_id)
        return reminder_prompt(reminder, words, self._safety_signals(), self._zone)

    def _safety_signals(self) -> tuple[SafetySignal, ...]:
        """The signals History shows today: they decide whether exercise may be offered."""
        from footcoach.trends import load_summary  # numpy: only when something is offered

        now = self._now()
        today = (now.astimezone(self._zone) if self._zone else now.astimezone()).date()
        return load_summary(self.history, today).safety_signals

    def _routine_words(self, routine_id: str) -> RoutineWords:
        from footcoach.catalog import load_catalog
        from footcoach.routines import RoutineError, RoutineStore
        from footcoach.routines.doses import routine_seconds_at

        try:
            catalog = self._window.catalog if self._window is not None else load_catalog()
            store = RoutineStore(self.history, catalog)
            routine = store.get(routine_id)
            seconds = routine_seconds_at(
                routine, catalog, store.level(routine_id), self.preferences.lead_in_seconds
            )
        except (RoutineError, KeyError):
            return RoutineWords(routine_id, "Your routine", "whenever suits you")
        return RoutineWords(routine_id, routine.name, minutes_text(seconds))

    # -- idle and nudges -------------------------------------------------------------------

    def _ask_idle(self) -> None:
        if self._idle_source == -1 or not self.bus.is_connected():
            self._observe(self._own_idle(), locked=False)
            return
        index = self._idle_source or 0
        self._ask_idle_from(index)

    def _ask_idle_from(self, index: int) -> None:
        if index >= len(IDLE_SOURCES):
            self._idle_source = -1
            self._observe(self._own_idle(), locked=False)
            return
        service, path, interface, member = IDLE_SOURCES[index]

        def answered(reply: Message) -> None:
            if reply.kind == ERROR or not reply.body:
                self._ask_idle_from(index + 1)
                return
            self._idle_source = index
            idle = timedelta(milliseconds=int(reply.body[0]))
            self._ask_locked(idle)

        if self.bus.call(service, path, interface, member, on_reply=answered) is None:
            self._observe(self._own_idle(), locked=False)

    def _ask_locked(self, idle: timedelta, index: int = 0) -> None:
        if index >= len(LOCK_SOURCES):
            self._observe(idle, locked=False)
            return
        service, path, interface, member = LOCK_SOURCES[index]

        def answered(reply: Message) -> None:
            if reply.kind == ERROR or not reply.body:
                self._ask_locked(idle, index + 1)
            else:
                self._observe(idle, locked=bool(reply.body[0]))

        if self.bus.call(service, path, interface, member, on_reply=answered) is None:
            self._observe(idle, locked=False)

    def _own_idle(self) -> timedelta:
        """Without the desktop's idle time: in use only while a FootCoach window is active."""
        now = self._now()
        if QApplication.activeWindow() is not None:
            self._last_active = now
        return now - self._last_active

    def _observe(self, idle: timedelta, locked: bool) -> None:
        offer = self.activity.observe(self._now(), idle, locked)
        if offer is Offer.DESK_BREAK:
            prompt = desk_break_prompt(
                self._routine_words(DESK_BREAK_ROUTINE), self._safety_signals()
            )
            if prompt is not None:
                self.show_prompt(prompt)
        elif offer is Offer.PAIN_CHECK:
            self.show_prompt(return_prompt())

    # -- showing ---------------------------------------------------------------------------

    def show_prompt(self, prompt: Prompt) -> None:
        """Show ``prompt`` where the desktop allows: notification, tray message, banner."""
        if self._notify(prompt):
            return
        self._show_without_notifications(prompt)

    def _notify(self, prompt: Prompt) -> bool:
        if not self.bus.is_connected():
            return False
        if not self._subscribed:
            self.bus.add_match(f"type='signal',interface='{NOTIFICATIONS}'")
            self._subscribed = True
        # "default" is a click on the notification itself: it opens the window.
        later = ["later", "Later"] if prompt.can_wait else []
        actions = ["start", prompt.start_text, *later, "default", "Open FootCoach"]
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", 1)}

        def answered(reply: Message) -> None:
            if reply.kind == ERROR or not reply.body:
                log.info("no notification service (%s)", reply.error_name)
                self._show_without_notifications(prompt)
                return
            self._notifications[int(reply.body[0])] = prompt
            self.prompt_shown.emit(prompt, "notification")

        sent = self.bus.call(
            NOTIFICATIONS, NOTIFICATIONS_PATH, NOTIFICATIONS, "Notify", "susssasa{sv}i",
            [APP_NAME, 0, APP_ID, prompt.title, prompt.body, actions, hints, -1],
            on_reply=answered,
        )  # fmt: skip
        return sent is not None

    def _show_without_notifications(self, prompt: Prompt) -> None:
        if self.tray is not None:
            self._tray_prompt = prompt
            self.tray.show_message(prompt.title, prompt.body)
            self.prompt_shown.emit(prompt, "tray")
            return
        self._pending_banner = prompt
        if self._window is not None and self._window.isVisible():
            self._show_banner()
        self.prompt_shown.emit(prompt, "banner")

    def on_bus_signal_received(self, message: Message) -> None:
        if message.interface != NOTIFICATIONS or not message.body:
            return
        prompt = self._notifications.get(int(message.body[0]))
        if prompt is None:
            return
        if message.member == "ActionInvoked" and len(message.body) > 1:
            self.answer(prompt, str(message.body[1]))
        elif message.member == "NotificationClosed":
            self._notifications.pop(int(message.body[0]), None)

    def answer(self, prompt: Prompt, key: str) -> None:
        """The person answered ``prompt``: ``start``, ``later`` or ``default`` (opened it)."""
        if key == "start":
            if prompt.kind is PromptKind.PAIN_CHECK:
                self.log_pain()
            elif prompt.routine_id is not None:
                self.start_routine(prompt.routine_id)
        elif key == "later":
            if prompt.reminder is not None:
                self.schedule.snooze(prompt.reminder)
            elif prompt.kind is PromptKind.DESK_BREAK:
                snooze = timedelta(minutes=self.preferences.get(settings.SNOOZE_MINUTES))
                self.activity.later(self._now(), snooze)
        else:
            self.open_window()

    # -- the window ----------------------------------------------------------------------

    @property
    def window(self) -> MainWindow | None:
        """The main window, if it was built."""
        return self._window

    def ensure_window(self) -> MainWindow:
        """The main window, built on first need."""
        if self._window is None:
            self._window = self._window_factory()
            self._window.keep_running = self.to_background
            self._window.companion_settings_changed.connect(self.apply_settings)
        return self._window

    def open_window(self) -> MainWindow:
        """Show the window restored, in front, with any reminder that waited for it."""
        from PySide6.QtCore import Qt  # its 93 enums cost 13 ms: not while only waiting

        window = self.ensure_window()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        if self._pending_banner is not None:
            self._show_banner()
        return window

    def start_routine(self, routine_id: str) -> None:
        """Open the window on ``routine_id``, at its pain check (a session running stays)."""
        window = self.open_window()
        if window.start_routine(routine_id):
            self.activity.took_break(self._now())
            self.routine_started.emit(routine_id)

    def log_pain(self) -> None:
        """Open the window and the pain entry (digits log it in one key)."""
        self.open_window().on_log_pain_triggered()

    def quit(self) -> None:
        """Quit FootCoach for good (the tray's Quit)."""
        if self._window is not None:
            self._window.quit_for_good()
        else:
            app = QApplication.instance()
            if app is not None:
                app.quit()

    def to_background(self) -> bool:
        """Closing the window: keep running when asked to (hidden with a tray, else minimised)."""
        wanted = self.started_hidden or self.preferences.get(settings.RUN_IN_BACKGROUND)
        if not wanted or self._window is None:
            return False
        if self.tray is not None:
            self._window.hide()
        else:
            self._window.showMinimized()
        return True

    def _show_banner(self) -> None:
        prompt, self._pending_banner = self._pending_banner, None
        if prompt is None or self._window is None:
            return
        if self._banner is None:
            from PySide6.QtCore import Qt

            from footcoach.ui.companion.reminder_banner import ReminderBanner

            self._banner = ReminderBanner()
            self._banner.start_requested.connect(lambda: self._answer_banner("start"))
            self._banner.later_requested.connect(lambda: self._answer_banner("later"))
            from PySide6.QtWidgets import QToolBar

            bar = QToolBar("Reminder")
            bar.setObjectName("reminder-bar")
            bar.setMovable(False)
            bar.addWidget(self._banner)
            self._window.addToolBarBreak()
            self._window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
            self._banner_bar = bar
        self._banner_prompt = prompt
        self._banner.show_prompt(prompt)
        assert self._banner_bar is not None
        self._banner_bar.show()

    def _answer_banner(self, key: str) -> None:
        if self._banner_bar is not None:
            self._banner_bar.hide()
        if self._banner_prompt is not None:
            self.answer(self._banner_prompt, key)

    # -- the tray --------------------------------------------------------------------------

    def _build_tray(self) -> None:
        from footcoach.ui.companion.tray import CompanionTray

        tray = CompanionTray(self)
        tray.start_routine_requested.connect(
            lambda: self.start_routine(self.preferences.get(settings.REMINDER_ROUTINE))
        )
        tray.log_pain_requested.connect(self.log_pain)
        tray.open_requested.connect(self.open_window)
        tray.quit_requested.connect(self.quit)
        tray.message_clicked.connect(self.on_tray_message_clicked)
        tray.show()
        self.tray = tray

    def on_tray_message_clicked(self) -> None:
        if self._tray_prompt is not None:
            self.answer(self._tray_prompt, "start")

    def _update_tooltip(self) -> None:
        if self.tray is None:
            return
        due = self.schedule.next_due()
        if due is None:
            self.tray.set_tooltip(APP_NAME)
            return
        local = due.astimezone(self._zone) if self._zone else due.astimezone()
        self.tray.set_tooltip(f"{APP_NAME}: next reminder {local:%a %H:%M}")

    def _remember_handled(self) -> None:
        self.preferences.set_state(HANDLED_KEY, self.schedule.handled_until.isoformat())


def _parse_instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
