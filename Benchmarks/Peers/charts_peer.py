"""Speed of `kanade chart` against PyTorch running the same chart weights, in the same run (issue 19;
docs/models/charts.md, "Speed").

    /work/venv/bin/python Benchmarks/Peers/charts_peer.py .build/release/kanade [--rounds 3] [--threads 2]

The song: separation_peer.make_song's 180 s of joined synthetic test mixtures (44.1 kHz stereo float).

- kanade: `kanade chart SONG -o OUT.sm --overwrite` as a whole process, every difficulty: read, tempo detection,
  mono mix, log-mel from three FFT sizes, the network for five difficulties, peaks, steps, arrows, the .sm written.
- PyTorch: from the loaded mono samples: training/charts/features.logmel (librosa), the beat phase at the tempo
  kanade printed, charts.safetensors in model.Placement (float32, torch.set_num_threads(THREADS)) for the five
  difficulties as one batch, peaks at the shipped thresholds. It does no tempo detection, no step rules and writes
  nothing: less work than the kanade process does. Python start-up and imports are not counted.

Rounds alternate kanade and PyTorch; the table gives the minimum and median wall time of each and the ratio.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "training" / "charts"))
from separation_peer import make_song  # noqa: E402
from features import beat_phase, load_mono, logmel  # noqa: E402
from model import Placement  # noqa: E402

WEIGHTS = ROOT / "Sources/Models/Resources/charts.safetensors"


def peaks(p, thr, radius=2):
    keep = (p >= thr)
    padded = np.pad(p, radius, constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * radius + 1)
    first_max = windows.argmax(axis=1) == radius
    return np.nonzero(keep & first_max)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kanade")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    config = json.loads(safe_open(str(WEIGHTS), "np").metadata()["kanade.config"])
    net = Placement(hidden=config["lstm_hidden"])
    net.load_state_dict(load_file(str(WEIGHTS)))
    net.eval()
    with tempfile.TemporaryDirectory() as tmp:
        song = os.path.join(tmp, "song.wav")
        make_song(song)
        out = os.path.join(tmp, "song.sm")
        samples = load_mono(song)
        times = {"kanade": [], "pytorch": []}
        bpm = None
        for _ in range(a.rounds):
            started = time.perf_counter()
            run = subprocess.run([a.kanade, "chart", song, "-o", out, "--overwrite"], capture_output=True, text=True)
            times["kanade"].append(time.perf_counter() - started)
            assert run.returncode == 0, run.stderr
            m = re.search(r"([0-9.]+) BPM, #OFFSET:(-?[0-9.]+)", run.stdout)
            bpm, offset = float(m.group(1)), float(m.group(2))
            started = time.perf_counter()
            mel = logmel(samples)
            beat = beat_phase(mel.shape[-1], bpm, -offset)
            with torch.no_grad():
                audio = net.audio(torch.from_numpy(mel)[None])
                probs = torch.sigmoid(net.head(audio.repeat(5, 1, 1), torch.eye(5),
                                               torch.from_numpy(beat)[None].repeat(5, 1, 1))).numpy()
            found = [peaks(probs[k], config["thresholds"][d]) for k, d in enumerate(config["difficulties"])]
            times["pytorch"].append(time.perf_counter() - started)
        steps = [len(f) for f in found]
    row = {k: {"min_s": round(min(v), 3), "median_s": round(statistics.median(v), 3)} for k, v in times.items()}
    row["ratio_median"] = round(row["pytorch"]["median_s"] / row["kanade"]["median_s"], 2)
    row.update(seconds=180, rounds=a.rounds, threads=a.threads, bpm=bpm, pytorch_peaks=steps,
               load=os.getloadavg()[0])
    print(json.dumps(row))


if __name__ == "__main__":
    main()
