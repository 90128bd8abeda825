"""Per song, where `kanade bpm --json`'s beats fall against the true beats (beat k at k * 60 / tempo) of the held-out
synthetic songs: median, 10th and 90th percentile of the error in ms and the share within 10 ms, with the segments.

    for d in /tmp/stems_data/valid/*/; do .build/release/kanade bpm --json $d/mixture.wav > FOLDER/valid-$(basename $d).json; done
    /work/venv/bin/python training/charts/tempo_beats.py FOLDER [valid]
"""
import glob
import json
import sys

import numpy as np

folder, split = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "valid")
for f in sorted(glob.glob(f"{folder}/{split}-*.json")):
    seed = f.rsplit("-", 1)[1][:-5]
    song = json.load(open(f"/tmp/stems_data/{split}/{seed}/song.json"))
    out = json.load(open(f))
    if out.get("bpm") is None:
        print(f"{seed:>4} no clear tempo: {out.get('problem')}")
        continue
    spb = 60 / song["tempo"]
    beats = np.array(out["beats"])
    err = (beats - np.round(beats / spb) * spb) * 1000
    segments = [(round(s["start"], 3), round(s["bpm"], 2), s["beats"]) for s in out["segments"]]
    print(f"{seed:>4} tempo {song['tempo']:7.3f} found {out['bpm']:7.2f} first {out['firstBeat']:.3f} s, {len(beats)} beats: "
          f"error ms median {np.median(err):6.1f} p10 {np.percentile(err, 10):6.1f} p90 {np.percentile(err, 90):6.1f}, "
          f"within 10 ms {np.mean(abs(err) <= 10):.2f}; segments {segments} ({song['groove']})")
