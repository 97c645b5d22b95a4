#!/usr/bin/env python3
"""Set up FootCoach on a fresh Debian/Ubuntu machine and run it, or run its tests.

    python3 bootstrap.py run [FOOTCOACH ARGS...]   start the app
    python3 bootstrap.py test [PYTEST ARGS...]     run the whole test suite

Creates or reuses ``.venv`` beside this file and installs what is missing. System packages
(libraries Qt needs, python3-venv) are installed with apt-get when running as root; otherwise
the one command line that installs them is printed. Under sudo, set-up runs as root and the
``.venv`` is handed to the user, who then runs the app or the tests without sudo.
Only the standard library is used here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".footcoach-installed"

# Debian packages and a library file that proves each is present (ldconfig names).
QT_RUNTIME = {
    "libglib2.0-0": "libglib-2.0.so.0",
    "libgl1": "libGL.so.1",
    "libegl1": "libEGL.so.1",
    "libxkbcommon0": "libxkbcommon.so.0",
    "libfontconfig1": "libfontconfig.so.1",
    "libdbus-1-3": "libdbus-1.so.3",
    "libpulse0": "libpulse.so.0",
}
QT_WINDOW = {
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-image0": "libxcb-image.so.0",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-xkb1": "libxcb-xkb.so.1",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
}
FONTS = {"fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}
# Checks of the desktop metadata, the cue soak (a private PulseAudio sink), the clinician
# report read back as text and images (poppler) and the desktop notifications (a private
# session bus) run in the test suite when these tools exist.
TEST_TOOLS = {
    "desktop-file-utils": "desktop-file-validate",
    "appstream": "appstreamcli",
    "pulseaudio": "pulseaudio",
    "pulseaudio-utils": "pactl",
    "poppler-utils": "pdftotext",
    "dbus-daemon": "dbus-daemon",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    needed = dict(QT_RUNTIME)
    if command == "run":
        needed |= QT_WINDOW
    missing = _missing_libraries(needed) + _missing_files(FONTS)
    if command == "test":
        missing += [pkg for pkg, tool in TEST_TOOLS.items() if shutil.which(tool) is None]
    # Checked first, so one apt-get run adds it and Python's own complaint never shows.
    if not (VENV / "bin" / "python").exists() and not _can_make_venv():
        missing.append("python3-venv")
    required = command == "run" or "python3-venv" in missing
    if missing and not _apt_install(missing, required):
        return 1
    if not _ensure_venv():
        return 1
    user = _sudo_user()
    if user:  # root's files in the user's checkout and data folder would get in the way later
        _hand_to_sudo_user(VENV)
        print(
            f"bootstrap: set-up is done; FootCoach runs as you, not as root. As {user}, "
            f"without sudo: python3 bootstrap.py {shlex.join(argv)}",
            file=sys.stderr,
        )
        return 1
    python = str(VENV / "bin" / "python")
    if command == "run":
        os.execv(python, [python, "-m", "footcoach", *rest])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT, env=env)


def _missing_libraries(packages: dict[str, str]) -> list[str]:
    try:
        known = subprocess.run(
            ["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return []  # Not a glibc system we can inspect; let Qt report what it lacks.
    return [pkg for pkg, lib in packages.items() if f"{lib} " not in known]


def _missing_files(packages: dict[str, str]) -> list[str]:
    return [pkg for pkg, path in packages.items() if not Path(path).exists()]


def _apt_install(packages: list[str], required: bool) -> bool:
    line = "apt-get install -y --no-install-recommends " + " ".join(packages)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        then = "then run bootstrap again" if required else "tests that need them skip until then"
        print(
            f"bootstrap: FootCoach needs system packages; install them with this line ({then}):"
            f"\n  sudo apt-get update && sudo {line}",
            file=sys.stderr,
        )
        return not required
    print(f"bootstrap: installing {' '.join(packages)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    update = subprocess.call(["apt-get", "update", "-qq"], env=env)
    install = subprocess.call(line.split(), env=env) if update == 0 else update
    if install != 0:
        print(f"bootstrap: '{line}' failed (exit {install})", file=sys.stderr)
        return not required
    return True


def _can_make_venv() -> bool:
    """Debian and Ubuntu ship ``venv``'s pip installer separately, in python3-venv."""
    return importlib.util.find_spec("ensurepip") is not None


def _ensure_venv() -> bool:
    python = VENV / "bin" / "python"
    if not python.exists():
        print("bootstrap: creating .venv", flush=True)
        if subprocess.call([sys.executable, "-m", "venv", str(VENV)]) != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            print("bootstrap: could not create .venv", file=sys.stderr)
            return False
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return True
    first = not STAMP.exists()
    size = " (Qt is a few hundred MB; this happens once)" if first else ""
    print(f"bootstrap: installing FootCoach and its dependencies into .venv{size}", flush=True)
    # pip's progress bars on the first, big install; an update only names what changed.
    quiet = [] if first else ["--quiet"]
    pip = [str(python), "-m", "pip", "install", *quiet, "--disable-pip-version-check"]
    if subprocess.call([*pip, "--editable", f"{ROOT}[test,dev]"]) != 0:
        print("bootstrap: pip install failed", file=sys.stderr)
        return False
    STAMP.write_text(wanted + "\n")
    return True


def _sudo_user() -> str | None:
    """The user who ran bootstrap through sudo, or None (CI runs as root without sudo)."""
    user = os.environ.get("SUDO_USER")
    return user if os.geteuid() == 0 and user and user != "root" else None


def _hand_to_sudo_user(path: Path) -> None:
    """Give what set-up made as root to the sudo user, who runs and updates it later."""
    uid, gid = int(os.environ.get("SUDO_UID", "-1")), int(os.environ.get("SUDO_GID", "-1"))
    if uid < 0:
        return
    os.lchown(path, uid, gid)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(folder, name), uid, gid)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
