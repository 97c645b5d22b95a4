"""The companion: reminders as desktop notifications over a real session bus (a private
dbus-daemon and a fake notification service), the tray and no-tray paths, background running."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach import settings
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.companion.companion import Companion
from footcoach.ui.companion.session_bus import SessionBus

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 3, 2)
FAKE_SERVICE = Path(__file__).parents[2] / "helpers" / "fake_notifications.py"

# Offscreen, a window cannot raise itself; open_window asks all the same.
pytestmark = pytest.mark.qt_log_ignore("does not support raise")
# The red-flag questions answered before: a reminder's Start goes straight to the pain check.
answered = pytest.mark.usefixtures("red_flags_answered")

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None,
    reason="dbus-daemon is not installed (Debian package dbus-daemon; bootstrap.py test adds it)",
)


class WallClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def session_bus() -> Iterator[str]:
    """A private session bus: its address."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    yield address
    daemon.terminate()
    daemon.wait(timeout=10)
    daemon.stdout.close()


def start_service(address: str, *options: str) -> subprocess.Popen[str]:
    env = {"DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    service = subprocess.Popen(
        [sys.executable, str(FAKE_SERVICE), *options],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert service.stdout is not None
    assert service.stdout.readline().strip() == "ready"
    return service


def calls_of(service: subprocess.Popen[str]) -> list[dict[str, object]]:
    assert service.stdin is not None and service.stdout is not None
    service.stdin.close()  # it ends; what it printed is all there
    service.wait(timeout=10)
    with service.stdout:
        return [json.loads(line) for line in service.stdout]


def remind_at_six(preferences: Preferences) -> None:
    preferences.set(settings.REMINDERS_ON, True)
    preferences.set(settings.REMINDER_DAYS, settings.ALL_DAYS)
    preferences.set(settings.REMINDER_TIMES, (time(18, 0),))


@pytest.fixture
def make_companion(make_window, history, qtbot: QtBot):  # type: ignore[no-untyped-def]
    made: list[Companion] = []

    def make(address: str | None, tray: bool = False, clock: WallClock | None = None) -> Companion:
        preferences = Preferences(Path(history.data_dir) / "settings.ini")
        remind_at_six(preferences)
        wall = clock or WallClock(datetime.combine(MONDAY, time(17, 59), tzinfo=LONDON))
        bus = SessionBus(address if address is not None else "unix:path=/nonexistent/bus")
        companion = Companion(
            preferences, history, make_window, bus=bus, tray_available=tray, now=wall, zone=LONDON
        )
        made.append(companion)
        return companion

    yield make
    for companion in made:
        companion.stop()


def reach_six(companion: Companion) -> None:
    clock = companion._now
    assert isinstance(clock, WallClock)
    clock.now = datetime.combine(MONDAY, time(18, 0), tzinfo=LONDON)
    companion.tick()


@answered
@needs_dbus
def test_a_reminder_is_a_notification_and_start_routine_starts_it(
    session_bus: str, make_companion, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    service = start_service(session_bus, "--invoke", "start")
    companion = make_companion(session_bus)
    shown = []
    companion.prompt_shown.connect(lambda prompt, where: shown.append((prompt.kind, where)))
    assert companion.window is None  # nothing built while waiting
    with qtbot.waitSignal(companion.routine_started, timeout=10_000) as started:
        reach_six(companion)
    assert started.args == ["daily-foot-routine"]
    assert shown == [("reminder", "notification")]
    window = companion.window
    assert window is not None and window.isVisible()
    assert window.current_view() == "routine"
    assert window.routine_player is not None
    assert window.routine_player.page() == "pain-check"
    assert window.routine_player.routine is not None
    assert window.routine_player.routine.id == "daily-foot-routine"
    notify = [c for c in calls_of(service) if c["member"] == "Notify"]
    assert len(notify) == 1
    assert notify[0]["signature"] == "susssasa{sv}i"  # replaces_id unsigned, as the spec says
    app_name, replaces, icon, title, body, actions, _hints, timeout = notify[0]["args"]  # type: ignore[misc]
    assert (app_name, replaces, icon, timeout) == (
        "FootCoach",
        0,
        "io.github.footcoach.FootCoach",
        -1,
    )
    assert title == "Time for your foot routine"
    assert body.startswith("Daily foot routine, about ")
    assert actions == ["start", "Start routine", "later", "Later", "default", "Open FootCoach"]


@needs_dbus
def test_later_snoozes_the_reminder_without_opening_the_window(
    session_bus: str, make_companion, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    service = start_service(session_bus, "--invoke", "later")
    companion = make_companion(session_bus)
    reach_six(companion)
    qtbot.waitUntil(lambda: companion.schedule.snoozed_until is not None, timeout=10_000)
    assert companion.schedule.snoozed_until == datetime.combine(MONDAY, time(18, 15), tzinfo=LONDON)
    assert companion.window is None
    calls_of(service)


@answered
@needs_dbus
def test_a_refusing_service_falls_back_to_a_banner_when_the_window_shows(
    session_bus: str, make_companion, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    service = start_service(session_bus, "--refuse")
    companion = make_companion(session_bus)
    with qtbot.waitSignal(companion.prompt_shown, timeout=10_000) as shown:
        reach_six(companion)
    assert shown.args[1] == "banner"
    assert [c["member"] for c in calls_of(service)] == ["Notify"]
    window = companion.open_window()
    banner = companion._banner
    assert banner is not None and banner.isVisible()
    assert "Time for your foot routine" in banner.text.text()
    banner.start_button.click()
    assert window.routine_player is not None and window.routine_player.page() == "pain-check"
    assert not banner.isVisible()


def test_without_a_session_bus_the_reminder_waits_for_the_window(make_companion) -> None:  # type: ignore[no-untyped-def]
    companion = make_companion(None)
    kinds = []
    companion.prompt_shown.connect(lambda prompt, where: kinds.append(where))
    reach_six(companion)
    assert kinds == ["banner"] and companion.window is None
    companion.open_window()
    assert companion._banner is not None and companion._banner.isVisible()
    companion._banner.later_button.click()
    assert companion.schedule.snoozed_until is not None


@answered
# Offscreen there is no tray: Qt says so when the icon is shown, which is what this test fakes.
@answered
@pytest.mark.qt_log_ignore("QSystemTrayIcon", "system tray", "does not support raise")
def test_with_a_tray_its_menu_and_messages_work(make_companion, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from footcoach.ui.companion.tray import CompanionTray

    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(CompanionTray, "show", lambda self: None)
    monkeypatch.setattr(CompanionTray, "show_message", lambda self, t, b: messages.append((t, b)))
    companion = make_companion(None, tray=True)
    tray = companion.tray
    assert tray is not None
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "&Start routine",
        "&Log pain…",
        "&Open FootCoach",
        "&Quit",
    ]
    reach_six(companion)
    assert messages and messages[0][0] == "Time for your foot routine"
    assert companion.window is None
    tray.message_clicked.emit()  # a click on the message starts the routine
    window = companion.window
    assert window is not None and window.routine_player is not None
    assert window.routine_player.page() == "pain-check"
    # Closing with background running on: hidden in the tray, still there.
    companion.preferences.set(settings.RUN_IN_BACKGROUND, True)
    window.show_view("exercises")
    window.close()
    assert window.isHidden() and not window.isMinimized()
    tray.actions["open"].trigger()
    assert window.isVisible()
    tray.actions["log"].trigger()
    assert window.pain_dialog is not None
    window.pain_dialog.reject()


def test_without_a_tray_closing_minimises_when_running_in_the_background(make_companion) -> None:  # type: ignore[no-untyped-def]
    companion = make_companion(None, tray=False)
    assert companion.tray is None
    window = companion.open_window()
    companion.preferences.set(settings.RUN_IN_BACKGROUND, True)
    window.close()
    assert window.isVisible() and window.isMinimized()  # still usable from the taskbar
    companion.open_window()
    assert not window.isMinimized()
    companion.preferences.set(settings.RUN_IN_BACKGROUND, False)
    window.close()
    assert not window.isVisible()  # closed for good, as before


def test_started_hidden_closing_goes_back_to_waiting(make_companion) -> None:  # type: ignore[no-untyped-def]
    companion = make_companion(None, tray=False)
    companion.started_hidden = True
    assert companion.window is None
    window = companion.open_window()
    window.close()
    assert window.isMinimized()


def test_a_day_whose_routine_is_done_has_no_reminder(make_companion, history) -> None:  # type: ignore[no-untyped-def]
    from footcoach.records import Moment, SessionRecord

    moment = Moment.from_datetime(datetime.combine(MONDAY, time(9), tzinfo=LONDON))
    history.start_session(SessionRecord("s", "daily-foot-routine", moment))
    history.finish_session("s", moment, completed=True)
    companion = make_companion(None)
    kinds = []
    companion.prompt_shown.connect(lambda prompt, where: kinds.append(where))
    reach_six(companion)
    assert kinds == []


@answered
def test_a_desk_break_offers_the_seated_routine_and_a_return_offers_the_pain_check(
    make_companion,
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    companion = make_companion(
        None, clock=WallClock(datetime.combine(MONDAY, time(8, 59), tzinfo=LONDON))
    )
    companion.preferences.set(settings.NUDGES_ON, True)
    companion.apply_settings()
    prompts = []
    companion.prompt_shown.connect(lambda prompt, where: prompts.append(prompt))
    clock = companion._now
    for _ in range(61):  # an hour at the computer, seen once a minute
        clock.now += timedelta(minutes=1)
        companion._observe(timedelta(seconds=20), locked=False)
    assert [p.kind for p in prompts] == ["desk-break"]
    assert prompts[0].routine_id == "desk-break"
    assert "seated" in prompts[0].body
    companion.open_window()
    companion._banner.start_button.click()
    player = companion.window.routine_player
    assert player.page() == "pain-check" and player.routine.id == "desk-break"
    player.stop()
    clock.now += timedelta(minutes=50)  # the computer slept: away, on their feet
    companion._observe(timedelta(seconds=5), locked=False)
    assert prompts[-1].kind == "pain-check"
    assert "forefoot" in prompts[-1].body


@needs_dbus
def test_idle_time_comes_from_the_desktop_over_the_bus(
    session_bus: str, make_companion, qtbot: QtBot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    service = start_service(session_bus, "--idle-ms", "420000")
    companion = make_companion(session_bus)
    companion.preferences.set(settings.NUDGES_ON, True)
    seen: list[tuple[timedelta, bool]] = []
    monkeypatch.setattr(companion, "_observe", lambda idle, locked: seen.append((idle, locked)))
    companion.tick()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [(timedelta(minutes=7), False)]  # no screen saver here: not locked
    assert companion._idle_source == 0
    assert [c["member"] for c in calls_of(service)] == ["GetIdletime"]


def test_a_reminder_missed_while_footcoach_was_off_shows_once_at_the_next_start(
    make_companion,
) -> None:  # type: ignore[no-untyped-def]
    first = make_companion(None, clock=WallClock(datetime.combine(MONDAY, time(17), tzinfo=LONDON)))
    first.start()
    first.stop()  # quit at 17:00; the 18:00 reminder falls while it is off
    evening = WallClock(datetime.combine(MONDAY, time(20), tzinfo=LONDON))
    second = make_companion(None, clock=evening)
    shown = []
    second.prompt_shown.connect(lambda prompt, where: shown.append(prompt))
    second.start()
    assert len(shown) == 1 and shown[0].reminder.late
    assert "It was due at 18:00" in shown[0].body
    second.stop()
    third = make_companion(None, clock=evening)
    again = []
    third.prompt_shown.connect(lambda prompt, where: again.append(prompt))
    third.start()
    assert again == []  # never repeated


def test_with_high_pain_the_reminder_asks_about_the_foot_and_no_desk_break_comes(
    make_companion, history
) -> None:  # type: ignore[no-untyped-def]
    """A score of 8 this morning: History says ease off, so the companion asks for no exercise."""
    from datetime import timedelta

    from footcoach.records import Moment, PainContext, PainEntry

    moment = Moment.from_datetime(datetime.combine(MONDAY, time(7, 30), tzinfo=LONDON))
    history.add_pain(PainEntry("p1", moment, 8, PainContext.MORNING))
    companion = make_companion(None)
    prompts = []
    companion.prompt_shown.connect(lambda prompt, where: prompts.append(prompt))
    reach_six(companion)
    assert [p.kind for p in prompts] == ["pain-check"]
    assert "see a healthcare professional" in prompts[0].body
    companion.open_window()
    assert companion._banner is not None and not companion._banner.later_button.isVisible()
    companion.preferences.set(settings.NUDGES_ON, True)
    companion.apply_settings()
    clock = companion._now
    clock.now = datetime.combine(MONDAY, time(9, 0), tzinfo=LONDON)
    for _ in range(121):  # two hours at the computer: a break would be due twice
        clock.now += timedelta(minutes=1)
        companion._observe(timedelta(seconds=20), locked=False)
    assert [p.kind for p in prompts] == ["pain-check"]


@pytest.mark.qt_log_ignore("QSystemTrayIcon", "system tray", "does not support raise")
def test_the_companion_starts_ask_the_red_flags_first_until_they_are_answered(
    make_companion, monkeypatch, qtbot: QtBot, history
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from footcoach.screening import load_screening
    from footcoach.ui.companion.tray import CompanionTray

    monkeypatch.setattr(CompanionTray, "show", lambda self: None)
    companion = make_companion(
        None, tray=True, clock=WallClock(datetime.combine(MONDAY, time(8, 59), tzinfo=LONDON))
    )
    companion.tray.actions["start"].trigger()  # the tray's Start routine
    window = companion.window
    player = window.routine_player
    assert player.page() == "screening" and window.current_view() == "routine"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # not now
    assert player.page() == "picker"
    assert history.latest_screening() is None and history.sessions() == []
    # A desk break's Start (here its banner, as where there are no notifications) asks too.
    companion.preferences.set(settings.NUDGES_ON, True)
    companion.apply_settings()
    prompts = []
    companion.prompt_shown.connect(lambda prompt, where: prompts.append(prompt))
    for _ in range(61):
        companion._now.now += timedelta(minutes=1)
        companion._observe(timedelta(seconds=20), locked=False)
    assert [p.kind for p in prompts] == ["desk-break"]
    companion.answer(prompts[0], "start")  # Start desk break
    assert player.page() == "screening"
    for _ in load_screening().ids():
        qtbot.keyClick(QApplication.focusWidget(), "n")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert history.latest_screening() is not None
    assert player.page() == "pain-check" and player.routine.id == "desk-break"


@pytest.mark.parametrize("address", ["unix:path=/tmp/bad%zz", "tcp:host=localhost,port=1", ""])
def test_an_unusable_bus_address_means_no_bus_not_a_crash(address: str) -> None:
    bus = SessionBus(address)
    assert not bus.is_connected()
