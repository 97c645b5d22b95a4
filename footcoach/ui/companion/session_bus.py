"""One connection to the session bus, read in Qt's event loop: calls, replies and signals.

The wire format is ``footcoach.dbus_wire`` (why not QtDBus is said there). The connection is
made on first use with a short timeout; where there is no session bus, or it goes away, every
call answers "not connected" and the companion falls back to the tray or the window.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from footcoach import dbus_wire
from footcoach.dbus_wire import Message

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
CONNECT_TIMEOUT_S = 1.0

Reply = Callable[[Message], None]


class SessionBus(QObject):
    """A session bus connection; ``signal_received`` carries every signal matched."""

    signal_received = Signal(object)  # dbus_wire.Message
    disconnected = Signal()

    def __init__(self, address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._buffer = bytearray()
        self._serial = 0
        self._pending: dict[int, Reply] = {}
        self._tried = False
        self.unique_name: str | None = None

    def is_connected(self) -> bool:
        """Connect on first use; whether there is a live connection."""
        if self._socket is None and not self._tried:
            self._tried = True
            try:
                self._connect()
            except (OSError, ValueError) as error:  # WireError, or an address with bad %-escapes
                log.info("no session bus: %s", error)
                self._drop()
        return self._socket is not None

    def call(
        self,
        destination: str,
        path: str,
        interface: str,
        member: str,
        signature: str = "",
        args: Sequence[Any] = (),
        on_reply: Reply | None = None,
    ) -> int | None:
        """Send a method call; ``on_reply`` gets the return or the error. None: not sent."""
        if not self.is_connected():
            return None
        message = Message(
            dbus_wire.METHOD_CALL,
            self._next_serial(),
            path=path,
            interface=interface,
            member=member,
            destination=destination,
            signature=signature,
            body=list(args),
            flags=0 if on_reply is not None else dbus_wire.NO_REPLY_EXPECTED,
        )
        if on_reply is not None:
            self._pending[message.serial] = on_reply
        if not self._send(message):
            self._pending.pop(message.serial, None)
            return None
        return message.serial

    def add_match(self, rule: str) -> None:
        """Receive the signals that ``rule`` matches (D-Bus match rule syntax)."""
        self.call(BUS_NAME, BUS_PATH, BUS_NAME, "AddMatch", "s", [rule])

    def close(self) -> None:
        """Close the connection (no signals after this)."""
        self._drop()
        self._tried = True

    # -- the connection ------------------------------------------------------------------

    def _connect(self) -> None:
        address = self._address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if not address:
            raise dbus_wire.WireError("DBUS_SESSION_BUS_ADDRESS is not set")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket = sock
        sock.settimeout(CONNECT_TIMEOUT_S)
        sock.connect(dbus_wire.session_bus_path(address))
        sock.sendall(dbus_wire.auth_request())
        if not self._read_line(sock).startswith(b"OK "):
            raise dbus_wire.WireError("the session bus refused the authentication")
        sock.sendall(b"BEGIN\r\n")
        hello = Message(
            dbus_wire.METHOD_CALL,
            self._next_serial(),
            path=BUS_PATH,
            interface=BUS_NAME,
            member="Hello",
            destination=BUS_NAME,
        )
        sock.sendall(dbus_wire.encode(hello))
        reply = self._wait_for_reply(sock, hello.serial)
        self.unique_name = str(reply.body[0]) if reply.body else None
        sock.setblocking(False)
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_socket_readable)

    @staticmethod
    def _read_line(sock: socket.socket) -> bytes:
        line = b""
        while not line.endswith(b"\r\n") and len(line) < 512:
            chunk = sock.recv(1)
            if not chunk:
                break
            line += chunk
        return line

    def _wait_for_reply(self, sock: socket.socket, serial: int) -> Message:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                raise dbus_wire.WireError("the session bus closed the connection")
            self._buffer += chunk
            for message in dbus_wire.decode_all(self._buffer):
                if message.reply_serial == serial:
                    if message.kind == dbus_wire.ERROR:
                        raise dbus_wire.WireError(f"the bus answered {message.error_name}")
                    return message

    def _send(self, message: Message) -> bool:
        assert self._socket is not None
        data = dbus_wire.encode(message)
        try:
            self._socket.setblocking(True)
            self._socket.settimeout(CONNECT_TIMEOUT_S)
            self._socket.sendall(data)
            self._socket.setblocking(False)
        except OSError as error:
            log.info("session bus gone: %s", error)
            self._drop()
            return False
        return True

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def on_socket_readable(self) -> None:
        if self._socket is None:
            return
        try:
            chunk = self._socket.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop()
            return
        self._buffer += chunk
        try:
            for message in list(dbus_wire.decode_all(self._buffer)):
                self._dispatch(message)
        except dbus_wire.WireError as error:
            log.warning("session bus: a message could not be read (%s); disconnecting", error)
            self._drop()

    def _dispatch(self, message: Message) -> None:
        if message.kind in (dbus_wire.METHOD_RETURN, dbus_wire.ERROR):
            reply = self._pending.pop(message.reply_serial or 0, None)
            if reply is not None:
                reply(message)
        elif message.kind == dbus_wire.SIGNAL:
            self.signal_received.emit(message)

    def _drop(self) -> None:
        was_connected = self._socket is not None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._buffer.clear()
        pending, self._pending = self._pending, {}
        gone = Message(dbus_wire.ERROR, 0, error_name="org.freedesktop.DBus.Error.Disconnected")
        for reply in pending.values():
            reply(gone)
        if was_connected:
            self.disconnected.emit()
