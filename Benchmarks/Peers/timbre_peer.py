"""Speed of Kanade's timbre generator against PyTorch running the same weights, in the same run (issue 18;
docs/models/timbre.md, "Speed").

    /work/venv/bin/python Benchmarks/Peers/timbre_peer.py .build/release/kanade [--rounds 3] [--threads 2]

- kanade: `kanade morph --corners … --at 0.3,0.6 --timing`, which times in its own process (after loading the
  model): one note at MIDI 60 (generator, IF → phase, inverse STFT, fade-in; best of 5) and all 61 pitches on
  every core (best of 3), the work a move on the morph grid does.
- PyTorch: Sources/Models/Resources/timbre.safetensors (float16 weights as float32) in training/timbre's
  Generator, torch.set_num_threads(THREADS): one note = G(z, pitch) and features.Representation.inverse
  (band pseudo-inverse, IF → phase, torch.istft); all 61 pitches = one batch of 61 through both. The same point:
  NSynth Super's weights of the four corners (CornerBlend), each corner's first feature map (G.trunk(z, pitch, 0))
  mixed by them and the rest of G (G.head) run on the mix (`Generator.mix`), as TimbreGenerator.spectrogram(point:pitch:)
  does.

Rounds alternate kanade and PyTorch; each keeps its best; the table gives the best over rounds and the ratio.
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training" / "timbre"))
import features  # noqa: E402
from evaluate import nsynth_weights  # noqa: E402
from model import Generator, pitch_one_hot  # noqa: E402

WEIGHTS = ROOT / "Sources/Models/Resources/timbre.safetensors"
CORNERS = ["flute.fluidr3", "cello.fluidr3", "trumpet.fluidr3", "warm-pad.fluidr3"]
POINT = (0.3, 0.6)


def best(f, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kanade")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    config = json.loads(safe_open(str(WEIGHTS), "np").metadata()["kanade.config"])
    weights = {k: v.float() for k, v in load_file(str(WEIGHTS)).items()}
    G = Generator(z_dim=config["z"], widths=tuple(config["widths"]), start=tuple(config["start"]), conditioned=True,
                  logmag_range=float(config.get("logmag_range", 1.0)))
    G.load_state_dict({k[len("generator."):]: v for k, v in weights.items() if k.startswith("generator.")})
    G.eval()
    rep = features.Representation()
    names = config["instruments"]
    corners = [weights["instruments.latent"][names.index(n)] for n in CORNERS]
    w = nsynth_weights(*POINT)
    pitches = torch.arange(config["lowest_pitch"], config["lowest_pitch"] + config["pitches"])

    def torch_one():
        with torch.no_grad():
            rep.inverse(G.mix(corners, w, pitch_one_hot(torch.tensor([60]))))

    def torch_all():
        with torch.no_grad():
            rep.inverse(G.mix(corners, w, pitch_one_hot(pitches)))

    rows = {"kanade": [], "pytorch": []}
    for _ in range(a.rounds):
        run = subprocess.run([a.kanade, "morph", "--corners", ",".join(CORNERS), "--at", f"{POINT[0]},{POINT[1]}", "--timing"],
                             capture_output=True, text=True, check=True)
        rows["kanade"].append(json.loads(run.stdout))
        rows["pytorch"].append({"one_note_ms": best(torch_one, 5), "all_pitches_ms": best(torch_all, 3)})
    k1 = min(r["one_note_ms"] for r in rows["kanade"]); kall = min(r["all_pitches_ms"] for r in rows["kanade"])
    p1 = min(r["one_note_ms"] for r in rows["pytorch"]); pall = min(r["all_pitches_ms"] for r in rows["pytorch"])
    print(f"| what | kanade (Swift) | PyTorch ({a.threads} threads) | ratio |")
    print("|---|---|---|---|")
    print(f"| one note (MIDI 60) | {k1:.1f} ms | {p1:.1f} ms | {p1 / k1:.2f}× |")
    print(f"| all 61 pitches | {kall:.0f} ms | {pall:.0f} ms | {pall / kall:.2f}× |")
    print(json.dumps({"rounds": a.rounds, "kanade": rows["kanade"], "pytorch": rows["pytorch"]}))


if __name__ == "__main__":
    main()
