"""bootstrap.py as a newcomer meets it: one apt-get run, one line to copy, no root GUI."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
APT = "apt-get install -y --no-install-recommends"


class Machine:
    """bootstrap.py on a pretend machine: what is missing, who runs it, what it ran."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        spec = importlib.util.spec_from_file_location("bootstrap_under_test", ROOT / "bootstrap.py")
        assert spec is not None and spec.loader is not None
        self.module: ModuleType = importlib.util.module_from_spec(spec)
        self.monkeypatch = monkeypatch
        spec.loader.exec_module(self.module)
        self.venv = tmp_path / ".venv"
        self.commands: list[list[str]] = []
        self.started: list[str] = []
        self.chowned: list[tuple[str, int]] = []
        self.missing_libraries: list[str] = []
        self.ensurepip = True
        module, patch = self.module, monkeypatch.setattr
        patch(module, "VENV", self.venv)
        patch(module, "STAMP", self.venv / ".footcoach-installed")
        patch(
            module,
            "_missing_libraries",
            lambda needed: [p for p in self.missing_libraries if p in needed],
        )
        patch(module, "_missing_files", lambda needed: [])
        patch(module, "_can_make_venv", lambda: self.ensurepip)
        patch(module.shutil, "which", lambda name: f"/usr/bin/{name}")
        patch(module.subprocess, "call", self._call)
        patch(module.os, "execv", lambda path, args: self.started.append(" ".join(args[1:])))
        patch(module.os, "lchown", lambda path, uid, gid: self.chowned.append((str(path), uid)))
        for name in ("SUDO_USER", "SUDO_UID", "SUDO_GID"):
            monkeypatch.delenv(name, raising=False)
        self.as_user(1000)

    def as_user(self, euid: int, sudo_user: str | None = None) -> None:
        self.monkeypatch.setattr(os, "geteuid", lambda: euid)
        if sudo_user:
            for name, value in (
                ("SUDO_USER", sudo_user),
                ("SUDO_UID", "1234"),
                ("SUDO_GID", "1234"),
            ):
                self.monkeypatch.setenv(name, value)

    def _call(self, command: list[str], **_kwargs: object) -> int:
        self.commands.append([str(part) for part in command])
        if command[1:3] == ["-m", "venv"]:
            (self.venv / "bin").mkdir(parents=True)
            (self.venv / "bin" / "python").touch()
        return 0


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Machine:
    return Machine(tmp_path, monkeypatch)


def test_a_user_gets_one_complete_line_to_copy(
    machine: Machine, capsys: pytest.CaptureFixture[str]
) -> None:
    machine.missing_libraries = ["libxcb-cursor0"]
    machine.ensurepip = False
    assert machine.module.main(["run"]) == 1
    assert capsys.readouterr().err == (
        "bootstrap: FootCoach needs system packages; install them with this line "
        "(then run bootstrap again):\n"
        f"  sudo apt-get update && sudo {APT} libxcb-cursor0 python3-venv\n"
    )
    assert machine.commands == [] and machine.started == []


def test_root_runs_apt_get_once_then_venv_then_a_visible_pip(
    machine: Machine, capsys: pytest.CaptureFixture[str]
) -> None:
    machine.as_user(0)
    machine.missing_libraries = ["libxcb-cursor0", "libgl1"]
    machine.ensurepip = False
    machine.module.main(["run", "--version"])
    updates = [c for c in machine.commands if c[:2] == ["apt-get", "update"]]
    installs = [" ".join(c) for c in machine.commands if c[:2] == ["apt-get", "install"]]
    assert len(updates) == 1
    assert installs == [f"{APT} libxcb-cursor0 libgl1 python3-venv"]
    pip = next(c for c in machine.commands if c[1:4] == ["-m", "pip", "install"])
    assert "--quiet" not in pip  # progress shows on the first, big install
    assert machine.started == ["-m footcoach --version"]
    assert "ensurepip" not in capsys.readouterr().err


def test_an_update_of_the_dependencies_is_quiet(machine: Machine) -> None:
    (machine.venv / "bin").mkdir(parents=True)
    (machine.venv / "bin" / "python").touch()
    (machine.venv / ".footcoach-installed").write_text("an older pyproject\n")
    machine.module.main(["run"])
    pip = next(c for c in machine.commands if c[1:4] == ["-m", "pip", "install"])
    assert "--quiet" in pip
    assert not any(c[1:3] == ["-m", "venv"] for c in machine.commands)


def test_under_sudo_set_up_is_done_and_handed_over_but_the_app_is_not_started(
    machine: Machine, capsys: pytest.CaptureFixture[str]
) -> None:
    machine.as_user(0, sudo_user="alice")
    machine.missing_libraries = ["libxcb-cursor0"]
    assert machine.module.main(["run"]) == 1
    assert machine.started == []
    assert any(c[:2] == ["apt-get", "install"] for c in machine.commands)
    assert (str(machine.venv), 1234) in machine.chowned
    assert (str(machine.venv / "bin" / "python"), 1234) in machine.chowned
    assert capsys.readouterr().err.splitlines()[-1] == (
        "bootstrap: set-up is done; FootCoach runs as you, not as root. As alice, "
        "without sudo: python3 bootstrap.py run"
    )


def test_under_sudo_the_tests_are_left_to_the_user_too(
    machine: Machine, capsys: pytest.CaptureFixture[str]
) -> None:
    machine.as_user(0, sudo_user="alice")
    assert machine.module.main(["test", "-k", "some tests"]) == 1
    assert not any("pytest" in c for c in machine.commands)
    assert capsys.readouterr().err.endswith(
        "without sudo: python3 bootstrap.py test -k 'some tests'\n"
    )


def test_root_without_sudo_runs_the_tests_as_ci_does(machine: Machine) -> None:
    machine.as_user(0)
    assert machine.module.main(["test", "-q"]) == 0
    assert machine.commands[-1][1:] == ["-m", "pytest", "-q"]
    assert machine.chowned == []
