"""Time the PyTorch reference on one thread: the generator alone and a whole note (generator + inversion),
one pitch and all 61 pitches at one point. The peer figure for Kanade's Swift TimbreGenerator.

    nice -n 10 /work/venv/bin/python training/timbre/timing.py checkpoints/recon-end.pt   # → results/timing.json
"""
import json
import sys
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features  # noqa: E402
from evaluate import load_models  # noqa: E402
from model import pitch_one_hot  # noqa: E402

torch.set_num_threads(1)
G, _, state = load_models(sys.argv[1], half=False)
rep = features.Representation()
z = torch.randn(1, G.z_dim, generator=torch.Generator().manual_seed(0))


def best(f, repeats=5):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


with torch.no_grad():
    one = best(lambda: G(z, pitch_one_hot(torch.tensor([60]))))
    note = best(lambda: rep.inverse(G(z, pitch_one_hot(torch.tensor([60])))))
    pitches = torch.arange(24, 85)
    all_g = best(lambda: G(z.expand(61, -1), pitch_one_hot(pitches)), 2)
    all_notes = best(lambda: rep.inverse(G(z.expand(61, -1), pitch_one_hot(pitches))), 2)
out = {"threads": 1, "generator_one_note_ms": round(one * 1e3, 1), "one_note_with_inversion_ms": round(note * 1e3, 1),
       "generator_61_pitches_s": round(all_g, 3), "all_61_notes_with_inversion_s": round(all_notes, 3),
       "params_generator": sum(p.numel() for p in G.parameters()), "torch": torch.__version__,
       "note": "best of 5 (61 pitches: best of 2), PyTorch float32 generator, float64 inversion; machine shared"}
(HERE / "results" / "timing.json").write_text(json.dumps(out, indent=1) + "\n")
print(json.dumps(out))
