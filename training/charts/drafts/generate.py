"""Inference shared by evaluate.py and the Swift port's fixtures: probabilities → peaks → a chart by rule."""
from fractions import Fraction
import re
import numpy as np
import torch
from charts_rules import DIFFICULTIES, RULES, choose_lanes, check_playable
from features import beat_phase


def read_kanade_bpm(path):
    """(bpm, first_beat_s) from `kanade bpm` output, or None when it found no tempo."""
    txt = open(path).read()
    m = re.search(r"([0-9.]+) BPM, first beat at (-?[0-9.]+) s", txt)
    return (float(m.group(1)), float(m.group(2))) if m else None


@torch.no_grad()
def probabilities(model, mel, bpm, first_beat):
    """[5, T] note probability per frame for every difficulty."""
    T = mel.shape[-1]
    m = torch.from_numpy(mel)[None]
    bt = torch.from_numpy(beat_phase(T, bpm, first_beat))[None]
    au = model.audio(m)
    out = model.head(au.repeat(5, 1, 1), torch.eye(5), bt.repeat(5, 1, 1))
    return torch.sigmoid(out).numpy()


def peaks(p, thr, radius=2):
    """Frames that are the maximum of their ±radius neighbourhood and ≥ thr (first of equal maxima)."""
    T = len(p)
    out = []
    for i in range(T):
        if p[i] < thr:
            continue
        lo, hi = max(0, i - radius), min(T, i + radius + 1)
        if p[i] == p[lo:hi].max() and (i == lo or p[lo:i].max() < p[i]):
            out.append(i)
    return np.array(out, dtype=int)


def to_chart(frames, p, difficulty, bpm, first_beat):
    """Peaks → beats on the detected grid at the difficulty's snaps, min gap kept (stronger peak wins), arrows
    by the rules. Returns (beats as Fractions, lanes)."""
    r = RULES[difficulty]
    cand = {}
    for f in frames:
        b = (f / 100.0 - first_beat) * bpm / 60.0
        best = min((Fraction(round(b * d), d) for d in r["snaps"]), key=lambda q: abs(float(q) - b))
        if best < 0:
            continue
        if best not in cand or p[f] > cand[best]:
            cand[best] = p[f]
    kept = []
    import bisect
    for b in sorted(cand, key=lambda b: -cand[b]):
        i = bisect.bisect_left(kept, b)
        if i > 0 and b - kept[i - 1] < r["min_gap"]:
            continue
        if i < len(kept) and kept[i] - b < r["min_gap"]:
            continue
        kept.insert(i, b)
    lanes = choose_lanes([(b, "model", None) for b in kept], difficulty)
    assert not check_playable(kept, lanes, difficulty), check_playable(kept, lanes, difficulty)
    return kept, lanes
