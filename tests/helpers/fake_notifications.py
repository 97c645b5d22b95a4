"""A fake desktop notification service for tests, on the session bus given in the environment.

Run as a script (QtDBus, in its own process): it owns ``org.freedesktop.Notifications``,
prints ``ready`` and then one JSON line per call it receives (member, signature, arguments),
answers ``Notify`` with an id, and with ``--invoke KEY`` invokes that action on each
notification it shows, as a person clicking the button would. ``--refuse`` answers every call
with an error, as a broken service would. With ``--idle-ms N`` it also plays GNOME's idle
monitor (``GetIdletime`` answers N). It ends when its stdin closes.
"""

from __future__ import annotations

import argparse
import json
import sys

from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
IDLE_NAME = "org.gnome.Mutter.IdleMonitor"
IDLE_PATH = "/org/gnome/Mutter/IdleMonitor/Core"


def plain(value: object) -> object:
    """A JSON-friendly form of a received argument (QtDBus hands some back opaque)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return type(value).__name__


class FakeNotifications(QDBusVirtualObject):
    def __init__(self, invoke: str | None, refuse: bool, idle_ms: int | None = None) -> None:
        super().__init__()
        self.invoke = invoke
        self.refuse = refuse
        self.idle_ms = idle_ms
        self.next_id = 41

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:  # noqa: N802
        record = {
            "member": message.member(),
            "signature": message.signature(),
            "args": plain(list(message.arguments())),
        }
        print(json.dumps(record), flush=True)
        if self.refuse:
            error = message.createErrorReply("org.freedesktop.DBus.Error.Failed", "refused")
            connection.send(error)
            return True
        if message.member() == "Notify":
            self.next_id += 1
            connection.send(message.createReply(self.next_id))
            if self.invoke is not None:
                signal = QDBusMessage.createTargetedSignal(
                    message.service(), PATH, NAME, "ActionInvoked"
                )
                signal.setArguments([self.next_id, self.invoke])
                connection.send(signal)
            return True
        if message.member() == "GetIdletime" and self.idle_ms is not None:
            connection.send(message.createReply(self.idle_ms))
            return True
        if message.member() == "GetCapabilities":
            connection.send(message.createReply([["actions", "body"]]))
            return True
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoke")
    parser.add_argument("--refuse", action="store_true")
    parser.add_argument("--idle-ms", type=int)
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    server = FakeNotifications(args.invoke, args.refuse, args.idle_ms)
    if not (bus.registerVirtualObject(PATH, server) and bus.registerService(NAME)):
        print("could not register", flush=True)
        return 1
    if args.idle_ms is not None and not (
        bus.registerVirtualObject(IDLE_PATH, server) and bus.registerService(IDLE_NAME)
    ):
        print("could not register the idle monitor", flush=True)
        return 1
    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    stdin.activated.connect(lambda: sys.stdin.readline() or app.quit())
    print("ready", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
