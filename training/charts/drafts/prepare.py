"""Features and frame labels for every rendered song: /tmp/stems_data/<split>/<seed> → one .npz per split.

  nice -n 10 /work/venv/bin/python prepare.py --data /tmp/stems_data --out /tmp/charts_feats
"""
import argparse, glob, json, os
import numpy as np
from charts_rules import DIFFICULTIES, reference_chart, beat_seconds
from features import load_mono, logmel

ap = argparse.ArgumentParser()
ap.add_argument("--data", default="/tmp/stems_data")
ap.add_argument("--out", default="/tmp/charts_feats")
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
counts = {}
for split in ("train", "valid", "test"):
    dst = f"{a.out}/{split}.npz"
    seeds = sorted(int(os.path.basename(p)) for p in glob.glob(f"{a.data}/{split}/*") if os.path.exists(f"{p}/song.json"))
    if os.path.exists(dst):
        print(split, "exists"); continue
    mels, labels, tempos, notes = [], [], [], {}
    for s in seeds:
        d = f"{a.data}/{split}/{s}"
        mel = logmel(load_mono(f"{d}/mixture.wav"))
        T = mel.shape[2]
        lab = np.zeros((5, T), np.float32)
        for k, diff in enumerate(DIFFICULTIES):
            tempo, chart = reference_chart(f"{d}/song.json", diff)
            times = [beat_seconds(b, tempo) for b, _ in chart]
            notes[f"{s}/{diff}"] = np.array(times)
            counts.setdefault(split, {}).setdefault(diff, 0)
            counts[split][diff] += len(times)
            for t in times:
                f = int(round(t * 100))
                if 0 <= f < T:
                    lab[k, f] = 1.0
        mels.append(mel); labels.append(lab); tempos.append(tempo)
        print(split, s, T, flush=True)
    np.savez(dst, seeds=np.array(seeds), mel=np.stack(mels), labels=np.stack(labels), tempo=np.array(tempos),
             **{"notes_" + k.replace("/", "_"): v for k, v in notes.items()})
    counts[split]["songs"] = len(seeds)
json.dump(counts, open(f"{a.out}/counts.json", "w"), indent=1)
print(json.dumps(counts))
