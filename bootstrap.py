#!/usr/bin/env python3
"""Set up FootCoach on a fresh Debian/Ubuntu machine and run it, or run its tests.

    python3 bootstrap.py run [FOOTCOACH ARGS...]   start the app
    python3 bootstrap.py test [PYTEST ARGS...]     run the whole test suite

Creates or reuses ``.venv`` beside this file and installs what is missing. System libraries
that Qt needs are installed with apt-get when running as root; otherwise the one
``apt-get install`` line that is needed is printed. Only the standard library is used here.
"""

from __future__ import annotations

import hashlib
import os
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
# Checks of the desktop metadata, and the cue soak (a private PulseAudio sink), run in the
# test suite when these tools exist.
TEST_TOOLS = {
    "desktop-file-utils": "desktop-file-validate",
    "appstream": "appstreamcli",
    "pulseaudio": "pulseaudio",
    "pulseaudio-utils": "pactl",
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
    if missing and not _apt_install(missing, required=command == "run"):
        return 1
    if not _ensure_venv():
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
        print(f"FootCoach needs system packages. Please run:\n  sudo {line}", file=sys.stderr)
        return not required
    print(f"bootstrap: installing {' '.join(packages)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    update = subprocess.call(["apt-get", "update", "-qq"], env=env)
    install = subprocess.call(line.split(), env=env) if update == 0 else update
    if install != 0:
        print(f"bootstrap: '{line}' failed (exit {install})", file=sys.stderr)
        return not required
    return True


def _create_venv() -> bool:
    if subprocess.call([sys.executable, "-m", "venv", str(VENV)]) == 0:
        return True
    shutil.rmtree(VENV, ignore_errors=True)
    return False


def _ensure_venv() -> bool:
    python = VENV / "bin" / "python"
    if not python.exists():
        print("bootstrap: creating .venv", flush=True)
        # Debian ships venv support separately (python3-venv); add it and try once more.
        if not _create_venv() and not (_apt_install(["python3-venv"], True) and _create_venv()):
            print("bootstrap: could not create .venv (python3-venv is missing)", file=sys.stderr)
            return False
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return True
    print("bootstrap: installing FootCoach and its dependencies into .venv", flush=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if subprocess.call([*pip, "--editable", f"{ROOT}[test,dev]"]) != 0:
        print("bootstrap: pip install failed", file=sys.stderr)
        return False
    STAMP.write_text(wanted + "\n")
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
