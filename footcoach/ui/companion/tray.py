"""The tray icon and its menu, where the desktop has a tray: Start routine, Log pain, Open, Quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from footcoach import APP_NAME
from footcoach.paths import asset_path


class CompanionTray(QObject):
    """A tray icon whose menu answers with signals; a click on the icon opens the window."""

    start_routine_requested = Signal()
    log_pain_requested = Signal()
    open_requested = Signal()
    quit_requested = Signal()
    message_clicked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.menu.setTitle(APP_NAME)
        self.actions: dict[str, QAction] = {}
        for key, text, signal in (
            ("start", "&Start routine", self.start_routine_requested),
            ("log", "&Log pain…", self.log_pain_requested),
            ("open", "&Open FootCoach", self.open_requested),
            ("quit", "&Quit", self.quit_requested),
        ):
            if key == "quit":
                self.menu.addSeparator()
            action = self.menu.addAction(text)
            action.triggered.connect(signal)
            self.actions[key] = action
        self.icon = QSystemTrayIcon(QIcon(str(asset_path("icons", "footcoach.svg"))), self)
        self.icon.setToolTip(APP_NAME)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self.on_icon_activated)
        self.icon.messageClicked.connect(self.message_clicked)

    def show(self) -> None:
        """Put the icon in the tray."""
        self.icon.show()

    def set_tooltip(self, text: str) -> None:
        """What hovering the icon says (the next reminder)."""
        self.icon.setToolTip(text)

    def show_message(self, title: str, text: str) -> None:
        """A tray balloon (where there is no notification service)."""
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 60_000)

    def on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def close(self) -> None:
        """Take the icon out of the tray."""
        self.icon.hide()
        self.menu.deleteLater()
