"""Random timbres (the morph grid's `random:SEED` corners): the shipped generator at 10 draws from its prior
N(0, I), every pitch 24–84, with evaluate.py's crepe `full` pitch measure and artefact checks.

    cd training/timbre && nice -n 5 /work/venv/bin/python prior_probe.py [MODEL] [--out FILE]
        # MODEL: the shipped timbre.safetensors by default, or a checkpoint; → results/prior-draws.json, ~8 min

The draws are torch's (seed 18), not Kanade's own SplitMix64 draws: this measures the prior, not one seed.
"""
import argparse
import json
from pathlib import Path

import torch

import evaluate as ev
import features

HERE = Path(__file__).resolve().parent
MODEL = HERE.parents[1] / "Sources/Models/Resources/timbre.safetensors"
DRAWS, SEED = 10, 18


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", type=Path, nargs="?", default=MODEL)
    p.add_argument("--out", type=Path, default=HERE / "results" / "prior-draws.json")
    args = p.parse_args()
    torch.set_num_threads(1)
    G, _, _ = ev.load_models(args.model)
    zs = torch.randn(DRAWS, G.z_dim, generator=torch.Generator().manual_seed(SEED))
    audio = ev.generate(G, features.Representation(), zs, ev.PITCHES)
    f0 = ev.crepe_f0(audio, "full")
    pitch = ev.pitch_summary(f0, ev.PITCHES * DRAWS, [f"draw{i}" for i in range(DRAWS) for _ in ev.PITCHES])
    pitch.pop("worst", None)
    out = {"model": str(args.model), "sha256_12": ev.checkpoint_digest(args.model),
           "draws": DRAWS, "seed": SEED, "pitch_full": pitch, "artefacts": ev.artefacts(audio, use_sox=True)}
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({"within_50_cents": pitch["within_50_cents"], "artefacts": out["artefacts"]}))


if __name__ == "__main__":
    main()
