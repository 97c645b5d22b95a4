"""The checks before the window: a display that answers, and not root under sudo."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from footcoach.app import _x_display_reachable, check_display, check_not_sudo
from footcoach.errors import FootCoachError


def _nobody_answers(display: str) -> bool:
    return False


@pytest.mark.parametrize(
    "environ",
    [
        {"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":5"},
        {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":5"},
    ],
)
def test_no_x_connection_is_tried_where_qt_does_not_use_x(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    check_display(environ, reachable=_nobody_answers)


@pytest.mark.parametrize("platform", ["", "xcb"])
def test_a_display_nobody_answers_is_named(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    with pytest.raises(FootCoachError, match=r"cannot open the display ':5' \(DISPLAY\)"):
        check_display({"QT_QPA_PLATFORM": platform, "DISPLAY": ":5"}, reachable=_nobody_answers)
    check_display({"QT_QPA_PLATFORM": platform, "DISPLAY": ":5"}, reachable=lambda _d: True)


def test_xcb_without_any_display_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    with pytest.raises(FootCoachError, match="no display found"):
        check_display({"QT_QPA_PLATFORM": "xcb"})


@pytest.fixture
def live_display() -> Iterator[str]:
    """A real X server (Xvfb) on a display number it picks itself."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    number = server.stdout.readline().strip()  # written once the server accepts clients
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()


def test_the_probe_tells_a_live_display_from_a_dead_one(live_display: str) -> None:
    assert _x_display_reachable(live_display)
    server_number = int(live_display[1:])
    assert not _x_display_reachable(f":{server_number + 1000}")


@pytest.mark.parametrize(
    ("environ", "euid", "refused"),
    [
        ({"SUDO_USER": "alice"}, 0, True),
        ({"SUDO_USER": "alice"}, 1000, False),  # sudo -u alice: runs as alice
        ({"SUDO_USER": "root"}, 0, False),  # root using sudo is root anyway
        ({}, 0, False),  # CI and containers run as root without sudo
    ],
)
def test_root_under_sudo_is_refused_with_the_way_to_run_it(
    environ: dict[str, str], euid: int, refused: bool
) -> None:
    if not refused:
        check_not_sudo(environ, euid=euid)
        return
    with pytest.raises(FootCoachError) as caught:
        check_not_sudo(environ, euid=euid)
    assert str(caught.value) == (
        "FootCoach does not run as root under sudo (it would keep root's data, not alice's): "
        "start it as alice, the same command without sudo"
    )
