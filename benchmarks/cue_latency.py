"""When a cue is heard: hold end to sound in a PulseAudio sink, first cue, whole cues.

Starts a private PulseAudio daemon with a 48 kHz mono null sink in a temp dir and records
its monitor, stamping every 1 ms read on ``time.monotonic()`` (the app's clock; see
``tests/helpers/pulse_sink.py``). Each cue's onset is found by matching its WAV's first
40 ms. Side by side, each in a fresh process, one after another:

- footcoach: the real ``HoldTimerWidget`` and ``SoundCuePlayer`` on the real clock, shown
  offscreen, a plan of short holds started a second after the first paint (a person's reaction
  time). Hold end -> sound is measured from the moment the timer planned the end (its
  ``at``), so the timer's own wake-up delay counts. Also the first cue of the process (the
  hold start when Start is pressed), the time ``play()`` held the GUI thread, and the
  longest GUI stall in the second after the first paint (where audio is set up);
- qsoundeffect_22k / _48k: a bare ``QSoundEffect`` playing the hold-end cue, once Ready,
  built at 22,050 Hz (the cues before issue 19) and at 48 kHz;
- raw_stream: the floor, libpulse-simple with a 2 ms buffer; it also shows what the
  recording path adds (the sink renders a block ahead: about -2 to +2 ms).

Every cue heard is checked against its WAV: the length it sounded without a gap equals the
WAV's within 1 ms (else cut or longer), nothing sounds right before it (a leftover of the
last cue), and its whole waveform matches (no dropout).

    python benchmarks/cue_latency.py [--json] [--holds N]

``PULSE_LATENCY_MSEC`` set around it reaches the scenarios' streams (not the recorder's).
Where PulseAudio is missing or cannot start, it prints one ``skipped:`` line and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.pulse_sink import (  # noqa: E402
    HeardCue,
    PulseUnavailable,
    Recorded,
    find_cue,
    load_wav,
    pulse_server,
    recording,
)

HOLD_SECONDS = 0.5
REST_SECONDS = 0.6  # longer than the hold-end cue (0.47 s): no cue overlaps another
BARE_SPACING = 0.6
REACTION_SECONDS = 1.0
SCENARIOS = ("footcoach", "qsoundeffect_22k", "qsoundeffect_48k", "raw_stream")
# QtMultimedia lists every optional library it cannot find; not what this counts.
QUIET_QT = "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg=false"
NOISE = ("propagateSizeHints",)


# --- the scenarios (each runs in a child process and prints one JSON object) -------------


def _application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication(sys.argv[:1])


def _wait(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def _longest_stall(seconds: float) -> float:
    """The longest the event loop went without serving a 1 ms timer, over ``seconds``."""
    from PySide6.QtCore import Qt, QTimer

    last = [time.monotonic()]
    longest = [0.0]

    def beat() -> None:
        now = time.monotonic()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.timeout.connect(beat)
    probe.start(1)
    _wait(seconds)
    probe.stop()
    return longest[0]


def scenario_footcoach(holds: int) -> dict[str, object]:
    """Cues through the real widget and player; see the module docstring."""
    _application()
    from footcoach.catalog import Sides
    from footcoach.paths import asset_path
    from footcoach.timing import HoldPlan
    from footcoach.ui.timer.cues import Cue, SoundCuePlayer
    from footcoach.ui.timer.hold_timer import HoldTimerWidget

    player = SoundCuePlayer()
    plays: list[tuple[float, float]] = []
    real_play = player.play

    def timed_play(cue: Cue) -> None:
        start = time.monotonic()
        real_play(cue)
        plays.append((start, time.monotonic() - start))

    player.play = timed_play  # type: ignore[method-assign]
    widget = HoldTimerWidget(cue_player=player)
    widget.resize(600, 500)
    widget.show()
    # Audio set-up waits for the first paint, as in the app (players before issue 19 had none).
    prepare = getattr(player, "prepare_after_first_paint", None)
    if prepare is not None:
        prepare(widget)
    stall = _longest_stall(REACTION_SECONDS)

    due: list[float] = []
    cues: list[dict[str, object]] = []

    def on_cue(cue: Cue) -> None:
        called, block = plays[-1]
        kind = "hold_start" if cue is Cue.HOLD_START else "hold_end"
        cues.append({"cue": cue.value, "kind": kind, "due": max(due), "called": called})
        cues[-1]["block"] = block
        due.clear()

    for signal in (widget.phase_started, widget.hold_finished, widget.plan_finished):
        signal.connect(lambda event: due.append(event.at))
    widget.cue_fired.connect(on_cue)
    plan = HoldPlan(
        sets=1,
        reps=holds,
        hold_seconds=HOLD_SECONDS,
        rest_between_reps=REST_SECONDS,
        lead_in_seconds=0.0,
        sides=Sides.BOTH,
    )
    widget.load_plan(plan, "Benchmark")
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    widget.plan_finished.connect(loop.quit)
    widget.toggle_start_pause()
    loop.exec()
    _wait(0.6)  # let the last cue play out
    return {"cues": cues, "stall": stall, "sounds": str(asset_path("sounds"))}


def make_sounds(rate: int) -> Path:
    """The cues built at ``rate`` in a temp dir (left for the parent to read)."""
    sounds = Path(tempfile.mkdtemp(prefix="cue-latency-"))
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sounds.py")]
        + ["--out", str(sounds), "--rate", str(rate)],
        check=True,
        capture_output=True,
    )
    return sounds


def scenario_qsoundeffect(count: int, rate: int) -> dict[str, object]:
    """A bare QSoundEffect playing the hold-end cue at ``rate``, once it is Ready."""
    sounds = make_sounds(rate)
    _application()
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QSoundEffect

    effect = QSoundEffect()
    effect.setSource(QUrl.fromLocalFile(str(sounds / "hold_end.wav")))
    effect.setVolume(0.8)
    while effect.status() != QSoundEffect.Status.Ready:
        _wait(0.05)
    cues: list[dict[str, object]] = []
    for _ in range(count):
        start = time.monotonic()
        effect.play()
        block = time.monotonic() - start
        cues.append({"cue": "hold_end", "kind": "hold_end", "due": start, "called": start})
        cues[-1]["block"] = block
        _wait(BARE_SPACING)
    return {"cues": cues, "sounds": str(sounds)}


def scenario_raw_stream(count: int) -> dict[str, object]:
    """libpulse-simple with a 2 ms target buffer: the floor of this path."""
    import ctypes
    import wave

    sounds = make_sounds(48000)
    with wave.open(str(sounds / "hold_end.wav"), "rb") as source:
        rate = source.getframerate()
        frames = source.readframes(source.getnframes())

    class Spec(ctypes.Structure):
        _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("ch", ctypes.c_uint8)]

    class Attr(ctypes.Structure):
        _fields_ = [(n, ctypes.c_uint32) for n in ("maxl", "tlength", "prebuf", "minreq", "frag")]

    lib = ctypes.CDLL("libpulse-simple.so.0")
    lib.pa_simple_new.restype = ctypes.c_void_p
    lib.pa_simple_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    lib.pa_simple_new.argtypes += [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(Spec)]
    lib.pa_simple_new.argtypes += [ctypes.c_void_p, ctypes.POINTER(Attr), ctypes.c_void_p]
    lib.pa_simple_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.pa_simple_write.argtypes += [ctypes.c_void_p]
    lib.pa_simple_drain.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    if os.geteuid() == 0:
        os.nice(-10)  # a 2 ms buffer underruns on a busy machine
    tlength = rate // 500 * 2  # 2 ms of 16-bit mono
    attr = Attr(0xFFFFFFFF, tlength, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    spec = Spec(3, rate, 1)  # PA_SAMPLE_S16LE
    stream = lib.pa_simple_new(None, b"raw", 1, None, b"floor", spec, None, attr, None)
    if not stream:
        raise SystemExit("raw_stream: cannot open a playback stream")
    cues: list[dict[str, object]] = []
    for _ in range(count):
        start = time.monotonic()
        lib.pa_simple_write(stream, frames, len(frames), None)
        lib.pa_simple_drain(stream, None)
        cues.append({"cue": "hold_end", "kind": "hold_end", "due": start, "called": start})
        cues[-1]["block"] = 0.0
        time.sleep(max(0.0, start + BARE_SPACING - time.monotonic()))
    return {"cues": cues, "sounds": str(sounds)}


def run_scenario(name: str, holds: int) -> dict[str, object]:
    """Run one scenario in this process."""
    if name == "footcoach":
        return scenario_footcoach(holds)
    if name == "raw_stream":
        return scenario_raw_stream(holds)
    return scenario_qsoundeffect(holds, 22050 if name.endswith("22k") else 48000)


# --- the parent: daemon, recorder, analysis --------------------------------------------------


def run_child(name: str, holds: int, env: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    """Run a scenario in a fresh process; its result and the Qt warnings it logged."""
    child_env = dict(env, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES=QUIET_QT)
    if "PULSE_LATENCY_MSEC" in os.environ:  # to compare latencies: the app's streams only
        child_env["PULSE_LATENCY_MSEC"] = os.environ["PULSE_LATENCY_MSEC"]
    child = subprocess.run(
        [sys.executable, __file__, "--scenario", name, "--holds", str(holds)],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if child.returncode != 0:
        raise SystemExit(f"cue_latency: scenario {name} failed: {child.stderr.strip()[-400:]}")
    warnings = [
        line for line in child.stderr.splitlines() if line and not any(n in line for n in NOISE)
    ]
    return json.loads(child.stdout.strip().splitlines()[-1]), warnings


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def spread_ms(values: list[float]) -> dict[str, float]:
    """p50, p95 and max of seconds, in milliseconds."""
    if not values:
        return {}
    return {
        "p50": round(statistics.median(values) * 1000, 1),
        "p95": round(percentile(values, 0.95) * 1000, 1),
        "max": round(max(values) * 1000, 1),
    }


def heard_cues(result: dict[str, object], recorded: Recorded) -> list[tuple[dict, HeardCue | None]]:
    """Each cue the scenario played, with what the recording shows of it."""
    sounds = Path(str(result["sounds"]))
    wavs: dict[str, object] = {}
    pairs = []
    for cue in result["cues"]:  # type: ignore[attr-defined]
        wav = wavs.setdefault(cue["cue"], load_wav(sounds / f"{cue['cue']}.wav"))
        pairs.append((cue, find_cue(recorded, wav, cue["called"] - 0.005, cue["called"] + 0.3)))
    return pairs


def length_check(pairs: list[tuple[dict, HeardCue | None]]) -> dict[str, int]:
    """How many cues were heard whole and alone, and what went wrong with the others."""
    heard = [h for _, h in pairs if h is not None]
    return {
        "cues": len(pairs),
        "missing": len(pairs) - len(heard),
        "cut": sum(h.cut for h in heard),
        "longer": sum(h.longer for h in heard),
        "with_leftover": sum(h.with_leftover for h in heard),
        "glitched": sum(h.whole_match < 0.99 for h in heard),
    }


def summarise(name: str, result: dict[str, object], recorded: Recorded) -> dict[str, object]:
    """The figures of one scenario."""
    pairs = heard_cues(result, recorded)
    delays = [h.onset - c["due"] for c, h in pairs if h is not None and c["kind"] == "hold_end"]
    blocks = [float(c["block"]) for c, _ in pairs]
    summary: dict[str, object] = {
        "hold_end_to_sound_ms": spread_ms(delays),
        "holds": len(delays),
        "play_block_ms": spread_ms(blocks),
        "length_check": length_check(pairs),
        "expected_vs_recorded_ms": [
            [round(h.expected_length * 1000, 1), round(h.length * 1000, 1)]
            for _, h in pairs[:3]
            if h is not None
        ],
    }
    if name == "footcoach":
        first, first_heard = pairs[0]
        summary["first_cue"] = {
            "cue": first["cue"],
            "to_sound_ms": (
                round((first_heard.onset - first["due"]) * 1000, 1) if first_heard else None
            ),
            "gui_block_ms": round(float(first["block"]) * 1000, 1),
        }
        summary["gui_stall_after_first_paint_ms"] = round(float(result["stall"]) * 1000, 1)
    return summary


def measure(holds: int) -> dict[str, object]:
    """Run every scenario against one daemon and recording; the figures by scenario."""
    results: dict[str, dict[str, object]] = {}
    warnings: dict[str, list[str]] = {}
    with pulse_server() as server, recording(server) as recorded:
        for name in SCENARIOS:
            results[name], warnings[name] = run_child(name, holds, server.env)
    figures: dict[str, object] = {
        name: summarise(name, result, recorded) for name, result in results.items()
    }
    figures["qt_warnings"] = {name: lines[:5] for name, lines in warnings.items() if lines}
    return figures


def print_table(figures: dict[str, object]) -> None:
    """The figures for a person."""
    print(f"{'scenario':18} {'hold end->sound p50/p95/max ms':32} {'play() max ms':14} check")
    for name in SCENARIOS:
        row = figures[name]
        assert isinstance(row, dict)
        spread = row["hold_end_to_sound_ms"]
        trio = "/".join(str(spread.get(k, "-")) for k in ("p50", "p95", "max"))
        check = row["length_check"]
        bad = {k: v for k, v in check.items() if k != "cues" and v}
        verdict = f"{check['cues']} whole and alone" if not bad else f"of {check['cues']}: {bad}"
        print(f"{name:18} {trio:32} {row['play_block_ms'].get('max', '-')!s:14} {verdict}")
    footcoach = figures["footcoach"]
    assert isinstance(footcoach, dict)
    first = footcoach["first_cue"]
    print(
        f"first cue of a fresh process ({first['cue']}): {first['to_sound_ms']} ms to the sink, "
        f"play() held the GUI thread {first['gui_block_ms']} ms; longest GUI stall in the "
        f"second after the first paint: {footcoach['gui_stall_after_first_paint_ms']} ms"
    )
    if figures["qt_warnings"]:
        print(f"Qt warnings: {figures['qt_warnings']}")


def main() -> int:
    """Measure, or run one scenario when called as a child."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--holds", type=int, default=31, help="holds (and cues) per scenario")
    parser.add_argument("--scenario", choices=SCENARIOS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.holds < 2:
        parser.error("--holds: give at least 2")
    if args.scenario:
        print(json.dumps(run_scenario(args.scenario, args.holds)))
        return 0
    try:
        figures = measure(args.holds)
    except PulseUnavailable as error:
        print(f"cue_latency: skipped: {error}")
        return 0
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
