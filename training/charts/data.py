"""One split's cached features, reference-chart note times and frame labels, in memory.

Reference charts: reference.py's rules applied to song.json (computed here, not read from disk, so a changed
rule cannot go stale). Labels per difficulty: Gaussian-smoothed (sigma 1 frame = 10 ms) around each note's frame
(GenéLive!-style fuzzy labels), max over overlapping notes.
"""
import glob
import json
import os

import numpy as np

from features import beat_phase
from reference import DIFFS, chart

FEATS = "/tmp/charts/features"
DATA = "/tmp/stems_data"


def load_split(split, feats=FEATS, data=DATA):
    items = []
    for d in sorted(glob.glob(os.path.join(data, split, "*")), key=lambda p: int(os.path.basename(p))):
        seed = os.path.basename(d)
        song = json.load(open(os.path.join(d, "song.json")))
        mel = np.load(os.path.join(feats, split, seed + ".npy")).astype(np.float32)
        ch = chart(song)
        refs = [np.array([n["seconds"] for n in ch["charts"][k]]) for k in DIFFS]
        T = mel.shape[-1]
        lab = np.zeros((len(DIFFS), T), np.float32)
        for k, times in enumerate(refs):
            for t in times:
                c = t * 100.0
                lo, hi = max(0, int(c) - 3), min(T, int(c) + 4)
                f = np.arange(lo, hi)
                lab[k, lo:hi] = np.maximum(lab[k, lo:hi], np.exp(-0.5 * (f - c) ** 2))
        items.append(dict(seed=int(seed), mel=mel, tempo=float(song["tempo"]), refs=refs, labels=lab,
                          beat=beat_phase(T, float(song["tempo"]), 0.0), chart=ch))
    return items
