"""``footcoach install-desktop [--uninstall]`` into an XDG data dir under tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach import APP_ID
from footcoach.cli import main
from footcoach.commands import desktop

ICON_SIZES = ("16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512")


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(path))
    return path


@pytest.fixture
def fake_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stand-ins for the cache tools that log their arguments; nothing else on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("update-desktop-database", "gtk-update-icon-cache"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{tmp_path}/tools.log"\n')
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return tmp_path / "tools.log"


def install_desktop(tmp_path: Path, *args: str) -> int:
    return main(["--data-dir", str(tmp_path / "data"), "install-desktop", *args])


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes (the folders follow from the files)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def expected_files() -> set[str]:
    icons = {f"icons/hicolor/{size}/apps/{APP_ID}.png" for size in ICON_SIZES}
    return {
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *icons,
    }


def test_installs_desktop_file_metainfo_and_icons(
    tmp_path: Path, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install_desktop(tmp_path) == 0
    assert set(tree(data_home)) - {"applications/mimeinfo.cache"} == expected_files()
    out = capsys.readouterr().out
    assert f"installed {data_home / 'applications' / f'{APP_ID}.desktop'}" in out
    shipped = Path(__file__).resolve().parents[2] / "packaging" / "linux"
    installed_metainfo = data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert installed_metainfo.read_bytes() == (shipped / f"{APP_ID}.metainfo.xml").read_bytes()
    png = data_home / "icons/hicolor/48x48/apps" / f"{APP_ID}.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert oct(png.stat().st_mode & 0o777) == "0o644"


def test_exec_starts_this_installation(tmp_path: Path, data_home: Path) -> None:
    assert install_desktop(tmp_path) == 0
    text = (data_home / "applications" / f"{APP_ID}.desktop").read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    program = exec_line.removeprefix("Exec=").split()[0]
    assert Path(program).is_absolute() and os.access(program, os.X_OK), exec_line
    assert f"TryExec={program}" in text.splitlines()
    assert program == desktop.launch_command()[0]
    # Everything else is the shipped entry, line for line.
    shipped = (desktop.packaging_dir() / f"{APP_ID}.desktop").read_text().splitlines()
    assert [line for line in text.splitlines() if not line.startswith(("Exec=", "TryExec="))] == [
        line for line in shipped if not line.startswith("Exec=")
    ]


def test_installed_desktop_file_is_valid(tmp_path: Path, data_home: Path) -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate is not installed (bootstrap.py test installs it)")
    assert install_desktop(tmp_path) == 0
    installed = data_home / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run([validate, str(installed)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_second_install_changes_nothing(
    tmp_path: Path, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install_desktop(tmp_path) == 0
    files = sorted(data_home.rglob(f"{APP_ID}*"))
    stamps = [path.stat().st_mtime_ns for path in files]
    capsys.readouterr()
    assert install_desktop(tmp_path) == 0
    assert "already installed" in capsys.readouterr().out
    assert [path.stat().st_mtime_ns for path in files] == stamps


def test_install_repairs_a_changed_file(tmp_path: Path, data_home: Path) -> None:
    assert install_desktop(tmp_path) == 0
    icon = data_home / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg"
    original = icon.read_bytes()
    icon.write_bytes(b"<svg/>")
    assert install_desktop(tmp_path) == 0
    assert icon.read_bytes() == original


def test_uninstall_restores_the_tree_as_it_was(
    tmp_path: Path, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another app's files in the same folders must survive.
    other = {
        "applications/org.example.Other.desktop": b"[Desktop Entry]\nType=Application\n",
        "icons/hicolor/48x48/apps/org.example.Other.png": b"png",
        "metainfo/org.example.Other.metainfo.xml": b"<component/>",
    }
    for name, content in other.items():
        (data_home / name).parent.mkdir(parents=True, exist_ok=True)
        (data_home / name).write_bytes(content)
    before = tree(data_home)
    assert install_desktop(tmp_path) == 0
    assert install_desktop(tmp_path, "--uninstall") == 0
    after = tree(data_home)
    after.pop("applications/mimeinfo.cache", None)  # rewritten by update-desktop-database
    assert after == before
    out = capsys.readouterr().out
    assert out.count("removed ") == len(expected_files())


def test_uninstall_leaves_no_empty_folders(tmp_path: Path, data_home: Path) -> None:
    assert install_desktop(tmp_path) == 0
    assert install_desktop(tmp_path, "--uninstall") == 0
    assert list(data_home.iterdir()) == []


def test_uninstall_removes_icon_sizes_of_an_older_install(tmp_path: Path, data_home: Path) -> None:
    assert install_desktop(tmp_path) == 0
    old = data_home / "icons/hicolor/22x22/apps" / f"{APP_ID}.png"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"png")
    assert install_desktop(tmp_path, "--uninstall") == 0
    assert not old.exists() and not old.parent.exists()


def test_uninstall_when_not_installed_is_fine(
    tmp_path: Path, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install_desktop(tmp_path, "--uninstall") == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_refreshes_the_caches_that_exist(tmp_path: Path, data_home: Path, fake_tools: Path) -> None:
    cache = data_home / "icons/hicolor/icon-theme.cache"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"old cache")
    (data_home / "icons/hicolor/48x48/apps").mkdir(parents=True)
    (data_home / "icons/hicolor/48x48/apps/org.example.Other.png").write_bytes(b"png")
    assert install_desktop(tmp_path) == 0
    calls = fake_tools.read_text().splitlines()
    assert calls == [
        f"update-desktop-database --quiet {data_home / 'applications'}",
        "gtk-update-icon-cache --quiet --force --ignore-theme-index "
        f"{data_home / 'icons' / 'hicolor'}",
    ]


def test_creates_no_icon_cache(tmp_path: Path, data_home: Path, fake_tools: Path) -> None:
    assert install_desktop(tmp_path) == 0
    assert fake_tools.read_text().splitlines() == [
        f"update-desktop-database --quiet {data_home / 'applications'}"
    ]


def test_works_without_the_cache_tools(
    tmp_path: Path, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert install_desktop(tmp_path) == 0
    assert set(tree(data_home)) == expected_files()
    assert install_desktop(tmp_path, "--uninstall") == 0
    assert tree(data_home) == {}


def test_a_failing_cache_tool_is_only_noted(
    tmp_path: Path,
    data_home: Path,
    fake_tools: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = fake_tools.parent / "bin" / "update-desktop-database"
    broken.write_text("#!/bin/sh\necho 'cannot write cache' >&2\nexit 3\n")
    assert install_desktop(tmp_path) == 0
    out = capsys.readouterr().out
    assert "note: update-desktop-database failed: cannot write cache" in out
    assert (data_home / "applications" / f"{APP_ID}.desktop").is_file()


def test_default_data_home_is_local_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the spec says: absolute only
    assert desktop.xdg_data_home() == tmp_path / "home" / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop.xdg_data_home() == tmp_path / "home" / ".local" / "share"


def test_launch_command_of_a_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    binary = tmp_path / "dist" / "footcoach" / "footcoach"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(binary))
    assert desktop.launch_command() == [str(binary)]


def test_launch_command_without_an_entry_point_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "venv" / "bin" / "python"
    monkeypatch.setattr(sys, "executable", str(python))
    assert desktop.launch_command() == [str(python), "-m", "footcoach"]


@pytest.mark.parametrize(
    ("command", "exec_value"),
    [
        (["/usr/bin/footcoach"], "/usr/bin/footcoach"),
        (["/opt/my apps/bin/python", "-m", "footcoach"], '"/opt/my apps/bin/python" -m footcoach'),
        (["/home/a$b/100%/footcoach"], '"/home/a\\\\$b/100%%/footcoach"'),
    ],
)
def test_exec_is_quoted_as_the_spec_asks(
    tmp_path: Path, command: list[str], exec_value: str
) -> None:
    template = (desktop.packaging_dir() / f"{APP_ID}.desktop").read_text()
    text = desktop.desktop_entry(template, command)
    assert f"Exec={exec_value}" in text.splitlines()
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        path = tmp_path / f"{APP_ID}.desktop"
        path.write_text(text)
        result = subprocess.run([validate, str(path)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout
