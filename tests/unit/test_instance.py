"""InstanceLock: one FootCoach per data dir, stale locks taken over."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach.instance import LOCK_FILE_NAME, InstanceLock, InstanceLockedError

HOLDER = """
import sys
from pathlib import Path
from footcoach.instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("locked" if lock.try_acquire() else "refused", flush=True)
sys.stdin.read()  # hold until killed or stdin closes
"""


def test_a_second_lock_on_the_same_dir_is_refused(data_dir: Path) -> None:
    first = InstanceLock(data_dir)
    assert first.try_acquire()
    assert first.locked and first.try_acquire()  # already ours
    second = InstanceLock(data_dir)
    assert not second.try_acquire()
    holder = second.holder()
    assert holder is not None and holder.pid == os.getpid()
    with pytest.raises(InstanceLockedError, match=f"already running on {data_dir}") as caught:
        second.acquire(timeout=0)
    assert f"process {os.getpid()}" in str(caught.value)
    first.release()
    assert not (data_dir / LOCK_FILE_NAME).exists()
    assert second.try_acquire()
    second.release()
    second.release()  # harmless when not held


def test_the_lock_file_is_private_and_a_context_manager(data_dir: Path) -> None:
    with InstanceLock(data_dir) as lock:
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
        assert not InstanceLock(data_dir).try_acquire()
    assert InstanceLock(data_dir).holder() is None


def test_the_data_dir_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    lock = InstanceLock(target)
    assert lock.try_acquire()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    lock.release()


def test_another_process_holds_the_lock_until_it_is_killed(data_dir: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        lock = InstanceLock(data_dir)
        assert not lock.try_acquire()
        holder = lock.holder()
        assert holder is not None and holder.pid == child.pid
        child.send_signal(signal.SIGKILL)
        child.wait()
        # The file is still there, but its process is gone: a stale lock, taken over.
        assert (data_dir / LOCK_FILE_NAME).exists()
        assert lock.try_acquire()
        lock.release()
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()
        child.stdout.close()


def test_an_unreadable_lock_file_is_taken_over_once_old(data_dir: Path) -> None:
    path = data_dir / LOCK_FILE_NAME
    path.write_bytes(b"\x00garbage")
    lock = InstanceLock(data_dir)
    assert not lock.try_acquire()  # fresh: maybe a process is still writing it
    os.utime(path, (0, 0))
    assert lock.try_acquire()
    lock.release()


def test_an_impossible_lock_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InstanceLockedError, match="Cannot create the data folder"):
        InstanceLock(blocker / "data").try_acquire()
