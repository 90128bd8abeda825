"""Trains MelodyRNN: `train.py --run NAME [--resume] [--steps N]`.

Batches of random 4-bar crops (64 steps, starting on a bar) of training runs, each transposed by a random shift in
−5…+6 that keeps every note inside MIDI 21-108. Teacher-forced cross-entropy on the next event. A run shorter than
a crop is padded, and the padded steps are left out of the loss (PAD): run1 padded them with holds and learned
from them, so 10 % of its targets were made-up holds and its continuations came out 37 % too sparse. Adam, lr 2e-3 with
cosine decay to 1e-4, gradient norm clipped at 1. Checkpoints (runs/NAME/latest.pt) and the validation loss on
fixed crops to runs/NAME/log.jsonl every --checkpoint-every steps.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from data import runs
from model import CLASSES, MelodyRNN, features

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from common import loop  # noqa: E402

HERE = Path(__file__).resolve().parent
CROP = 64
PAD = -100  # cross_entropy's ignore_index: a step past the end of a short run


def transpose(events: np.ndarray, shift: int) -> np.ndarray:
    out = events.copy()
    notes = out >= 2
    out[notes] += shift
    return out


def batch(pool: list[np.ndarray], rng: np.random.Generator, size: int, augment: bool) -> torch.Tensor:
    rows = []
    for _ in range(size):
        e = pool[rng.integers(len(pool))]
        bars = len(e) // 16
        start = 16 * rng.integers(0, max(1, bars - CROP // 16 + 1))
        crop = e[start:start + CROP + 1]
        if len(crop) < CROP + 1:
            crop = np.concatenate([crop, np.full(CROP + 1 - len(crop), PAD, dtype=crop.dtype)])
        if augment:
            notes = crop[crop >= 2]
            if len(notes):
                lo, hi = 2 - int(notes.min()), CLASSES - 1 - int(notes.max())
                crop = transpose(crop, int(rng.integers(max(lo, -5), min(hi, 6) + 1)))
        rows.append(crop)
    return torch.from_numpy(np.stack(rows)).long()


def loss_of(model: MelodyRNN, events: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over the real steps; padded inputs are fed as holds (only the steps after a run's end
    see them, and those have no target)."""
    logits, _ = model(features(events[:, :-1].clamp(min=0)))
    return torch.nn.functional.cross_entropy(logits.reshape(-1, CLASSES), events[:, 1:].reshape(-1), ignore_index=PAD)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", required=True)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--checkpoint-every", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    folder = HERE / "runs" / args.run
    data = runs()
    train = [np.array(e, dtype=np.int64) for _, e in data["train"]]
    valid = [np.array(e, dtype=np.int64) for _, e in data["valid"]]
    print(f"{len(train)} train / {len(valid)} valid / {len(data['test'])} test runs", flush=True)
    model = MelodyRNN(args.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    valid_batches = [batch(valid, np.random.default_rng(7 + i), 64, augment=False) for i in range(4)]
    loop.train(folder, model, opt, steps=args.steps, lr=args.lr, checkpoint_every=args.checkpoint_every,
               resume=args.resume, args=vars(args), clip=1.0,
               batch_loss=lambda rng: loss_of(model, batch(train, rng, args.batch, augment=True)),
               valid_loss=lambda: float(np.mean([loss_of(model, b).item() for b in valid_batches])))

if __name__ == "__main__":
    main()
