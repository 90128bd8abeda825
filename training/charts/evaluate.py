"""Thresholds on valid, placement F1 on test per difficulty, model vs librosa, in one run.

    nice -n 10 /work/venv/bin/python evaluate.py --ckpt /tmp/charts/ckpt.pt --out results/eval.json

- Model probabilities with the beat phase from the known grid (as in training) and, separately, from
  `kanade bpm` (our beat tracker; its outputs for valid/test are in bpm_outputs/, a release build of
  2026-12-05 17:30 UTC) — the latter is what the Swift side will see.
- Threshold per difficulty: on valid, the value on 0.05..0.95 (step 0.05) that maximises +-50 ms F1 of the peaks.
- Matching: one-to-one maximum matching of estimated and reference times within the tolerance (times sorted;
  since both are sorted and the tolerance is symmetric, the greedy earliest-first match is maximal).
- librosa baseline: onset_strength (hop 441, mono mixture) and onset_detect's peaks, keeping the N with the
  strongest envelope, N = the reference chart's note count for that song and difficulty (an oracle count).
- model_peaks: the thresholded peaks' times; model_chart: after step selection (steps.py) snapped to the grid;
  every model chart is checked with steps.problems.
"""
import argparse
import json
import os
import re

import librosa
import numpy as np
import torch

from data import load_split
from features import HOP, SR, beat_phase, load_mono
from model import Placement
from reference import DIFFS
from steps import arrows, peaks, place, problems

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--ckpt", default="/tmp/charts/ckpt.pt")
ap.add_argument("--bpm", default=os.path.join(HERE, "bpm_outputs"))
ap.add_argument("--data", default="/tmp/stems_data")
ap.add_argument("--out", default=os.path.join(HERE, "results", "eval.json"))
a = ap.parse_args()
torch.set_num_threads(1)


def match(est, ref, tol):
    est, ref = np.sort(est), np.sort(ref)
    i = j = hits = 0
    while i < len(est) and j < len(ref):
        if abs(est[i] - ref[j]) <= tol + 1e-9:
            hits += 1; i += 1; j += 1
        elif est[i] < ref[j]:
            i += 1
        else:
            j += 1
    return hits


def f1(h, ne, nr):
    p, r = (h / ne if ne else 0.0), (h / nr if nr else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def read_kanade_bpm(path):
    if not os.path.exists(path):
        return None
    m = re.search(r"([0-9.]+) BPM, first beat at (-?[0-9.]+) s", open(path).read())
    return (float(m.group(1)), float(m.group(2))) if m else None


ck = torch.load(a.ckpt)
model = Placement()
model.load_state_dict(ck["model"])
model.eval()


@torch.no_grad()
def probs(mel, beat):
    au = model.audio(torch.from_numpy(mel)[None])
    return torch.sigmoid(model.head(au.repeat(5, 1, 1), torch.eye(5), torch.from_numpy(beat)[None].repeat(5, 1, 1))).numpy()


def prepare(split):
    items = load_split(split)
    for it in items:
        T = it["mel"].shape[-1]
        it["p_known"] = probs(it["mel"], it["beat"])
        g = read_kanade_bpm(os.path.join(a.bpm, f"{split}-{it['seed']}.txt"))
        it["grid"] = g
        it["p_tracker"] = probs(it["mel"], beat_phase(T, *g)) if g else None
    return items


valid, test = prepare("valid"), prepare("test")
grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
res = dict(steps=ck["state"]["steps"], epochs=ck["state"]["epoch"], train_seconds=round(ck["state"]["seconds"]),
           thresholds={}, valid_f1_50={}, test={}, tracker_songs={})
for beatsrc in ("known", "tracker"):
    res["thresholds"][beatsrc], res["valid_f1_50"][beatsrc] = {}, {}
    vs = [it for it in valid if it[f"p_{beatsrc}"] is not None]
    for k, d in enumerate(DIFFS):
        scores = []
        for thr in grid:
            H = NE = NR = 0
            for it in vs:
                e = peaks(it[f"p_{beatsrc}"][k], thr) / 100.0
                H += match(e, it["refs"][k], 0.05); NE += len(e); NR += len(it["refs"][k])
            scores.append(f1(H, NE, NR))
        b = int(np.argmax(scores))
        res["thresholds"][beatsrc][d] = float(grid[b])
        res["valid_f1_50"][beatsrc][d] = round(scores[b], 4)
    res["tracker_songs"]["valid"] = len(vs)
res["tracker_songs"]["test"] = sum(it["p_tracker"] is not None for it in test)

envs = {}
for it in test:
    env = librosa.onset.onset_strength(y=load_mono(f"{a.data}/test/{it['seed']}/mixture.wav"), sr=SR, hop_length=HOP)
    pk = librosa.onset.onset_detect(onset_envelope=env, sr=SR, hop_length=HOP, units="frames")
    envs[it["seed"]] = (env, pk)

unplayable = 0
for k, d in enumerate(DIFFS):
    acc = {}

    def add(name, est, ref):
        for tol in (20, 50):
            v = acc.setdefault(f"{name}_{tol}", [0, 0, 0])
            v[0] += match(est, ref, tol / 1000); v[1] += len(est); v[2] += len(ref)

    for it in test:
        ref = it["refs"][k]
        env, pk = envs[it["seed"]]
        top = np.sort(pk[np.argsort(-env[pk], kind="stable")][:len(ref)])
        add("librosa", librosa.frames_to_time(top, sr=SR, hop_length=HOP), ref)
        fr = peaks(it["p_known"][k], res["thresholds"]["known"][d])
        add("model_peaks", fr / 100.0, ref)
        beats = place(fr, it["p_known"][k], d, it["tempo"], 0.0)
        lanes = arrows(beats, d)
        unplayable += bool(problems(beats, lanes, d))
        add("model_chart", np.array([float(b) * 60.0 / it["tempo"] for b in beats]), ref)
        if it["p_tracker"] is not None:
            fr = peaks(it["p_tracker"][k], res["thresholds"]["tracker"][d])
            add("model_peaks_tracker", fr / 100.0, ref)
            add("librosa_on_tracker_songs", librosa.frames_to_time(top, sr=SR, hop_length=HOP), ref)
    row = {n: round(f1(*v), 4) for n, v in acc.items()}
    row["counts"] = {n: dict(hits=v[0], est=v[1], ref=v[2]) for n, v in acc.items() if n.endswith("_50")}
    res["test"][d] = row
    print(d, {n: v for n, v in row.items() if n != "counts"}, flush=True)
res["unplayable_model_charts"] = unplayable
print("thresholds", res["thresholds"], "unplayable", unplayable)
os.makedirs(os.path.dirname(a.out), exist_ok=True)
json.dump(res, open(a.out, "w"), indent=1)
