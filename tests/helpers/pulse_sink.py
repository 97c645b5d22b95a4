"""A private PulseAudio daemon with a null sink, and a recorder of its monitor (not app code).

Used by ``benchmarks/cue_latency.py`` and the slow cue soak. Nothing here touches the
machine's own sound: the daemon runs in a temp dir with its own socket, and clients reach it
through ``PULSE_SERVER``. The recorder is a separate process (so its 1 ms reads do not compete
with the app for the GIL) that stamps every read with ``time.monotonic()``, the same clock as
the app's; :class:`Recording` maps each recorded sample to that clock and finds cues in it.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 48000
SINK = "cuesink"
ONSET_SECONDS = 0.040  # the head of a cue that identifies it (a threshold is fooled by tails)
SILENCE = 3 / 32768  # of full scale: at or below this (3 steps of 16 bits) a sample is silent
GAP_SECONDS = 0.005  # a silent run this long ends a cue
MATCH = 0.95  # normalised correlation of a cue's head that counts as found
REFINE_SECONDS = 0.010  # the best match is looked for this far after the first good one
WINDOW_SECONDS = 1.0  # reads this close to a moment set its clock mapping


class PulseUnavailable(RuntimeError):
    """PulseAudio is not installed or would not start here (the reason is the message)."""


@dataclass(frozen=True)
class PulseServer:
    """A running private daemon: its dir and the environment its clients need."""

    directory: Path
    env: dict[str, str]


_CONFIG = """\
load-module module-native-protocol-unix auth-anonymous=1 socket={dir}/native
load-module module-null-sink sink_name={sink} rate={rate} channels=1
set-default-sink {sink}
"""


@contextmanager
def pulse_server(timeout: float = 10.0) -> Iterator[PulseServer]:
    """Start ``pulseaudio`` with a 48 kHz mono null sink in a temp dir; stop it on exit."""
    binary = shutil.which("pulseaudio")
    if binary is None or shutil.which("pactl") is None:
        raise PulseUnavailable("pulseaudio and pactl are not installed (pulseaudio-utils)")
    with tempfile.TemporaryDirectory(prefix="footcoach-pulse-") as name:
        directory = Path(name)
        runtime = directory / "runtime"
        runtime.mkdir(mode=0o700)
        config = directory / "daemon.pa"
        config.write_text(_CONFIG.format(dir=directory, sink=SINK, rate=RATE))
        env = dict(
            os.environ,
            HOME=str(directory),
            XDG_RUNTIME_DIR=str(runtime),
            PULSE_SERVER=f"unix:{directory}/native",
        )
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        # A latency asked of every stream would also slow the recorder's 1 ms reads.
        env.pop("PULSE_LATENCY_MSEC", None)
        log = (directory / "daemon.log").open("wb")
        daemon = subprocess.Popen(
            [binary, "-n", "-F", str(config), "--daemonize=no", "--system=false"]
            + ["--exit-idle-time=-1", "--log-target=stderr"]
            # Real-time where allowed (as root), so a loaded machine starves the app, not
            # the sink that measures it.
            + ["--high-priority=yes", "--realtime=yes"],
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            _wait_until_ready(daemon, env, directory, timeout)
            yield PulseServer(directory, env)
        finally:
            daemon.terminate()
            try:
                daemon.wait(5)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
            log.close()


def _wait_until_ready(
    daemon: subprocess.Popen[bytes], env: dict[str, str], directory: Path, timeout: float
) -> None:
    # The daemon says nothing when it is ready: ask it, and between questions wait on the
    # process itself, so a daemon that dies is seen at once rather than after a sleep.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = subprocess.run(["pactl", "info"], env=env, capture_output=True, check=False)
        if info.returncode == 0 and f"Default Sink: {SINK}".encode() in info.stdout:
            return
        try:
            daemon.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        tail = (directory / "daemon.log").read_text(errors="replace").strip().splitlines()
        reason = tail[-1] if tail else f"exit {daemon.returncode}"
        raise PulseUnavailable(f"pulseaudio would not start: {reason}")
    raise PulseUnavailable(f"pulseaudio did not answer within {timeout:.0f} s")


# The recorder process: libpulse-simple through ctypes, 1 ms reads, each stamped on
# time.monotonic() as it returns. It writes raw s16 PCM and (stamp, frames so far) pairs.
_RECORDER = r"""
import ctypes, os, signal, struct, sys, time
pcm_path, stamps_path, device, rate = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
lib = ctypes.CDLL("libpulse-simple.so.0")
class Spec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]
class Attr(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint32) for n in ("maxl", "tlength", "prebuf", "minreq", "frag")]
lib.pa_simple_new.restype = ctypes.c_void_p
lib.pa_simple_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
    ctypes.c_char_p, ctypes.POINTER(Spec), ctypes.c_void_p, ctypes.POINTER(Attr),
    ctypes.POINTER(ctypes.c_int)]
