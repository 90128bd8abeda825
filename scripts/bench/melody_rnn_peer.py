"""PyTorch peer for the MelodyRNN benchmark (docs/benchmarks.md, "Models: MelodyContinuer").

The same work as Benchmarks/Benchmarks/NeuralBenchmarks/MelodyContinuerBenchmarks.swift on the bundled weights
(Sources/Models/Resources/melody-rnn.safetensors): after the same 2-bar primer, 4 (and 1) continuations of 8 bars
(128 events) at temperature 1, the rows batched through nn.LSTM one step at a time (training/melody_rnn/model.py's
`continue_events`, batched), with 1 and with 2 threads.

  /work/venv/bin/python scripts/bench/melody_rnn_peer.py [--repeats 10]   -> JSON, milliseconds (min and median)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, safe_open

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from peer_timing import measure  # noqa: E402
sys.path.insert(0, str(ROOT / "training/melody_rnn"))
from model import CLASSES, INPUTS, STEPS_PER_BAR, MelodyRNN, features  # noqa: E402

PRIMER = [e for p in (67, 67, 74, 74, 76, 76, 74, 74) for e in (2 + p - 21, 0, 0, 0)]


def load() -> MelodyRNN:
    path = ROOT / "Sources/Models/Resources/melody-rnn.safetensors"
    with safe_open(str(path), "pt") as f:
        config = json.loads(f.metadata()["kanade.config"])
    model = MelodyRNN(config["hidden"], config["layers"])
    model.load_state_dict(load_file(str(path)))
    model.eval()
    return model


@torch.no_grad()
def continuations(model: MelodyRNN, rows: int, steps: int, generator: torch.Generator) -> list[list[int]]:
    events = [list(PRIMER) for _ in range(rows)]
    logits, state = model(features(torch.tensor(events)))
    last = logits[:, -1]
    for n in range(steps):
        drawn = torch.multinomial(torch.softmax(last, -1), 1, generator=generator)[:, 0].tolist()
        for r in range(rows):
            events[r].append(drawn[r])
        if n + 1 == steps:
            break
        t = len(events[0]) - 1
        x = torch.zeros(rows, 1, INPUTS)
        for r in range(rows):
            x[r, 0, events[r][t]] = 1
            x[r, 0, CLASSES + (events[r][t - 16] if t >= 16 else 0)] = 1
            x[r, 0, 2 * CLASSES + (events[r][t - 32] if t >= 32 else 0)] = 1
            x[r, 0, 3 * CLASSES + t % STEPS_PER_BAR] = 1
        logits, state = model(x, state)
        last = logits[:, -1]
    return events


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()
    model = load()
    result = {"torch": torch.__version__}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for rows in (4, 1):
            result[f"continue_{rows}x8bars_{threads}_threads"] = measure(
                lambda: continuations(model, rows, 128, torch.Generator().manual_seed(1)), args.repeats)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
