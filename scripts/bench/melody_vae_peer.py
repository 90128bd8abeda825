"""PyTorch peer for the MelodyVAE benchmark (docs/benchmarks.md, "Models: MelodyVAE").

The same operations as training/melody/timing.py (plus the interpolation's 11 decodes as one batch) (2 encodes + 11 greedy decodes of an 11-step slerp between two
2-bar melodies; one greedy 16-bar decode), on the bundled weights, batch 1, one thread, but on the golden
fixtures' melodies (Tests/Fixtures/melody-vae/) so it needs no training data and matches the Swift benchmark's
inputs exactly.

  /work/venv/bin/python scripts/bench/melody_vae_peer.py [--repeats 20]   -> JSON, milliseconds
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training/melody"))

from fixtures import load_exported  # noqa: E402
from evaluate import slerp  # noqa: E402
from timing import interpolate, measure  # noqa: E402


def interpolate_batched(m, a, b):
    """The same 11 decodes as one batch of 11 (what the Swift `MelodyVAE.interpolate` does)."""
    za, zb = m.encoder(a)[0][0], m.encoder(b)[0][0]
    return m.decoder.generate(torch.stack([slerp(za, zb, t) for t in np.linspace(0, 1, 11)]), m.steps)


def events(bars: int) -> torch.Tensor:
    fixture = json.loads((ROOT / f"Tests/Fixtures/melody-vae/{bars}bar.json").read_text())
    return torch.tensor([m["events"] for m in fixture["melodies"]], dtype=torch.int64)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    torch.set_num_threads(1)
    m2, m16 = load_exported("melody-vae-2bar"), load_exported("melody-vae-16bar")
    t2 = events(2)
    with torch.no_grad():
        z16 = m16.encoder(events(16)[:1])[0]
        res = {"torch": torch.__version__, "threads": 1,
               "interpolate_2bar_11_steps": measure(lambda: interpolate(m2, t2[:1], t2[1:2]), args.repeats),
               "interpolate_2bar_11_steps_batched": measure(lambda: interpolate_batched(m2, t2[:1], t2[1:2]), args.repeats),
               "decode_16bar": measure(lambda: m16.decoder.generate(z16, m16.steps), max(3, args.repeats // 4))}
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
