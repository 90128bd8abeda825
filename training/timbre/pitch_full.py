"""Issue 18's pitch bar with torchcrepe's `full` model: evaluate.py's pitch measurements, nothing else.

    nice -n 10 /work/venv/bin/python training/timbre/pitch_full.py CHECKPOINT [--data DIR] [--workers 2] [--grid-only]
        -> results/pitch-full.json   (per-part f0 cached in DATA/pitch-full/, so a stopped run resumes; the
                                       generated notes' per checkpoint, by the file's SHA-256)

evaluate.py measures pitch with crepe's `tiny` model (10× cheaper). On a seeded sample of 120 real renders `tiny`
had 0.850 of notes within 50 cents (0.750 below MIDI 48) and `full` 0.967 (0.981 below MIDI 48): most of tiny's
misses are the tracker's. This runs the same notes as evaluate.py with `full`:
- corners: every training instrument's point at all 61 pitches (the float16-rounded weights, as shipped);
- 20 grid points: the same seeded draws as evaluate.py (seed 18: four corners and x, y each);
- the real renders: the reference split (every training instrument at all 61 pitches, velocity 100), and the
  13 held-out instruments at velocity 127, as evaluate.py's `pitch_real_*`.
Same held part (11 frames of 1024 samples, 0.5–2.5 s), same limits (30–1400 Hz), same scoring (`pitch_summary`).
Notes are split over `--workers` processes, each on one thread.
"""
import argparse
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import torch

import evaluate as ev


def f0_cached(audio: np.ndarray, path: Path, workers: int) -> np.ndarray:
    """crepe `full` f0 of every note, computed in `workers` processes and cached at `path`."""
    if path.exists():
        return np.load(path)
    parts = np.array_split(np.arange(len(audio)), workers)
    with ProcessPoolExecutor(workers, initializer=torch.set_num_threads, initargs=(1,)) as pool:
        results = list(pool.map(_f0, [audio[p] for p in parts]))
    f0 = np.concatenate(results)
    np.save(path, f0)
    return f0


def _f0(audio: np.ndarray) -> np.ndarray:
    return ev.crepe_f0(audio, "full")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--data", type=Path, default=ev.HERE / "data")
    p.add_argument("--out", type=Path, default=ev.HERE / "results" / "pitch-full.json")
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--grid-points", type=int, default=20)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--blend", choices=("features", "latents"), default="features",
                   help="how a grid point mixes its corners (evaluate.py --blend)")
    p.add_argument("--grid-only", action="store_true",
                   help="only the 20 grid points (the corners' and the real renders' figures do not depend on the blend)")
    args = p.parse_args()
    depth = None if args.blend == "latents" else ev.BLEND_DEPTH
    torch.set_num_threads(1)
    cache = args.data / "pitch-full"
    cache.mkdir(exist_ok=True)
    # The generated notes' f0 are cached per checkpoint (the first 12 hex digits of its SHA-256), the real
    # renders' once.
    digest = ev.checkpoint_digest(args.checkpoint)
    rng = np.random.default_rng(args.seed)
    G, E, state = ev.load_models(args.checkpoint)
    rep = ev.features.Representation()
    names, corners = ev.corner_latents(E, args.data)
    out = {"checkpoint": str(args.checkpoint), "sha256_12": digest, "step": state["step"], "seed": args.seed,
           "crepe_model": "full",
           "weights": "float16-rounded, as exported",
           "blend": "latents" if depth is None else f"features after {depth} blocks"}

    # Generated: corners, then the grid points (drawn as evaluate.py draws them, before any other use of rng).
    if not args.grid_only:
        corner_audio = ev.generate(G, rep, corners, ev.PITCHES)
        f0 = f0_cached(corner_audio, cache / f"corners-{digest}.npy", args.workers)
        del corner_audio
        corner_pitch = ev.PITCHES * len(names)
        out["pitch_corners"] = ev.pitch_summary(f0, corner_pitch, [n for n in names for _ in ev.PITCHES])
        print("corners", out["pitch_corners"]["within_50_cents"], flush=True)
    points, grid_mixes = ev.grid_points(rng, names, args.grid_points)
    grid_audio = ev.point_audio(G, rep, corners, grid_mixes, ev.PITCHES, depth)
    f0g = f0_cached(grid_audio, cache / f"grid-{digest}{'-latents' if depth is None else ''}.npy", args.workers)
    del grid_audio
    out["pitch_grid_points"] = ev.pitch_summary(f0g, ev.PITCHES * args.grid_points,
                                                [f"point{i}" for i in range(args.grid_points) for _ in ev.PITCHES])
    out["pitch_grid_points"]["points"] = points
    print("grid", out["pitch_grid_points"]["within_50_cents"], flush=True)
    if args.grid_only:
        args.out.write_text(json.dumps(out, indent=1) + "\n")
        return
    out["pitch_corners_and_grid"] = ev.pitch_summary(np.concatenate([f0, f0g]), corner_pitch + ev.PITCHES * args.grid_points)
    args.out.write_text(json.dumps(out, indent=1) + "\n")

    # The real renders, as evaluate.py's real_reference.
    ref = np.load(args.data / "reference.npy", mmap_mode="r")
    ref_rows = json.loads((args.data / "reference.json").read_text())
    f0r = f0_cached(np.asarray(ref, dtype=np.float32) / 32767, cache / "reference.npy", args.workers)
    out["pitch_real_training_instruments"] = ev.pitch_summary(f0r, [r["pitch"] for r in ref_rows],
                                                              [r["instrument"] for r in ref_rows])
    print("real, training instruments", out["pitch_real_training_instruments"]["within_50_cents"], flush=True)
    if not (args.data / "test.npy").exists():
        print("no test.npy (render.py writes it): the held-out real renders are not measured", flush=True)
        return
    test = np.load(args.data / "test.npy", mmap_mode="r")
    test_rows = json.loads((args.data / "test.json").read_text())
    sel = [i for i, r in enumerate(test_rows) if r["velocity"] == 127]
    f0t = f0_cached(np.asarray(test[sel], dtype=np.float32) / 32767, cache / "test127.npy", args.workers)
    out["pitch_real_held_out_instruments"] = ev.pitch_summary(f0t, [test_rows[i]["pitch"] for i in sel],
                                                              [test_rows[i]["instrument"] for i in sel])
    print("real, held-out instruments", out["pitch_real_held_out_instruments"]["within_50_cents"], flush=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
