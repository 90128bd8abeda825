"""PyTorch peer timing for the Swift benchmark, on the exported weights, single thread, batch 1:
  interpolate: 2 encodes + 11 greedy decodes (11-step slerp between two 2-bar test melodies)
  decode16:    one greedy 16-bar decode

  python timing.py [--repeats 20] [--threads 1]     -> median and min milliseconds
"""
from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
import torch

import dataset
from evaluate import slerp
from fixtures import load_exported


@torch.no_grad()
def interpolate(m, a, b):
    za, zb = m.encoder(a)[0][0], m.encoder(b)[0][0]
    return [m.decoder.generate(slerp(za, zb, t).unsqueeze(0), m.steps) for t in np.linspace(0, 1, 11)]


def measure(fn, repeats: int) -> dict:
    fn()  # warm-up
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(ts), 2), "min_ms": round(min(ts), 2), "repeats": repeats}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    m2, m16 = load_exported("melody-vae-2bar"), load_exported("melody-vae-16bar")
    t2 = torch.from_numpy(dataset.load(2)["test"][:2].astype(np.int64))
    z16 = m16.encoder(torch.from_numpy(dataset.load(16)["test"][:1].astype(np.int64)))[0]
    res = {"torch": torch.__version__, "threads": args.threads,
           "interpolate_2bar_11_steps": measure(lambda: interpolate(m2, t2[:1], t2[1:2]), args.repeats),
           "decode_16bar": measure(lambda: m16.decoder.generate(z16, m16.steps), max(3, args.repeats // 4))}
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
