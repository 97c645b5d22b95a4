"""SoundCuePlayer without an audio device: set-up off the start path, voices, the cue files.

No test here opens a real sink (no audio device: Qt warnings); the slow soak in
``tests/integration/test_cue_soak.py`` plays real cues into a private PulseAudio sink.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from footcoach.paths import asset_path
from footcoach.ui.timer.cues import SAMPLE_RATE, Cue, SoundCuePlayer, _Voice

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def no_multimedia(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without Qt Multimedia (or libpulse): the import fails."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)


def test_the_cue_files_are_what_make_sounds_makes(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "make_sounds.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for cue in Cue:
        made = (tmp_path / f"{cue.value}.wav").read_bytes()
        assert made == asset_path("sounds", f"{cue.value}.wav").read_bytes(), cue


def test_make_sounds_rebuilds_the_old_rate_and_refuses_a_silly_one(tmp_path: Path) -> None:
    script = str(ROOT / "scripts" / "make_sounds.py")
    subprocess.run(
        [sys.executable, script, "--out", str(tmp_path), "--rate", "22050"],
        check=True,
        capture_output=True,
    )
    with wave.open(str(tmp_path / "tick.wav")) as sound:
        assert sound.getframerate() == 22050
    bad = subprocess.run(
        [sys.executable, script, "--out", str(tmp_path), "--rate", "5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "--rate 5" in bad.stderr


def test_nothing_is_set_up_until_the_first_paint(
    qtbot: QtBot, no_multimedia: None, caplog: pytest.LogCaptureFixture
) -> None:
    player = SoundCuePlayer()
    window = QWidget()
    qtbot.addWidget(window)
    with caplog.at_level(logging.WARNING, logger="footcoach.ui.timer.cues"):
        player.prepare_after_first_paint(window)
        qtbot.wait(20)
        assert player.available and caplog.records == []  # not shown: nothing looked at
        window.show()
        qtbot.waitUntil(lambda: not player.available)
    assert len(caplog.records) == 1 and "Qt Multimedia is not available" in caplog.text


def test_set_up_runs_one_step_per_event_loop_turn(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    done: list[int] = []
    steps = [lambda n=n: done.append(n) for n in range(4)]
    monkeypatch.setattr(SoundCuePlayer, "_set_up_steps", lambda self: list(steps))
    player = SoundCuePlayer()
    player.prepare_soon()
    assert done == []  # nothing inside the call: it may come from a paint
    qtbot.waitUntil(lambda: len(done) == 4)
    assert done == [0, 1, 2, 3] and player.ready
    player.prepare_soon()  # once only
    qtbot.wait(10)
    assert done == [0, 1, 2, 3]


def test_muted_player_waits_for_unmute_before_setting_up(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    done: list[str] = []
    monkeypatch.setattr(SoundCuePlayer, "_set_up_steps", lambda self: [lambda: done.append("x")])
    player = SoundCuePlayer()
    player.set_muted(True)
    player.prepare_soon()
    qtbot.wait(20)
    assert done == [] and not player.ready
    player.set_muted(False)
    qtbot.waitUntil(lambda: player.ready)
    assert done == ["x"]


def test_a_cue_file_at_another_rate_turns_sound_off_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for cue in Cue:
        with wave.open(str(tmp_path / f"{cue.value}.wav"), "wb") as sound:
            sound.setnchannels(1)
            sound.setsampwidth(2)
            sound.setframerate(22050)
            sound.writeframes(bytes(200))
    player = SoundCuePlayer(tmp_path)
    with caplog.at_level(logging.WARNING, logger="footcoach.ui.timer.cues"):
        player.play(Cue.TICK)  # not prepared: play sets up, finds the file wrong, stays quiet
        player.play(Cue.TICK)
    assert not player.available
    assert len(caplog.records) == 1 and "hold_start.wav is not 48 kHz mono 16-bit" in caplog.text


class _State:
    def __init__(self, name: str) -> None:
        self.name = name


class FakeSink:
    """The slice of QAudioSink a voice uses, recording calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.state_name = "SuspendedState"
        self.written: list[bytes] = []

    def state(self) -> _State:
        return _State(self.state_name)

    def resume(self) -> None:
        self.calls.append("resume")
        self.state_name = "ActiveState"

    def suspend(self) -> None:
        self.calls.append("suspend")
        self.state_name = "SuspendedState"

    def stop(self) -> None:
        self.calls.append("stop")

    def start(self) -> FakeSink:
        self.calls.append("start")
        return self

    def error(self) -> _State:
        return _State("NoError")

    def write(self, frames: bytes) -> int:
        self.written.append(frames)
        return len(frames)


def test_a_voice_resumes_for_a_cue_and_drops_a_cue_still_sounding() -> None:
    sink = FakeSink()
    voice = _Voice(sink, sink)  # type: ignore[arg-type]
    voice.play(b"a" * 96, now=10.0, seconds=0.5)
    assert sink.calls == ["resume"] and voice.busy_until == 10.5
    voice.play(b"b" * 96, now=10.8, seconds=0.5)  # played out: no restart, just write
    assert sink.calls == ["resume"]
    voice.play(b"c" * 96, now=11.0, seconds=0.5)  # "b" still sounding: it would delay "c"
    assert sink.calls == ["resume", "stop", "start"]
    assert sink.written == [b"a" * 96, b"b" * 96, b"c" * 96]
    voice.suspend()
    voice.suspend()
    assert sink.calls[-1] == "suspend" and sink.calls.count("suspend") == 1


def test_overlapping_cues_take_the_voice_that_falls_silent_first(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    player = SoundCuePlayer()
    sinks = [FakeSink(), FakeSink()]
    monkeypatch.setattr(SoundCuePlayer, "_set_up_steps", lambda self: [])
    player._finish_set_up()
    player._voices = [_Voice(sink, sink) for sink in sinks]  # type: ignore[arg-type]
    player._frames = {cue: bytes(2 * SAMPLE_RATE // 10) for cue in Cue}  # 0.1 s each
    player.play(Cue.HOLD_END)
    player.play(Cue.TICK)  # the first still sounds: the other voice, mixed by the server
    assert [len(sink.written) for sink in sinks] == [1, 1]
    assert all(sink.calls == ["resume"] for sink in sinks)
    qtbot.waitUntil(lambda: all(s.state_name == "SuspendedState" for s in sinks), timeout=2000)