lib.pa_simple_read.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_int)]
chunk = rate // 1000 * 2
spec = Spec(3, rate, 1)  # PA_SAMPLE_S16LE
attr = Attr(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, chunk)
error = ctypes.c_int(0)
stream = lib.pa_simple_new(None, b"cue-recorder", 2, device.encode(), b"monitor",
    ctypes.byref(spec), None, ctypes.byref(attr), ctypes.byref(error))
if not stream:
    sys.exit(f"recorder: cannot record {device} (pulse error {error.value})")
try:
    os.nice(-15)  # as root: a loaded machine should not make the recorder miss reads
except OSError:
    pass
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
buffer = ctypes.create_string_buffer(chunk)
stamps = []
frames = 0
with open(pcm_path, "wb") as pcm:
    while not stop:
        if lib.pa_simple_read(stream, buffer, chunk, ctypes.byref(error)) < 0:
            sys.exit(f"recorder: read failed (pulse error {error.value})")
        now = time.monotonic()
        pcm.write(buffer.raw)
        frames += chunk // 2
        stamps.append(struct.pack("<dQ", now, frames))
        if len(stamps) == 1:
            print("ready", flush=True)
with open(stamps_path, "wb") as out:
    out.write(b"".join(stamps))
"""


@contextmanager
def recording(server: PulseServer) -> Iterator[Recorded]:
    """Record the sink's monitor while the block runs; the result fills in on exit."""
    result = Recorded()
    pcm, stamps = server.directory / "monitor.pcm", server.directory / "monitor.stamps"
    recorder = subprocess.Popen(
        [sys.executable, "-c", _RECORDER, str(pcm), str(stamps), f"{SINK}.monitor", str(RATE)],
        env=server.env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert recorder.stdout is not None
    try:
        if recorder.stdout.readline().strip() != "ready":
            raise PulseUnavailable("the monitor recorder did not start")
        yield result
    finally:
        recorder.send_signal(signal.SIGTERM)
        recorder.wait(10)
        recorder.stdout.close()
    result.load(pcm, stamps)


class Recorded:
    """The monitor's samples (float, full scale 1.0) and when each reached the sink."""

    def __init__(self) -> None:
        self.samples = np.zeros(0)
        self._stamps = np.zeros(0)  # when each read returned
        self._offsets = np.zeros(0)  # that stamp less the time of the frames read so far

    def load(self, pcm: Path, stamps: Path) -> None:
        """Read what the recorder wrote."""
        self.samples = np.frombuffer(pcm.read_bytes(), dtype="<i2").astype(np.float64) / 32768
        pairs = np.array(list(struct.iter_unpack("<dQ", stamps.read_bytes())))
        self._stamps = pairs[:, 0]
        self._offsets = pairs[:, 0] - pairs[:, 1] / RATE

    def _offset_near(self, moment: float) -> float:
        # A read returns at least when its last frame arrived, often later: the smallest
        # (stamp - frames / rate) nearby is the closest bound on when sample 0 would have
        # arrived. Nearby, not overall: a read the recorder missed would shift all later ones.
        lo, hi = np.searchsorted(self._stamps, [moment - WINDOW_SECONDS, moment + WINDOW_SECONDS])
        if hi <= lo:
            lo, hi = 0, len(self._stamps)
        return float(self._offsets[lo:hi].min())

    def time_of(self, index: int) -> float:
        """The monotonic time the sample at ``index`` reached the sink."""
        rough = self._offsets.min() + index / RATE
        return self._offset_near(rough) + index / RATE

    def index_of(self, moment: float) -> int:
        """The sample index nearest a monotonic time (clamped to the recording)."""
        index = round((moment - self._offset_near(moment)) * RATE)
        return int(min(max(0, index), len(self.samples)))


def load_wav(path: Path) -> np.ndarray:
    """A mono 16-bit WAV as floats at the sink's rate (resampled linearly if need be)."""
    with wave.open(str(path), "rb") as source:
        rate = source.getframerate()
        data = np.frombuffer(source.readframes(source.getnframes()), dtype="<i2")
    samples = data.astype(np.float64) / 32768
    if rate == RATE:
        return samples
    count = round(len(samples) * RATE / rate)
    return np.interp(np.arange(count) * rate / RATE, np.arange(len(samples)), samples)


def sounding_length(samples: np.ndarray, threshold: float) -> int:
    """Frames from the first sample above ``threshold`` to the last one."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return int(loud[-1] - loud[0] + 1) if len(loud) else 0


@dataclass(frozen=True)
class HeardCue:
    """One cue found in the recording."""

    onset: float  # monotonic time its first sample reached the sink
    length: float  # seconds it sounded without a gap
    expected_length: float  # seconds its WAV sounds
    lead: float  # seconds of sound just before the onset (a leftover of the last cue)
    match: float  # normalised correlation of its head with the WAV's (1.0: identical)
    whole_match: float  # the same over the whole cue: a dropout or glitch lowers it

    @property
    def cut(self) -> bool:
        """It stopped early (by more than a millisecond)."""
        return self.length < self.expected_length - 0.001

    @property
    def longer(self) -> bool:
        """It sounded on past its end (by more than a millisecond): something ran into it."""
        return self.length > self.expected_length + 0.001

    @property
    def whole_and_alone(self) -> bool:
        """It sounded exactly as long as its WAV, with nothing right before it."""
        return not (self.cut or self.longer or self.with_leftover)

    @property
    def with_leftover(self) -> bool:
        """Something sounded right before it (the tail of an earlier cue)."""
        return self.lead > 0.001


def find_cue(recorded: Recorded, wav: np.ndarray, after: float, before: float) -> HeardCue | None:
    """The first onset of ``wav`` in the recording between two monotonic times, if any."""
    head = wav[: round(ONSET_SECONDS * RATE)]
    lo, hi = recorded.index_of(after), recorded.index_of(before)
    window = recorded.samples[lo : hi + len(head)]
    if len(window) < len(head) or not np.any(np.abs(window) > SILENCE):
        return None
    scores = _normalised_correlation(window, head)
    good = np.flatnonzero(scores >= MATCH)
    if len(good) == 0:
        return None
    # The best match near the first good one: a later cue of the same kind may match as
    # well, and a tone also matches a few periods early, a little less well.
    near = scores[good[0] : good[0] + round(REFINE_SECONDS * RATE)]
    best = int(good[0] + np.argmax(near))
    onset_index = lo + best
    gain = _gain(recorded.samples[onset_index : onset_index + len(head)], head)
    threshold = SILENCE
    expected = sounding_length(wav * gain, threshold)
    lead_frames = _sounding_run_before(recorded.samples, onset_index, threshold)
    # Sound starts within the head's soft attack: measure from the first loud sample.
    start = onset_index + int(np.argmax(np.abs(wav * gain) > threshold))
    length = _sounding_run_from(recorded.samples, start, threshold)
    whole = recorded.samples[onset_index : onset_index + len(wav)]
    whole_match = float(np.dot(whole, wav[: len(whole)]) / _norm(whole) / _norm(wav))
    return HeardCue(
        onset=recorded.time_of(onset_index),
        length=length / RATE,
        expected_length=expected / RATE,
        lead=lead_frames / RATE,
        match=float(scores[best]),
        whole_match=whole_match,
    )


def _norm(samples: np.ndarray) -> float:
    return max(float(np.sqrt(np.dot(samples, samples))), 1e-12)


def _normalised_correlation(window: np.ndarray, head: np.ndarray) -> np.ndarray:
    n = len(head)
    size = 1 << (len(window) + n).bit_length()
    spectrum = np.fft.rfft(window, size) * np.conj(np.fft.rfft(head, size))
    dots = np.fft.irfft(spectrum, size)[: len(window) - n + 1]
    energy = np.convolve(window**2, np.ones(n), "valid")
    return dots / np.sqrt(np.maximum(energy, 1e-12) * np.dot(head, head))


def _gain(recorded: np.ndarray, wav: np.ndarray) -> float:
    return float(np.dot(recorded, wav) / max(np.dot(wav, wav), 1e-12))


def _sounding_run_from(samples: np.ndarray, start: int, threshold: float) -> int:
    """Frames from ``start`` until the first silent run of GAP_SECONDS."""
    gap = round(GAP_SECONDS * RATE)
    loud = np.abs(samples[start : start + 2 * RATE]) > threshold
    last_loud = 0
    for index in np.flatnonzero(loud):
        if index - last_loud > gap:
            break
        last_loud = int(index)
    return last_loud + 1


def _sounding_run_before(samples: np.ndarray, onset: int, threshold: float) -> int:
    """Frames of sound that run without a gap up to ``onset`` (0 when silence precedes it)."""
    gap = round(GAP_SECONDS * RATE)
    before = np.abs(samples[max(0, onset - RATE) : onset]) > threshold
    loud = np.flatnonzero(before[::-1])
    if len(loud) == 0 or loud[0] > gap:
        return 0
    first_loud = 0
    for index in loud:
        if index - first_loud > gap:
            break
        first_loud = int(index)
    return first_loud + 1
