"""The training loop Kanade's small models share (training/coconet, training/melody_rnn): a cosine learning rate,
resumable checkpoints (`runs/NAME/latest.pt`, written through a temporary file), and a validation line per
checkpoint in `runs/NAME/log.jsonl`.
"""
from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch


def cosine_lr(step: int, steps: int, top: float, bottom: float = 1e-4) -> float:
    """From `top` at step 0 down to `bottom` at `steps`, along half a cosine."""
    return bottom + 0.5 * (top - bottom) * (1 + math.cos(math.pi * step / steps))


def train(folder: Path, model: torch.nn.Module, opt: torch.optim.Optimizer, *, steps: int, lr: float,
          checkpoint_every: int, resume: bool, args: dict, batch_loss: Callable[[np.random.Generator], torch.Tensor],
          valid_loss: Callable[[], float], clip: float | None = None) -> None:
    """Runs `steps` optimizer steps of `batch_loss(rng)`, resuming from `folder/latest.pt` when `resume` (the batch
    random stream then restarts from a seed derived from the step). Every `checkpoint_every` steps and at the end:
    `valid_loss()` in eval mode without gradients, a log line, a checkpoint (model, optimizer, step, wall time,
    `model.config`, `args`)."""
    folder.mkdir(parents=True, exist_ok=True)
    latest = folder / "latest.pt"
    step, wall = 0, 0.0
    rng = np.random.default_rng(1)
    if resume and latest.exists():
        state = torch.load(latest, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, wall = state["step"], state["wall"]
        rng = np.random.default_rng(1000 + step)
        print(f"resumed at step {step}", flush=True)
    started = time.time() - wall
    losses = []
    while step < steps:
        model.train()
        rate = cosine_lr(step, steps, lr)
        for g in opt.param_groups:
            g["lr"] = rate
        loss = batch_loss(rng)
        opt.zero_grad()
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(loss.item())
        step += 1
        if step % checkpoint_every == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                v = valid_loss()
            wall = time.time() - started
            entry = {"step": step, "train_loss": round(float(np.mean(losses)), 4), "valid_loss": round(v, 4),
                     "lr": round(rate, 6), "wall_seconds": round(wall, 1)}
            losses = []
            with open(folder / "log.jsonl", "a") as f:
                f.write(json.dumps(entry) + "\n")
            print(json.dumps(entry), flush=True)
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "wall": wall,
                        "config": model.config, "args": args}, folder / "latest.tmp")
            (folder / "latest.tmp").replace(latest)
