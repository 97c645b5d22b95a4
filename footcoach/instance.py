"""One FootCoach at a time per data dir: a lock file, ``<data dir>/footcoach.lock``.

The GUI takes the lock without waiting and, if another instance holds it, says so and exits.
CLI commands that write wait briefly (``WRITE_WAIT_SECONDS``) and then fail with one clear
line. QtCore's ``QLockFile`` does the work on every platform; a lock left by a process that
died (a crash, a kill, a power cut) is recognised as stale and taken over.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLockFile

from footcoach import paths
from footcoach.errors import FootCoachError

LOCK_FILE_NAME = "footcoach.lock"
WRITE_WAIT_SECONDS = 2.0
# Longer than it takes a live process to write its lock file.
UNREADABLE_LOCK_SECONDS = 10.0


class InstanceLockedError(FootCoachError):
    """Another FootCoach holds the data dir (or the lock file cannot be created)."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds the lock, as written in the lock file."""

    pid: int
    hostname: str
    appname: str


class InstanceLock:
    """The single-instance lock of one data dir; also a context manager (waits briefly)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILE_NAME
        self._lock = QLockFile(str(self.path))
        # Staleness by age would steal the lock from a GUI left open for hours; QLockFile
        # still treats the lock of a dead process as stale.
        self._lock.setStaleLockTime(0)

    @property
    def locked(self) -> bool:
        """Whether this object holds the lock."""
        return self._lock.isLocked()

    def try_acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds; False if another process holds it."""
        if self.locked:
            return True
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise InstanceLockedError(
                f"Cannot create the data folder {self.data_dir}: {error.strerror or error}"
            ) from error
        locked = self._lock.tryLock(max(0, round(timeout * 1000)))
        if not locked and self._unreadable_and_old():
            # A lock file cut short (a power cut while it was written) names no process that
            # QLockFile could check, so it would never look stale: clear it ourselves.
            self._lock.removeStaleLockFile()
            locked = self._lock.tryLock(0)
        if locked:
            os.chmod(self.path, 0o600)
            return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            raise InstanceLockedError(
                f"Cannot create the lock file {self.path}: {self._why_not_writable()}"
            )
        return False

    def _why_not_writable(self) -> str:
        """The cause of a failed lock file, in plain words (QLockFile says only 'permission')."""
        problem = paths.write_problem(self.data_dir)
        if problem is not None:
            return problem
        if self._lock.error() == QLockFile.LockError.PermissionError:
            return "there is no permission to write in the folder"
        return "the disk could not be written"

    def _unreadable_and_old(self) -> bool:
        try:
            age = time.time() - self.path.stat().st_mtime
        except OSError:
            return False
        return self.holder() is None and age > UNREADABLE_LOCK_SECONDS

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock, waiting up to ``timeout`` seconds (default ``WRITE_WAIT_SECONDS``),
        else raise InstanceLockedError."""
        if not self.try_acquire(WRITE_WAIT_SECONDS if timeout is None else timeout):
            holder = self.holder()
            who = f" (process {holder.pid})" if holder is not None and holder.pid else ""
            raise InstanceLockedError(
                f"FootCoach is already running on {self.data_dir}{who}; close it and try again"
            )

    def release(self) -> None:
        """Give the lock back (removes the lock file); harmless if not held."""
        if self.locked:
            self._lock.unlock()

    def holder(self) -> LockHolder | None:
        """The process named in the lock file, or None if there is no readable lock file."""
        pid, hostname, appname = self._lock.getLockInfo()
        if not pid:
            return None
        return LockHolder(int(pid), str(hostname), str(appname))

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
