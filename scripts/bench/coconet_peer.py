"""PyTorch peer for the Coconet benchmark (docs/benchmarks.md, "Models: Harmonizer").

The same work as Benchmarks/Benchmarks/NeuralBenchmarks/HarmonizerBenchmarks.swift on the bundled weights
(Sources/Models/Resources/coconet.safetensors): harmonizing the same 8-bar soprano (128 steps) with 96 and 32 Gibbs
steps (training/coconet/model.py's `gibbs`), the same followed by the voice-leading check
(training/coconet/voice_leading.py's `fix_parallels`), and one network pass, batch 1, with 1 and with 2 threads.

  /work/venv/bin/python scripts/bench/coconet_peer.py [--repeats 5]   -> JSON, milliseconds (min and median)
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
sys.path.insert(0, str(ROOT / "training/coconet"))
from model import Coconet, gibbs, one_hot  # noqa: E402
import voice_leading  # noqa: E402

TUNE = [67, 67, 74, 74, 76, 76, 74, 74, 72, 72, 71, 71, 69, 69, 67, 67,
        74, 74, 72, 72, 71, 71, 69, 69, 74, 74, 72, 72, 71, 71, 69, 69]


def load() -> Coconet:
    path = ROOT / "Sources/Models/Resources/coconet.safetensors"
    with safe_open(str(path), "pt") as f:
        config = json.loads(f.metadata()["kanade.config"])
    model = Coconet(config["channels"], config["layers"])
    state = load_file(str(path))
    state = {k: (v.long() if k.endswith("num_batches_tracked") else v) for k, v in state.items()}
    model.load_state_dict(state)
    model.eval()
    return model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    model = load()
    soprano = torch.tensor([p - 36 for p in TUNE for _ in range(4)])
    roll = torch.stack([soprano] + [torch.full_like(soprano, 24)] * 3).unsqueeze(0)
    known = torch.zeros(1, 4, 128)
    known[:, 0] = 1
    result = {"torch": torch.__version__}
    with torch.no_grad():
        for threads in (1, 2):
            torch.set_num_threads(threads)
            for steps in (96, 32):
                result[f"harmonize_8bars_{steps}_steps_{threads}_threads"] = measure(
                    lambda: gibbs(model, roll, known, steps, torch.Generator().manual_seed(1)), args.repeats)
            checked = known[0].numpy() > 0
            result[f"harmonize_8bars_96_steps_checked_{threads}_threads"] = measure(
                lambda: voice_leading.fix_parallels(model, gibbs(model, roll, known, 96, torch.Generator().manual_seed(1)).numpy()[0],
                                                    checked), args.repeats)
            result[f"one_pass_8bars_{threads}_threads"] = measure(lambda: model(one_hot(roll), known), args.repeats * 10)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
