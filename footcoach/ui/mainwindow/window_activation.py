"""A second start brings the running window forward instead of opening another.

The first FootCoach on a data dir (the one holding ``instance.InstanceLock``) listens on a
local socket named after that data dir, so two data dirs run side by side. A second start on
the same data dir sends ``activate`` there and exits; the first raises and activates its
window. Local sockets only (a Unix socket file, readable by this user alone): no network.
"""

from __future__ import annotations

import functools
import getpass
import os
import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QObject, QSocketNotifier, Signal
from PySide6.QtWidgets import QWidget

ACTIVATE = b"activate\n"
DONE = b"ok\n"
WAIT_MS = 1500  # the running window answers within milliseconds; a hung one gets this long


def socket_name(data_dir: Path) -> str:
    """The socket's name for ``data_dir``: per user and per data dir (resolved)."""
    digest = f"{_fnv1a_64(str(Path(data_dir).resolve()).encode()):016x}"
    return f"footcoach-{getpass.getuser()}-{digest}"


def _fnv1a_64(data: bytes) -> int:
    """FNV-1a, 64 bits: a stable name from a path without loading OpenSSL (hashlib, 5 MB)."""
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def request_activation(data_dir: Path) -> bool:
    """Ask the FootCoach running on ``data_dir`` to bring its window forward; True if it did."""
    from PySide6.QtNetwork import QLocalSocket

    client = QLocalSocket()
    client.connectToServer(socket_name(data_dir))
    if not client.waitForConnected(WAIT_MS):
        return False
    client.write(ACTIVATE)
    answered = client.waitForBytesWritten(WAIT_MS) and client.waitForReadyRead(WAIT_MS)
    reply = bytes(client.readAll().data()) if answered else b""
    client.disconnectFromServer()
    return reply == DONE


class WindowActivation(QObject):
    """Listens for a second start on the data dir and brings ``window`` forward.

    The listening side is a plain Unix socket read in Qt's event loop, at the path a
    ``QLocalSocket`` looks for the name: it keeps QtNetwork (6 MB) out of a FootCoach that only
    waits in the background; ``request_activation`` (a second start, which exits at once)
    still connects with QtNetwork.
    """

    activated = Signal()
    """A second start asked for the window, and it was raised."""

    def __init__(
        self,
        data_dir: Path,
        window: QWidget | None = None,
        *,
        open_window: Callable[[], QWidget] | None = None,
    ) -> None:
        """Raise ``window``, or the one ``open_window`` builds and shows (started hidden)."""
        super().__init__(window)
        self._window = window
        self._open_window = open_window
        self._path = Path(QDir.tempPath()) / socket_name(data_dir)
        self._server: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[int, tuple[socket.socket, QSocketNotifier, bytearray]] = {}

    def listen(self) -> bool:
        """Start listening (call while holding the data dir's lock); False if it cannot."""
        # Only the lock holder listens, so a socket file left under this name is a leftover
        # of a process that died: remove it first.
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        mask = os.umask(0o177)  # the socket file is this user's alone from the start
        try:
            self._path.unlink(missing_ok=True)
            server.bind(str(self._path))
            server.listen(4)
        except OSError:
            server.close()
            return False
        finally:
            os.umask(mask)
        server.setblocking(False)
        self._server = server
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_server_new_connection)
        return True

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        for client in list(self._clients):
            self._drop(client)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._server is not None:
            self._server.close()
            self._server = None
            self._path.unlink(missing_ok=True)

    def server_path(self) -> str:
        """The socket file listened on (empty when not listening)."""
        return str(self._path) if self._server is not None else ""

    def on_server_new_connection(self) -> None:
        while self._server is not None:
            try:
                connection, _ = self._server.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            connection.setblocking(False)
            notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
            key = connection.fileno()
            self._clients[key] = (connection, notifier, bytearray())
            notifier.activated.connect(functools.partial(self._on_client_readable, key))
            self._read(key)

    def _on_client_readable(self, key: int, *_signal_args: object) -> None:
        self._read(key)

    def _read(self, key: int) -> None:
        if key not in self._clients:
            return
        connection, _notifier, buffer = self._clients[key]
        try:
            chunk = connection.recv(256)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        buffer += chunk
        if chunk and b"\n" not in buffer and len(buffer) < 256:
            return  # the rest of the line is still on its way
        if buffer.split(b"\n", 1)[0] + b"\n" == ACTIVATE:
            self.bring_forward()
            try:
                connection.setblocking(True)
                connection.settimeout(WAIT_MS / 1000)
                connection.sendall(DONE)
            except OSError:
                pass
        self._drop(key)

    def _drop(self, key: int) -> None:
        connection, notifier, _buffer = self._clients.pop(key)
        notifier.setEnabled(False)
        notifier.deleteLater()
        connection.close()

    def bring_forward(self) -> None:
        """Show the window restored, on top and active."""
        from PySide6.QtCore import Qt  # its enums cost 13 ms: not while only waiting

        window = self._open_window() if self._open_window is not None else self._window
        assert window is not None
        window.setWindowState(
            (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        window.show()
        window.raise_()
        window.activateWindow()
        self.activated.emit()
