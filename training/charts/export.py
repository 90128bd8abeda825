"""Export the placement model to Kanade's safetensors and write the golden fixture for a Swift ChartGenerator.

    nice -n 10 /work/venv/bin/python training/charts/export.py /tmp/charts/ckpt.pt
        -> Sources/Models/Resources/charts.safetensors, Tests/Fixtures/charts/golden.safetensors

Fixture (float32): the first 3 s of test song 0's mono mixture plus 2048 samples (`audio`, 44.1 kHz: every sample
the 300 feature frames' windows reach, librosa's zero padding before t = 0), `mel` [3, 80, 300] = features.logmel
of the whole song's frames 0-299 (equal to logmel of `audio`'s), `beat` [6, 300] = features.beat_phase at the
song's known tempo (`tempo`), and `probs` [5, 300] = sigmoid of the model run on exactly those 300 frames, rows
Beginner..Challenge, from the weights as stored (float32).
"""
import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "training"))
from common.kanade_export import export_model  # noqa: E402
from common.licenses import SEPARATOR_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402
from features import FFTS, HOP, NMEL, SR, beat_phase, load_mono, logmel  # noqa: E402
from model import N_BEAT, N_DIFF, Placement  # noqa: E402
from reference import DIFFS  # noqa: E402

VERSION = 1
FRAMES = 300


def main():
    p = argparse.ArgumentParser()
    p.add_argument("checkpoint")
    p.add_argument("--out", default=str(ROOT / "Sources/Models/Resources/charts.safetensors"))
    p.add_argument("--fixture", default=str(ROOT / "Tests/Fixtures/charts/golden.safetensors"))
    p.add_argument("--data", default="/tmp/stems_data")
    a = p.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(a.checkpoint)
    model = Placement()
    model.load_state_dict(ck["model"])
    model.eval()
    ev = json.loads((HERE / "results" / "eval.json").read_text())
    counts = json.loads((HERE / "results" / "reference_counts.json").read_text())
    config = {"sample_rate": SR, "hop": HOP, "frames_per_second": 100, "fft_sizes": list(FFTS), "mel_bands": NMEL,
              "fmin": 27.5, "fmax": 16000.0, "mel": "librosa 0.11 default (Slaney scale and area norm), power 2, "
              "periodic Hann, centred frames with zero padding", "log_epsilon": 1e-6,
              "beat_phase": "sin, cos of 2*pi*k*beat for k = 1, 2, 4; beat = (t - first_beat) * bpm / 60",
              "difficulties": DIFFS, "n_diff": N_DIFF, "n_beat": N_BEAT,
              "conv": [[3, 8, 3, 7], [8, 16, 3, 3]], "pool_freq": 3, "proj": 64, "lstm_hidden": model.lstm.hidden_size,
              "peak_radius_frames": 2, "thresholds": ev["thresholds"]["tracker"],
              "thresholds_known_grid": ev["thresholds"]["known"], "step": ck["state"]["steps"]}
    data = (f"{counts['train']['songs']} train / {counts['valid']['songs']} valid / {counts['test']['songs']} test "
            "synthetic 20 s songs (training/separation/generate.py); targets: reference charts by rule "
            "(training/charts/reference.py)")
    # Headline: the tracker-grid figures (what Swift will see); the known-grid ones are an oracle beat guide.
    names = {"model_peaks_tracker": "f1_tracker_grid", "model_peaks": "f1_known_grid", "librosa": "f1_librosa"}
    metrics = {f"{d}_{n}_{tol}ms": ev["test"][d][f"{m}_{tol}"] for d in DIFFS for m, n in names.items()
               for tol in (20, 50)}
    export_model(a.out, model.state_dict(), model="charts", version=VERSION, config=config, data=data,
                 metrics=metrics, license=WEIGHTS_LICENSE, data_license=SEPARATOR_DATA_LICENSE)

    song = json.load(open(f"{a.data}/test/0/song.json"))
    y = load_mono(f"{a.data}/test/0/mixture.wav")
    audio = y[:FRAMES * HOP + max(FFTS) // 2]
    mel = np.ascontiguousarray(logmel(y)[:, :, :FRAMES])
    mel_crop = logmel(audio)[:, :, :FRAMES]
    assert np.allclose(mel, mel_crop, atol=1e-3), np.abs(mel - mel_crop).max()
    beat = beat_phase(FRAMES, float(song["tempo"]), 0.0)
    with torch.no_grad():
        au = model.audio(torch.from_numpy(mel)[None])
        probs = torch.sigmoid(model.head(au.repeat(5, 1, 1), torch.eye(5),
                                         torch.from_numpy(beat)[None].repeat(5, 1, 1)))
    os.makedirs(os.path.dirname(a.fixture), exist_ok=True)
    save_file({"audio": torch.from_numpy(np.ascontiguousarray(audio)), "mel": torch.from_numpy(mel),
               "beat": torch.from_numpy(beat), "tempo": torch.tensor([float(song["tempo"])]),
               "probs": probs.contiguous()}, a.fixture, metadata={"about": "training/charts/export.py"})
    print(json.dumps({"out": a.out, "bytes": os.path.getsize(a.out), "fixture": a.fixture,
                      "fixture_bytes": os.path.getsize(a.fixture), "step": ck["state"]["steps"],
                      "probs_max": [round(float(v), 4) for v in probs.max(dim=1).values]}))


if __name__ == "__main__":
    main()
