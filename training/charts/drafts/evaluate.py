"""Evaluation on the held-out songs: placement F1 per difficulty vs librosa, and `kanade bpm` tempo/offset.

  # once: kanade bpm on every valid/test mixture (release build), outputs in /tmp/charts_bpm/<split>-<seed>.txt
  nice -n 10 /work/venv/bin/python evaluate.py --feats /tmp/charts_feats --ckpt /tmp/charts_ckpt.pt \
      --bpm /tmp/charts_bpm --data /tmp/stems_data --out results/eval.json

Beat phase at inference (valid and test): from `kanade bpm` (our tracker), never the known grid.
Thresholds per difficulty: the value on a 0.05…0.95 grid that maximises ±50 ms F1 of the peaks on valid.
Matching: one-to-one, greedy in time order within the tolerance (as mir_eval's onset F-measure, without the
bipartite optimum).
librosa baseline: onset_strength (hop 441) and onset_detect peaks on the mono mixture, keeping the N strongest
where N is the reference chart's note count for that song and difficulty (an oracle count it is given).
"""
import argparse, json
import numpy as np
import torch
import librosa
from charts_rules import DIFFICULTIES
from features import load_mono, SR, HOP
from generate import probabilities, peaks, read_kanade_bpm, to_chart
from model import Placement

ap = argparse.ArgumentParser()
ap.add_argument("--feats", default="/tmp/charts_feats")
ap.add_argument("--ckpt", default="/tmp/charts_ckpt.pt")
ap.add_argument("--bpm", default="/tmp/charts_bpm")
ap.add_argument("--data", default="/tmp/stems_data")
ap.add_argument("--out", default="results/eval.json")
a = ap.parse_args()
torch.set_num_threads(1)


def match(est, ref, tol):
    est, ref = sorted(est), sorted(ref)
    i = j = hits = 0
    while i < len(est) and j < len(ref):
        if abs(est[i] - ref[j]) <= tol:
            hits += 1; i += 1; j += 1
        elif est[i] < ref[j]:
            i += 1
        else:
            j += 1
    return hits


def f1(h, ne, nr):
    p = h / ne if ne else 0.0
    r = h / nr if nr else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


model = Placement()
model.load_state_dict(torch.load(a.ckpt)["model"])
model.eval()


def load(split):
    z = np.load(f"{a.feats}/{split}.npz")
    items = []
    for k, s in enumerate(z["seeds"]):
        g = read_kanade_bpm(f"{a.bpm}/{split}-{s}.txt")
        refs = {d: z[f"notes_{s}_{d}"] for d in DIFFICULTIES}
        items.append(dict(seed=int(s), mel=z["mel"][k], tempo=float(z["tempo"][k]), grid=g, refs=refs))
    return items


def probs_of(items):
    for it in items:
        bpm, fb = it["grid"] if it["grid"] else (120.0, 0.0)
        it["p"] = probabilities(model, it["mel"], bpm, fb)


valid, test = load("valid"), load("test")
probs_of(valid); probs_of(test)

thresholds = {}
for k, d in enumerate(DIFFICULTIES):
    best = (-1, 0.5)
    for thr in np.arange(0.05, 0.96, 0.05):
        H = NE = NR = 0
        for it in valid:
            est = peaks(it["p"][k], thr) / 100.0
            H += match(est, it["refs"][d], 0.05); NE += len(est); NR += len(it["refs"][d])
        best = max(best, (f1(H, NE, NR), round(float(thr), 2)))
    thresholds[d] = best[1]

res = dict(thresholds=thresholds, songs=len(test), placement={}, tempo={})
for k, d in enumerate(DIFFICULTIES):
    acc = {n: [0, 0, 0] for n in ("model_peaks_20", "model_peaks_50", "model_chart_20", "model_chart_50",
                                   "librosa_20", "librosa_50")}
    for it in test:
        ref = it["refs"][d]
        y = load_mono(f"{a.data}/test/{it['seed']}/mixture.wav")
        env = librosa.onset.onset_strength(y=y, sr=SR, hop_length=HOP)
        pk = librosa.onset.onset_detect(onset_envelope=env, sr=SR, hop_length=HOP, units="frames")
        pk = pk[np.argsort(-env[pk])][:len(ref)]
        lib = librosa.frames_to_time(np.sort(pk), sr=SR, hop_length=HOP)
        fr = peaks(it["p"][k], thresholds[d])
        est = fr / 100.0
        bpm, fb = it["grid"] if it["grid"] else (120.0, 0.0)
        beats, lanes = to_chart(fr, it["p"][k], d, bpm, fb)
        chart_t = np.array([fb + float(b) * 60.0 / bpm for b in beats])
        for name, e in (("model_peaks", est), ("model_chart", chart_t), ("librosa", lib)):
            for tol in (20, 50):
                acc[f"{name}_{tol}"][0] += match(e, ref, tol / 1000)
                acc[f"{name}_{tol}"][1] += len(e)
                acc[f"{name}_{tol}"][2] += len(ref)
    res["placement"][d] = {n: round(f1(*v), 4) for n, v in acc.items()}
    res["placement"][d]["reference_notes"] = acc["librosa_20"][2]
    res["placement"][d]["model_notes"] = acc["model_peaks_20"][1]
    print(d, res["placement"][d], flush=True)

right = octave = other = none = off_ok = 0
per = []
for it in test:
    g = it["grid"]
    if g is None:
        none += 1; per.append((it["seed"], it["tempo"], None, None)); continue
    bpm, fb = g
    r = bpm / it["tempo"]
    spb = 60.0 / it["tempo"]
    ph = (fb % spb)
    off_err = min(ph, spb - ph)
    if abs(r - 1) <= 0.01:
        right += 1
        off_ok += off_err <= 0.010
    elif any(abs(r / m - 1) <= 0.01 for m in (2, 0.5, 1.5, 2 / 3)):
        octave += 1
    else:
        other += 1
    per.append((it["seed"], it["tempo"], bpm, round(off_err * 1000, 1)))
res["tempo"] = dict(songs=len(test), within_1pct=right, octave_errors=octave, other_misses=other, no_tempo=none,
                    offset_within_10ms_of_right=off_ok, per_song=per)
print(json.dumps(res["tempo"]))
import os
os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
json.dump(res, open(a.out, "w"), indent=1)
