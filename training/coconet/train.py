"""Trains Coconet on the chorales of data.py: `train.py --run NAME [--resume] [--steps N]`.

Each batch: random 32-step (2-bar) crops of training chorales, each transposed by a random shift that keeps all
four voices inside MIDI 36-81 (the paper's augmentation). Masks, per example:
- 70 %: orderless NADE (the paper): k cells of the 4 x 32 masked, k uniform in 1..128;
- 20 %: harmonisation (the Bach Doodle's task): alto, tenor and bass masked, the soprano known;
- 10 %: infill: one to three voices masked over a random span of 4-24 steps.
The loss is the mean cross-entropy over the masked cells. Adam, lr 2e-3 decayed by cosine to 1e-4.
Checkpoints (runs/NAME/latest.pt) every --checkpoint-every steps and at the end; the validation loss on fixed
crops and masks (seeded, the same every time) goes to runs/NAME/log.jsonl with the step and wall time.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from model import VOICES, Coconet, masked_nll, one_hot

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from common import loop  # noqa: E402

HERE = Path(__file__).resolve().parent
MIN_PITCH, PITCHES = 36, 46
CROP = 32  # two bars of 16ths, the length magenta-js's Coconet works on


def load_split(split: str) -> list[np.ndarray]:
    data = np.load(HERE / "data" / "chorales.npz")
    rolls, lengths = data[f"{split}_rolls"], data[f"{split}_lengths"]
    out, at = [], 0
    for n in lengths:
        out.append(rolls[:, at:at + n].astype(np.int64) - MIN_PITCH)
        at += n
    return out


def random_mask(rng: np.random.Generator, steps: int) -> np.ndarray:
    """known [4, steps]: 1 = given to the model, 0 = to predict."""
    known = np.ones((VOICES, steps), dtype=np.float32)
    r = rng.random()
    if r < 0.7:
        k = rng.integers(1, VOICES * steps + 1)
        cells = rng.choice(VOICES * steps, size=k, replace=False)
        known.reshape(-1)[cells] = 0
    elif r < 0.9:
        known[1:] = 0
    else:
        voices = rng.choice(VOICES, size=rng.integers(1, 4), replace=False)
        span = rng.integers(4, 25)
        start = rng.integers(0, steps - span + 1)
        known[voices, start:start + span] = 0
    return known


def batch(chorales: list[np.ndarray], rng: np.random.Generator, size: int, transpose: bool):
    pitches = np.zeros((size, VOICES, CROP), dtype=np.int64)
    known = np.zeros((size, VOICES, CROP), dtype=np.float32)
    long_enough = [c for c in chorales if c.shape[1] >= CROP]
    for b in range(size):
        c = long_enough[rng.integers(len(long_enough))]
        start = rng.integers(0, c.shape[1] - CROP + 1)
        crop = c[:, start:start + CROP]
        if transpose:
            low, high = -int(crop.min()), PITCHES - 1 - int(crop.max())
            crop = crop + rng.integers(max(low, -6), min(high, 6) + 1)
        pitches[b] = crop
        known[b] = random_mask(rng, CROP)
    return torch.from_numpy(pitches), torch.from_numpy(known)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run", required=True)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--channels", type=int, default=64)
    parser.add_argument("--layers", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--checkpoint-every", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    folder = HERE / "runs" / args.run
    train, valid = load_split("train"), load_split("valid")
    model = Coconet(args.channels, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    valid_batches = [batch(valid, np.random.default_rng(7 + i), 64, transpose=False) for i in range(4)]
    params = sum(p.numel() for p in model.parameters())
    print(f"{params} parameters, {len(train)} train / {len(valid)} valid chorales", flush=True)

    def batch_loss(rng):
        pitches, known = batch(train, rng, args.batch, transpose=True)
        return masked_nll(model(one_hot(pitches), known), pitches, known)

    def valid_loss():
        return float(np.mean([masked_nll(model(one_hot(p), k), p, k).item() for p, k in valid_batches]))

    loop.train(folder, model, opt, steps=args.steps, lr=args.lr, checkpoint_every=args.checkpoint_every,
               resume=args.resume, args=vars(args), batch_loss=batch_loss, valid_loss=valid_loss)

if __name__ == "__main__":
    main()
