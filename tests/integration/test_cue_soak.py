"""Soak: 1,000 real cues into a private PulseAudio sink, with pauses, mutes and volume changes.

A child process plays cues through the real ``SoundCuePlayer`` on a seeded schedule: most in
quick succession (overlapping: the two voices, then cutting the oldest), some alone, pauses
long enough for the streams to be suspended, mutes and volume changes in between. The
sink's monitor is recorded on the monotonic clock. Afterwards: the child finished in time (no
hang), Qt logged nothing, its CPU went back to idle with every stream suspended, and every
cue that played alone at an audible volume is heard whole, without a leftover before it.

The daemon is started here, in a temp dir (CI runs as root with no sound device); where
``pulseaudio`` is missing or will not start the test is skipped, saying why.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from helpers.pulse_sink import (
    PulseServer,
    PulseUnavailable,
    find_cue,
    load_wav,
    pulse_server,
    recording,
)

from footcoach.paths import asset_path

CUES = 1000
TIMEOUT_S = 240
AUDIBLE = 0.3  # volume at which a cue alone must be found whole in the recording

CHILD = r"""
import json, random, sys, time
from PySide6.QtCore import QEventLoop, QLoggingCategory, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget
from footcoach.ui.timer.cues import Cue, SoundCuePlayer

messages = []
qInstallMessageHandler(lambda kind, context, text: messages.append(f"{context.category}: {text}"))
app = QApplication(sys.argv[:1])
# As the app does (footcoach.app.run_gui): the optional libraries it lacks are not errors.
QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg=false")

def wait(seconds):
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    loop.exec()

rng = random.Random(19)
player = SoundCuePlayer()
window = QWidget()
window.show()
player.prepare_after_first_paint(window)
while not player.ready and player.available:
    wait(0.05)
lengths = {cue: len(player._frames[cue]) / 96000 for cue in Cue}
volume, muted, last_end = 0.8, False, 0.0
events, blocks, counts = [], [], {"pauses": 0, "mutes": 0, "volume_changes": 0}
for n in range(int(sys.argv[1])):
    if n % 97 == 96:
        wait(rng.uniform(0.7, 0.9))  # streams suspend after 0.3 s of silence
        counts["pauses"] += 1
    if rng.random() < (0.3 if muted else 0.02):
        muted = not muted
        player.set_muted(muted)
        counts["mutes"] += muted
    if rng.random() < 0.08:
        volume = rng.choice([0.0, 0.1, 0.5, 0.6, 0.8, 0.9, 1.0])
        player.set_volume(volume)
        counts["volume_changes"] += 1
    cue = rng.choice([Cue.TICK] * 6 + list(Cue))
    alone = rng.random() < 0.1
    if alone:  # after the last cue has played out, and nothing else until this one has
        wait(last_end + rng.uniform(0.05, 0.08) - time.monotonic())
    start = time.monotonic()
    player.play(cue)
    blocks.append(time.monotonic() - start)
    last_end = max(last_end, start + lengths[cue])
    events.append({"cue": cue.value, "at": start, "muted": muted, "volume": volume})
    wait(lengths[cue] + rng.uniform(0.05, 0.08) if alone else rng.uniform(0.01, 0.035))
wait(0.6)  # the last cue ends, then the streams suspend
cpu = time.process_time()
wait(2.0)
idle_cpu = time.process_time() - cpu
suspended = all(v.sink.state().name == "SuspendedState" for v in player._voices)
ignored = ("propagateSizeHints",)
print(json.dumps({
    "events": events, "counts": counts, "idle_cpu_s": idle_cpu, "suspended": suspended,
    "max_play_block_s": max(blocks), "available": player.available,
    "qt_messages": [m for m in messages if not any(i in m for i in ignored)],
}))
"""


@pytest.fixture
def pulse() -> Iterator[PulseServer]:
    """A private PulseAudio daemon with a null sink, or a skip saying why there is none."""
    try:
        with pulse_server() as server:
            yield server
    except PulseUnavailable as error:
        pytest.skip(f"no PulseAudio for the cue soak: {error}")


def alone(events: list[dict], index: int) -> bool:
    """The cue played with no other cue sounding within 50 ms of it."""
    this = events[index]
    end = this["at"] + this["length"] + 0.05
    before = events[index - 1] if index else None
    after = events[index + 1] if index + 1 < len(events) else None
    clear_before = before is None or before["at"] + before["length"] + 0.05 < this["at"]
    return clear_before and (after is None or after["at"] > end)


@pytest.mark.slow
def test_a_thousand_cues_play_whole_with_no_hang_no_error_and_idle_after(
    pulse: PulseServer,
) -> None:
    env = dict(pulse.env, QT_QPA_PLATFORM="offscreen")
    env.pop("QT_LOGGING_RULES", None)
    with recording(pulse) as recorded:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(CUES)],
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["available"] and result["qt_messages"] == []
    assert result["idle_cpu_s"] < 0.04  # under 2% of a core once the cues stop
    assert result["suspended"]
    assert result["max_play_block_s"] < 0.1  # no play() that waits on the sound server

    events = result["events"]
    wavs = {e["cue"]: load_wav(asset_path("sounds", f"{e['cue']}.wav")) for e in events}
    for event in events:
        event["length"] = len(wavs[event["cue"]]) / 48000
    checked = [
        e
        for i, e in enumerate(events)
        if alone(events, i) and not e["muted"] and e["volume"] >= AUDIBLE
    ]
    heard = [find_cue(recorded, wavs[e["cue"]], e["at"] - 0.005, e["at"] + 0.3) for e in checked]
    whole = [h for h in heard if h is not None and h.whole_and_alone]
    delays = np.array([h.onset - e["at"] for e, h in zip(checked, heard, strict=True) if h])
    counts = result["counts"] | {
        "cues": len(events),
        "muted_cues": sum(e["muted"] for e in events),
        "checked_alone": len(checked),
        "whole_and_alone": len(whole),
        "qt_messages": len(result["qt_messages"]),
        "idle_cpu_ms_in_2s": round(result["idle_cpu_s"] * 1000, 1),
        "max_play_block_ms": round(result["max_play_block_s"] * 1000, 2),
        "p95_play_to_sink_ms": round(float(np.percentile(delays, 95)) * 1000, 1)
        if len(delays)
        else None,
    }
    print(f"cue soak: {counts}")  # shown with -s
    assert len(events) == CUES and counts["mutes"] and counts["volume_changes"] and counts["pauses"]
    assert len(checked) >= 40
    problems = [
        (
            e["cue"],
            round(e["at"], 3),
            h
            and (
                round(h.length, 4),
                round(h.expected_length, 4),
                round(h.lead, 4),
                round(h.whole_match, 3),
            ),
        )
        for e, h in zip(checked, heard, strict=True)
        if h is None or not h.whole_and_alone
    ]
    assert len(whole) == len(checked), (counts, problems[:20])
