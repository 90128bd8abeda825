"""Probe: are the 16-bar model's random melodies new, or copies of training windows?

  python probe_novelty.py      (about 40 s; prints, writes nothing)

For 150 samples (z from the shipped mixture, and from N(0, I); temperature 1 and greedy) and for 150 of
evaluate.py's test windows, finds the train window (all 59,606) that agrees with it on the most of its 256 steps
and reports that best agreement: its mean, median, the share at or above 0.95 and the share that are exact copies.
Held-out test windows show how close a real new melody comes to the training set.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

import dataset
import evaluate as E


def nearest_agreement(x: np.ndarray, train: torch.Tensor, chunk: int = 4000) -> np.ndarray:
    """For each row of x, the largest share of steps it has in common with one train window."""
    x = torch.from_numpy(x.astype(np.int16))
    best = torch.zeros(len(x))
    for i in range(0, len(train), chunk):
        agree = (x[:, None, :] == train[None, i:i + chunk]).float().mean(2)
        best = torch.maximum(best, agree.max(1).values)
    return best.numpy()


def main() -> None:
    torch.set_num_threads(2)
    d = dataset.load(16)
    train = torch.from_numpy(d["train"].astype(np.int16))
    checkpoint = E.HERE / "checkpoints/melody-vae-16bar/final.pt"
    model = E.load_model(checkpoint, float16=True)
    prior = E.load_prior(checkpoint, True)

    def report(name: str, x: np.ndarray) -> None:
        r = nearest_agreement(x, train)
        print(f"{name:24s} nearest train window: mean {r.mean():.3f}, median {np.median(r):.3f}, "
              f">= 0.95 {np.mean(r >= 0.95):.0%}, exact {np.mean(r == 1):.0%}", flush=True)

    pick = E.per_group(dataset.window_groups(d, "test"), 150)
    report(f"{len(pick[::3])} test windows", d["test"][pick][::3])
    for name, p in (("mixture", prior), ("N(0, I)", None)):
        for temp in (1.0, 0.0):
            g = torch.Generator().manual_seed(7)
            z = E.prior_draws(p, 150, model.cfg["z"], g)
            report(f"{name} T = {temp}", E.greedy(model, z, temperature=temp, gen=g).numpy())


if __name__ == "__main__":
    main()
