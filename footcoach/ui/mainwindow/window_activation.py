"""A second start brings the running window forward instead of opening another.

The first FootCoach on a data dir (the one holding ``instance.InstanceLock``) listens on a
local socket named after that data dir, so two data dirs run side by side. A second start on
the same data dir sends ``activate`` there and exits; the first raises and activates its
window. Local sockets only (a Unix socket file, readable by this user alone): no network.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

ACTIVATE = b"activate\n"
DONE = b"ok\n"
WAIT_MS = 1500  # the running window answers within milliseconds; a hung one gets this long


def socket_name(data_dir: Path) -> str:
    """The socket's name for ``data_dir``: per user and per data dir (resolved)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"footcoach-{getpass.getuser()}-{digest}"


def request_activation(data_dir: Path) -> bool:
    """Ask the FootCoach running on ``data_dir`` to bring its window forward; True if it did."""
    socket = QLocalSocket()
    socket.connectToServer(socket_name(data_dir))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(ACTIVATE)
    answered = socket.waitForBytesWritten(WAIT_MS) and socket.waitForReadyRead(WAIT_MS)
    reply = bytes(socket.readAll().data()) if answered else b""
    socket.disconnectFromServer()
    return reply == DONE


class WindowActivation(QObject):
    """Listens for a second start on the data dir and brings ``window`` forward."""

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
        self._name = socket_name(data_dir)
        self._server = QLocalServer(self)
        # The socket file is this user's alone.
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self.on_server_new_connection)

    def listen(self) -> bool:
        """Start listening (call while holding the data dir's lock); False if it cannot."""
        # Only the lock holder listens, so a socket file left under this name is a leftover
        # of a process that died: remove it first.
        QLocalServer.removeServer(self._name)
        return self._server.listen(self._name)

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        self._server.close()

    def server_path(self) -> str:
        """The socket file listened on (empty when not listening)."""
        return self._server.fullServerName()

    def on_server_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == ACTIVATE:
            self.bring_forward()
            socket.write(DONE)
            socket.flush()
        socket.disconnectFromServer()

    def bring_forward(self) -> None:
        """Show the window restored, on top and active."""
        window = self._open_window() if self._open_window is not None else self._window
        assert window is not None
        window.setWindowState(
            (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        window.show()
        window.raise_()
        window.activateWindow()
        self.activated.emit()
