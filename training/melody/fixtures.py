"""Golden fixtures for the Swift port: Tests/Fixtures/melody-vae/{2bar,16bar,2bar-lokl}.json, computed from the EXPORTED
safetensors (so Swift and PyTorch read the same float32 weights).

Per melody: events (input), mu, sigma (encoder), teacher-forced logits for the first steps from z = mu
(16-bar: also the first 4 steps of bar 2, to check the bar boundary), greedy decode from z = mu, and the greedy
decodes of a 5-step slerp interpolation between the first two melodies. A model that ships a sampling mixture
(prior.*) also gets two of its points: component, noise, z = means[component] + stds[component] * noise, greedy decode.

  python fixtures.py [--models melody-vae-2bar-lokl]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file

import dataset
from evaluate import slerp
from model import MelodyVAE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "Tests/Fixtures/melody-vae"
# model -> (bars, melodies, teacher-forced steps); the 16-bar steps cross the first bar line.
MODELS = {"melody-vae-2bar": (2, 3, list(range(8))),
          "melody-vae-16bar": (16, 2, list(range(4)) + list(range(16, 20))),
          "melody-vae-2bar-lokl": (2, 3, list(range(8)))}


def load_exported_with_prior(name: str) -> tuple[MelodyVAE, dict]:
    """The exported network, and its sampling mixture (prior.* as weights, means, stds in float32; empty when the
    file ships none), from one read of the file."""
    path = ROOT / f"Sources/Models/Resources/{name}.safetensors"
    with safe_open(str(path), "pt") as f:
        cfg = json.loads(f.metadata()["kanade.config"])
    tensors = load_file(str(path))
    prior = {k.removeprefix("prior."): tensors.pop(k).float() for k in list(tensors) if k.startswith("prior.")}
    m = MelodyVAE(cfg)
    m.load_state_dict(tensors)
    m.eval()
    return m, prior


def load_exported(name: str) -> MelodyVAE:
    """The exported network (timing.py and the benchmark peer use it)."""
    return load_exported_with_prior(name)[0]


def floats(t: torch.Tensor) -> list:
    return [float(v) for v in t.flatten().tolist()]


@torch.no_grad()
def make(name: str, bars: int, count: int, tf_steps: list[int]) -> dict:
    m, prior = load_exported_with_prior(name)
    test = dataset.load(bars)["test"]
    rng = np.random.default_rng(bars)
    idx = sorted(rng.choice(len(test), count, replace=False).tolist())
    x = torch.from_numpy(test[idx].astype(np.int64))
    mu, sigma = m.encoder(x)
    logits = m.decoder(mu, x)
    greedy = m.decoder.generate(mu, m.steps)
    melodies = []
    for k in range(count):
        melodies.append({"events": x[k].tolist(), "mu": floats(mu[k]), "sigma": floats(sigma[k]),
                         "teacher_forced_steps": tf_steps, "teacher_forced_logits": [floats(logits[k, s]) for s in tf_steps],
                         "greedy": greedy[k].tolist()})
    pts = torch.stack([slerp(mu[0], mu[1], t) for t in np.linspace(0, 1, 5)])
    interp = m.decoder.generate(pts, m.steps)
    out = {"model": name, "note": "z = mu; logits are pre-softmax; greedy = argmax decoding",
           "melodies": melodies, "interpolation": {"from": 0, "to": 1, "steps": 5, "z": [floats(p) for p in pts],
                                                   "greedy": interp.tolist()}}
    if prior:
        # Two draws from the sampling mixture: the heaviest component and another, each with its own noise.
        g = torch.Generator().manual_seed(bars)
        comps = [int(prior["weights"].argmax()), int(prior["weights"].argmin())]
        noise = torch.randn(len(comps), prior["means"].shape[1], generator=g)
        z = prior["means"][comps] + prior["stds"][comps] * noise
        out["prior"] = {"components": len(prior["weights"]),
                        "draws": [{"component": c, "noise": floats(e), "z": floats(p), "greedy": gr}
                                  for c, e, p, gr in zip(comps, noise, z, m.decoder.generate(z, m.steps).tolist())]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for name in args.models:
        bars, count, steps = MODELS[name]
        path = OUT / (name.removeprefix("melody-vae-") + ".json")
        path.write_text(json.dumps(make(name, bars, count, steps)))
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
