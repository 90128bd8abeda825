"""Tempo and first-beat accuracy and speed of `kanade bpm` against librosa, on the same synthetic songs in the
same run (docs/charts.md, "Measured against librosa").

Each song is synthesised here at a known tempo and first beat (drums: kick/snare backbeat with eighth hats;
band: the drums plus a plucked bass, slow pad chords and noise 35 dB down; optionally swung), written as a
22.05 kHz WAV, then:

- kanade: `kanade bpm FILE --json` (its BPM and firstBeat), timed as a whole process;
- librosa: `librosa.beat.beat_track(y, sr)` (Ellis DP, hop 512, start_bpm 120; the tempo it returns and the
  time of its first beat), timed from the loaded samples, with `onset_strength` inside it.

A tempo is right within 1 %; ×2, ÷2, ×1.5, ÷1.5 are counted as octave errors apart. A first beat is right within
10 ms (judged only where the tempo is right). Usage:

    /work/venv/bin/python Benchmarks/Peers/rhythm_peers.py [path/to/kanade] [--seconds 30]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

SR = 22050


def drums(beats, duration, swing, rng):
    out = np.zeros(int(duration * SR), dtype=np.float64)

    def hit(t0, kind):
        start = int(round(t0 * SR))
        length = {"kick": 0.25, "snare": 0.15, "hat": 0.04}[kind]
        t = np.arange(int(length * SR)) / SR
        if kind == "kick":
            phase = np.cumsum(2 * np.pi * (45 + 100 * np.exp(-t / 0.03)) / SR)
            x = 0.9 * np.sin(phase) * np.exp(-t / 0.12)
        elif kind == "snare":
            x = 0.5 * (0.7 * rng.uniform(-1, 1, t.size) + 0.3 * np.sin(2 * np.pi * 185 * t)) * np.exp(-t / 0.05)
        else:
            x = 0.15 * np.diff(rng.uniform(-1, 1, t.size + 1)) * np.exp(-t / 0.012)
        end = min(out.size, start + x.size)
        if start < out.size:
            out[start:end] += x[: end - start]

    for i, t0 in enumerate(beats):
        hit(t0, "kick" if i % 2 == 0 else "snare")
        hit(t0, "hat")
        if i + 1 < len(beats):
            hit(t0 + (beats[i + 1] - t0) * (2 / 3 if swing else 0.5), "hat")
    return out


def band(beats, duration, swing, rng):
    out = drums(beats, duration, swing, rng)
    roots = [55.0, 55.0 * 4 / 3, 55.0 * 3 / 2, 55.0 * 6 / 5]

    def tone(hz, t0, length, amplitude, attack, decay):
        start = int(t0 * SR)
        t = np.arange(int(length * SR)) / SR
        x = amplitude * np.minimum(1, t / attack) * np.exp(-t / decay) * np.sin(2 * np.pi * hz * t)
        end = min(out.size, start + x.size)
        if start < out.size:
            out[start:end] += x[: end - start]

    for i, t0 in enumerate(beats[:-1]):
        interval = beats[i + 1] - t0
        root = roots[(i // 4) % 4]
        tone(root, t0, interval * 0.5, 0.35, 0.004, 0.12)
        tone(root * (1 if i % 2 == 0 else 1.5), t0 + interval * (2 / 3 if swing else 0.5), interval * 0.4, 0.25, 0.004, 0.1)
        if i % 4 == 0:
            for ratio in (2.0, 2.5, 3.0):
                tone(root * ratio * 2, t0, interval * 4, 0.05, 0.3, 2)
    return out + rng.uniform(-0.02, 0.02, out.size)


def songs(seconds):
    for kind in ("drums", "band"):
        for swing in (False, True):
            for bpm in (72, 87, 100, 120, 128, 143.5, 160, 174):
                start = 0.05 + (bpm * 7 % 97) / 100  # a first beat between 0.05 and 1.02 s
                yield kind, swing, bpm, start


def judge(found, truth):
    if found is None or found <= 0:
        return "none"
    ratio = found / truth
    if abs(ratio - 1) < 0.01:
        return "right"
    for r in (2, 0.5, 1.5, 2 / 3):
        if abs(ratio / r - 1) < 0.01:
            return "octave"
    return "wrong"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kanade", nargs="?", default=".build/release/kanade")
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    import librosa

    # numba compiles librosa's beat tracker on first use: do that before timing anything.
    librosa.beat.beat_track(y=np.random.default_rng(0).uniform(-0.1, 0.1, SR * 5).astype(np.float32), sr=SR)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n, (kind, swing, bpm, start) in enumerate(songs(args.seconds)):
            rng = np.random.default_rng(n + 1)
            beats = list(start + np.arange(int((args.seconds - start - 0.5) * bpm / 60)) * 60 / bpm)
            y = (band if kind == "band" else drums)(beats, args.seconds, swing, rng).astype(np.float32)
            path = Path(folder) / f"{kind}-{bpm}.wav"
            soundfile.write(path, y, SR, subtype="FLOAT")

            t0 = time.perf_counter()
            result = subprocess.run([args.kanade, "bpm", str(path), "--json"], capture_output=True, text=True)
            kanade_seconds = time.perf_counter() - t0
            ours = json.loads(result.stdout) if result.stdout else {}

            t0 = time.perf_counter()
            tempo, frames = librosa.beat.beat_track(y=y, sr=SR)
            librosa_seconds = time.perf_counter() - t0
            tempo = float(np.atleast_1d(tempo)[0])
            first = float(librosa.frames_to_time(frames[0], sr=SR)) if len(frames) else None

            rows.append({
                "song": f"{'swung ' if swing else ''}{kind} {bpm}", "bpm": bpm, "start": start,
                "kanade": (ours.get("bpm"), ours.get("firstBeat"), kanade_seconds),
                "librosa": (tempo, first, librosa_seconds),
            })

    print(f"{'song':<20} {'kanade BPM':>11} {'first ms':>9} {'librosa BPM':>12} {'first ms':>9}")
    summary = {}
    for row in rows:
        cells = []
        for who in ("kanade", "librosa"):
            found, first, seconds = row[who]
            verdict = judge(found, row["bpm"])
            offset_ms = (first - row["start"]) * 1000 if (first is not None and verdict == "right") else None
            s = summary.setdefault(who, {"right": 0, "octave": 0, "wrong": 0, "none": 0, "offset10": 0, "seconds": 0.0})
            s[verdict] += 1
            s["seconds"] += seconds
            if offset_ms is not None and abs(offset_ms) <= 10:
                s["offset10"] += 1
            cells.append(("-" if found is None else f"{found:.2f}") + ("" if verdict == "right" else f" ({verdict})"))
            cells.append("-" if offset_ms is None else f"{offset_ms:+.1f}")
        print(f"{row['song']:<20} {cells[0]:>11} {cells[1]:>9} {cells[2]:>12} {cells[3]:>9}")
    total = len(rows)
    for who, s in summary.items():
        print(f"{who}: tempo right {s['right']}/{total}, octave errors {s['octave']}, wrong {s['wrong']}, none {s['none']}; "
              f"first beat within 10 ms {s['offset10']}/{s['right']} of the right tempos; {s['seconds'] / total:.3f} s a song")


if __name__ == "__main__":
    sys.exit(main())
