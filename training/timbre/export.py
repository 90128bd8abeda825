"""Export a timbre checkpoint to Kanade's safetensors (generator, encoder, the band matrices, one latent per training
instrument) and write the golden fixture the Swift TimbreGenerator is tested against.

    nice -n 10 /work/venv/bin/python training/timbre/export.py checkpoints/recon-end.pt
        → Sources/Models/Resources/timbre.safetensors, Tests/Fixtures/timbre/generator.safetensors

Corners: a training instrument's point is the mean of E's means over its training notes (every pitch and
velocity it was rendered at), named `<program-name>.<soundfont>` as in the manifest.

Weights are stored as float16 (half the file; Kanade widens them to Float on load); the fixture is computed
from the float16-rounded weights in float32, so Swift and PyTorch run the same numbers. The fixture's audio is
the reference inversion (features.Representation.inverse, float64) of the generator's output.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "training"))
import features  # noqa: E402
from common.kanade_export import export_model  # noqa: E402
from common.licenses import TIMBRE_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402
from evaluate import checkpoint_digest, corner_latents, load_models  # noqa: E402
from model import COND_CHANNELS, LOWEST_PITCH, PITCHES, pitch_one_hot  # noqa: E402

VERSION = 3        # 2: the generator is pitch-conditioned at every resolution (model.Generator(conditioned=True));
                   # 3: its log-magnitude channel is logmag_range × tanh (model.Generator(logmag_range=2))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--out", type=Path, default=ROOT / "Sources/Models/Resources/timbre.safetensors")
    p.add_argument("--fixture", type=Path, default=ROOT / "Tests/Fixtures/timbre/generator.safetensors")
    p.add_argument("--data", type=Path, default=HERE / "data")
    args = p.parse_args()
    torch.set_num_threads(1)

    # Weights rounded to float16 first (load_models), so every number below is what the exported file holds.
    G, E, state = load_models(args.checkpoint, half=True)
    if not G.conditioned:
        raise SystemExit("export.py writes version 3 (conditioned generator); this checkpoint is run1's architecture")
    widths, z_dim = G.widths, G.z_dim
    names, corners = corner_latents(E, args.data, half=True)

    rep = features.Representation()
    rep.pinv, rep.mt = rep.pinv.half().double(), rep.mt.half().double()   # as stored, for the fixture below
    tensors = {f"generator.{k}": v for k, v in G.state_dict().items()}
    tensors |= {f"encoder.{k}": v for k, v in E.state_dict().items()}
    tensors["representation.pinv"] = rep.pinv.float()       # [bins, bands]: band magnitudes → bin magnitudes
    tensors["representation.spread"] = rep.mt.float()       # [bins, bands]: each bin's bands, for IF
    tensors["instruments.latent"] = corners
    config = {"z": z_dim, "widths": list(widths), "start": list(G.start), "negative_slope": 0.2,
              "lowest_pitch": LOWEST_PITCH, "pitches": PITCHES, "sample_rate": features.SAMPLE_RATE,
              "n_fft": features.N_FFT, "hop": features.HOP, "frames": features.FRAMES, "bands": features.BANDS,
              "note_samples": 64_000, "logmag_shift": features.LOGMAG_SHIFT, "logmag_scale": features.LOGMAG_SCALE,
              "eps": features.EPS, "instruments": names, "cond_channels": COND_CHANNELS,
              "logmag_range": G.logmag_range, "stage": "recon" if state["step"] <= state["args"]["recon_steps"] else "gan",
              "step": state["step"]}
    stats = json.loads((HERE / "results" / "manifest_stats.json").read_text())
    data = (f"mini-NSynth: {stats['instruments']['train']} GM instruments (26 programs × FluidR3/MuseScore/TimGM6mb, "
            f"{stats['instruments']['test']} held out), {stats['notes']['train']} 4 s notes, pitches 24–84, 16 kHz")
    # The headline figures (the whole files are in results/): pitch from pitch_full.py (crepe `full`), the rest from
    # evaluate.py, each only when it measured this checkpoint.
    digest = checkpoint_digest(args.checkpoint)
    metrics = {}
    pitch_path, metrics_path = HERE / "results" / "pitch-full.json", HERE / "results" / "evaluation.json"
    if pitch_path.exists():
        pf = json.loads(pitch_path.read_text())
        if pf.get("sha256_12") == digest and "pitch_real_training_instruments" in pf:
            metrics |= {"crepe_model": "full", "pitch_corners": pf["pitch_corners"]["within_50_cents"],
                        "pitch_grid_points": pf["pitch_grid_points"]["within_50_cents"],
                        "pitch_real_renders": pf["pitch_real_training_instruments"]["within_50_cents"]}
    if metrics_path.exists():
        ev = json.loads(metrics_path.read_text())
        if ev.get("sha256_12") == digest:
            metrics |= {"evaluated_step": ev["step"],
                        "timbre_training": ev["timbre_training_corners"]["closest_to_own"],
                        "timbre_held_out": ev["timbre_held_out_encoded_from_one_note"]["closest_to_own"],
                        "morph_mean_abs_spearman": ev["morph"]["centroid_mean_abs_spearman"]}
    export_model(args.out, tensors, model="timbre", version=VERSION, config=config, data=data, metrics=metrics,
                 dtype=torch.float16, license=WEIGHTS_LICENSE, data_license=TIMBRE_DATA_LICENSE)

    # Golden fixture: two (z, pitch) pairs — a training instrument's corner and a prior draw — and the first one's
    # audio.
    gen = torch.Generator().manual_seed(18)
    zs = torch.stack([corners[0], torch.randn(z_dim, generator=gen)])
    pitches = torch.tensor([60, 31])
    with torch.no_grad():
        out = G(zs, pitch_one_hot(pitches))
        audio = rep.inverse(out[:1]).float()[0]          # one note's audio keeps the fixture small
        enc, _ = E(out)
    args.fixture.parent.mkdir(parents=True, exist_ok=True)
    save_file({"z": zs.contiguous(), "pitch": pitches.float(), "spectrogram": out.contiguous(),
               "audio": audio.contiguous(), "encoded": enc.contiguous()}, str(args.fixture),
              metadata={"about": "training/timbre/export.py", "corner0": names[0]})
    print(json.dumps({"out": str(args.out), "bytes": args.out.stat().st_size, "instruments": len(names),
                      "fixture_bytes": args.fixture.stat().st_size, "step": state["step"]}))


if __name__ == "__main__":
    main()
