"""Where a timbre checkpoint's nearest-of-4 figure is lost (docs/models/timbre.md, timbre-3):

    nice -n 10 /work/venv/bin/python training/timbre/diagnose.py CHECKPOINT [--out results/diagnose-NAME.json]

Every figure is evaluate.py's timbre measure (64-mel log distance of a whole 4 s note; right when it is closer to
its own instrument's velocity-100 reference render at that pitch than to each of three others'), over 100 sets
of 4 drawn with seed 18 (not evaluate.py's sets: these are drawn first):

- `roundtrip`: the reference renders through features.Representation forward then inverse (every 4th
  instrument): what the representation itself loses;
- `real_velocity_75` / `real_velocity_127`: the real training notes (every third pitch) against the
  velocity-100 references: the measure across velocities;
- `own_note` / `own_magnitude_real_if` / `real_magnitude_own_if`: every 4th instrument, each reference note
  encoded by E and regenerated at its pitch; then G's log magnitude with the real note's IF; then the real log
  magnitude with G's IF. Which channel fails;
- `log_mel_gap`: the mean generated-minus-real log-mel of the `own_note` notes by the real cell's level.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import evaluate as ev  # noqa: E402
import features  # noqa: E402
from model import pitch_one_hot  # noqa: E402


def rate(gen, ref, sets) -> float:
    return ev.nearest_rate(gen, ref, sets)["closest_to_own"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--data", type=Path, default=HERE / "data")
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args()
    torch.set_num_threads(1)
    G, E, _ = ev.load_models(args.checkpoint)
    rep, logmel = features.Representation(), ev.LogMel()
    real = dict(np.load(args.data / "eval-reference-tiny.npz"))         # evaluate.py's cache of the references
    names = sorted(set(real["ref_names"].tolist()))
    rows = ev.rows_by(real["ref_names"], real["ref_pitch"], names)
    ref = real["ref_logmel"][rows].reshape(len(names), 61, 64, -1)
    rng = np.random.default_rng(18)
    sets = ev.draw_sets(rng, len(names), 100)
    which = list(range(0, len(names), 4))
    sets4 = ev.draw_sets(rng, len(which), 100)
    out = {"checkpoint": str(args.checkpoint), "sets": 100, "seed": 18}

    # Real training notes at their velocities against the velocity-100 references.
    train_rows = json.loads((args.data / "train.json").read_text())
    train_lm = logmel(np.asarray(np.load(args.data / "train.npy", mmap_mode="r"), dtype=np.float32) / 32767)
    index = {n: i for i, n in enumerate(names)}
    by = {(index[r["instrument"]], r["pitch"] - 24, r["velocity"]): k for k, r in enumerate(train_rows)}
    for velocity in (75, 127):
        right = total = 0
        for group in sets:
            for i in group:
                for pitch in range(61):
                    k = by.get((i, pitch, velocity))
                    if k is None:
                        continue
                    d = {j: np.abs(train_lm[k] - ref[j, pitch]).mean() for j in group}
                    right += all(d[i] < d[j] for j in group if j != i)
                    total += 1
        out[f"real_velocity_{velocity}"] = round(right / total, 4)

    # Every 4th instrument: the round trip, and E → G of each reference note with the channels swapped.
    audio = np.load(args.data / "reference.npy", mmap_mode="r")
    made = {k: [] for k in ("roundtrip", "own_note", "own_magnitude_real_if", "real_magnitude_own_if")}
    with torch.no_grad():
        for i in which:
            x = torch.from_numpy(audio[rows[i * 61:(i + 1) * 61]].astype(np.float32) / 32767)
            r = rep.forward(x)
            mean, _ = E(r)
            g = G(mean, pitch_one_hot(torch.arange(24, 85)))
            made["roundtrip"].append(rep.inverse(r))
            made["own_note"].append(rep.inverse(g))
            made["own_magnitude_real_if"].append(rep.inverse(torch.stack([g[:, 0], r[:, 1]], 1)))
            made["real_magnitude_own_if"].append(rep.inverse(torch.stack([r[:, 0], g[:, 1]], 1)))
    ref4 = ref[which]
    for key, parts in made.items():
        lm = logmel(torch.cat(parts).float().numpy()).reshape(len(which), 61, 64, -1)
        out[key] = round(rate(lm, ref4, sets4), 4)
        if key == "own_note":
            gap = lm - ref4
            out["log_mel_gap"] = {f"real in [{lo}, {hi})": round(float(gap[(ref4 >= lo) & (ref4 < hi)].mean()), 2)
                                  for lo, hi in ((-12, -10), (-10, -6), (-6, 0), (0, 10))}
    print(json.dumps(out))
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
