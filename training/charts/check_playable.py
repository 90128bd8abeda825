"""Playability counts for the model card: every reference chart (all splits) and charts from random peaks.

    /work/venv/bin/python check_playable.py
"""
import glob
import json
from fractions import Fraction

import numpy as np

from reference import DIFFS, chart
from steps import arrows, place, problems

bad, n = {d: 0 for d in DIFFS}, 0
for f in sorted(glob.glob("/tmp/stems_data/*/*/song.json")):
    ch = chart(json.load(open(f)))
    n += 1
    for d in DIFFS:
        c = ch["charts"][d]
        bad[d] += bool(problems([Fraction(x["beat"]) for x in c], [x["lane"] for x in c], d))
print("reference songs", n, "charts with a problem", bad)
rng, fuzz = np.random.default_rng(1), 0
for _ in range(200):
    bpm, frames, p = rng.uniform(80, 180), np.sort(rng.choice(2000, 150, replace=False)), rng.random(2000)
    for d in DIFFS:
        b = place(frames, p, d, bpm)
        fuzz += bool(problems(b, arrows(b, d), d))
print("random-peak charts", 200 * len(DIFFS), "with a problem", fuzz)
