"""Generate the hold timer's sound cues as small WAV files (stdlib only, deterministic).

Usage: python scripts/make_sounds.py [--out DIR] [--rate HZ]   (default: assets/sounds/, 48000)

Each cue is a few soft sine notes (with a quiet octave for warmth) under a short raised-cosine
attack and an exponential decay that ends in a fade to exact zero, so nothing clicks.
Mono, 48 kHz, 16-bit, each well under 0.6 s. 48 kHz is the rate sound servers and devices run
at: a cue at another rate is resampled, and Qt's output buffer, a fixed number of frames, lasts
longer at a lower rate (22,050 Hz cues came out 20 ms later). ``--rate`` exists so
``benchmarks/cue_latency.py`` can rebuild the old 22,050 Hz cues as a baseline.
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

RATE = 48000
PEAK = 0.45  # of full scale: headroom, and the player sets the volume anyway

# Note frequencies (Hz), equal temperament.
C5, E5, G5, A5, C6, E6 = 523.25, 659.26, 783.99, 880.00, 1046.50, 1318.51

# (start s, frequency Hz, length s, loudness 0-1) for each note of a cue.
Note = tuple[float, float, float, float]
CUES: dict[str, list[Note]] = {
    # Up-going pair: "go".
    "hold_start": [(0.0, G5, 0.22, 0.8), (0.12, C6, 0.30, 1.0)],
    # A short soft blip for the last seconds and for each counted rep.
    "tick": [(0.0, E6, 0.07, 0.55)],
    # Down-going pair: "ease off".
    "hold_end": [(0.0, C6, 0.22, 1.0), (0.13, G5, 0.34, 0.85)],
    # Two alternating pairs, like a gentle door chime: "change feet".
    "switch_side": [(0.0, E5, 0.16, 0.9), (0.12, A5, 0.16, 0.9), (0.26, E5, 0.26, 0.8)],
    # A rising major arpeggio: "all done".
    "all_done": [
        (0.0, C5, 0.30, 0.7),
        (0.09, E5, 0.30, 0.75),
        (0.18, G5, 0.30, 0.8),
        (0.27, C6, 0.30, 0.9),
    ],
}

ATTACK = 0.008  # s; softer than a click, still crisp
FADE = 0.02  # s; raised-cosine fade to zero at each note's end


def note_samples(frequency: float, length: float, loudness: float, rate: int = RATE) -> list[float]:
    """One note: sine plus a quiet octave, shaped by attack, decay and a final fade."""
    count = int(length * rate)
    attack, fade = int(ATTACK * rate), int(FADE * rate)
    decay_rate = 4.0 / length  # about -35 dB by the end of the note
    samples = []
    for i in range(count):
        t = i / rate
        tone = math.sin(2 * math.pi * frequency * t) + 0.18 * math.sin(4 * math.pi * frequency * t)
        envelope = math.exp(-decay_rate * t)
        if i < attack:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        if i >= count - fade:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * (count - 1 - i) / fade)
        samples.append(loudness * envelope * tone / 1.18)
    return samples


def render(notes: list[Note], rate: int = RATE) -> list[float]:
    """Mix the notes of one cue and scale to the common peak."""
    end = max(start + length for start, _, length, _ in notes)
    mix = [0.0] * int(math.ceil(end * rate))
    for start, frequency, length, loudness in notes:
        offset = int(start * rate)
        for i, value in enumerate(note_samples(frequency, length, loudness, rate)):
            mix[offset + i] += value
    loudest = max(abs(v) for v in mix)
    return [PEAK * v / loudest for v in mix]


def write_wav(path: Path, samples: list[float], rate: int = RATE) -> None:
    """Write mono 16-bit PCM."""
    frames = b"".join(struct.pack("<h", round(v * 32767)) for v in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


def main() -> None:
    """Write every cue into the output folder."""
    default = Path(__file__).resolve().parent.parent / "assets" / "sounds"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default, help="folder for the WAV files")
    parser.add_argument("--rate", type=int, default=RATE, help="sample rate in Hz")
    args = parser.parse_args()
    if not 8000 <= args.rate <= 192000:
        parser.error(f"--rate {args.rate}: give a sample rate from 8000 to 192000 Hz")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, notes in CUES.items():
        samples = render(notes, args.rate)
        path = args.out / f"{name}.wav"
        write_wav(path, samples, args.rate)
        print(f"{path}: {len(samples) / args.rate:.2f} s, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
