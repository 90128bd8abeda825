"""Evaluates a Coconet checkpoint on the held-out chorales: `evaluate.py --run NAME [--crops N] [--steps 96]`.

Writes results/eval.json with:
- **Frame-wise NLL** as Coconet's `FrameEvaluator` defines it (magenta `coconet/lib_evaluation.py`): frames in a
  random order; a frame is predicted with the frames before it in that order given (the real notes) and the
  rest masked; inside a frame the four voices in random order, each conditioned on the model's own argmax
  for the voices already predicted; a frame's loss is the sum of its voices' NLL (nats), averaged over frames.
  Computed on 32-step crops (what the model is trained on) of the test chorales.
- **Harmonisations** of every test chorale's soprano (the whole chorale at once, as Kanade runs it: the network
  is convolutional, so a length it was not trained on only widens what it sees; `--steps` Gibbs steps), scored
  with rules against Bach's own alto, tenor and bass for the same sopranos:
  - the soprano is exactly the input (checked cell by cell);
  - each voice's share of notes inside its usual range (S 60-81, A 53-74, T 48-69, B 36-64: the common
    textbook ranges widened by a tone), and inside the 1st-99th percentile of the training data's notes;
  - parallel fifths and octaves (unisons included): between two consecutive chords where both voices of a
    pair move in the same direction and make a perfect fifth (or octave/unison) at both, counted per pair
    of voices that both move; the rate is that count over all such both-moving pair transitions. Reported for
    the raw Gibbs output and after the voice-leading check Kanade runs (voice_leading.py), with the share of
    alto/tenor/bass cells the check changed and the repairs it made.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from model import VOICES, PITCHES, Coconet, gibbs, one_hot
from train import CROP, MIN_PITCH, load_split
import voice_leading

HERE = Path(__file__).resolve().parent
RANGES = {"soprano": (60, 81), "alto": (53, 74), "tenor": (48, 69), "bass": (36, 64)}


def load(run: str) -> Coconet:
    state = torch.load(HERE / "runs" / run / "latest.pt", weights_only=False)
    cfg = state["config"]
    model = Coconet(cfg["channels"], cfg["layers"])
    model.load_state_dict(state["model"])
    model.eval()
    return model


def crops(chorales: list[np.ndarray]) -> list[np.ndarray]:
    out = []
    for c in chorales:
        for start in range(0, c.shape[1] - CROP + 1, CROP):
            out.append(c[:, start:start + CROP])
    return out


@torch.no_grad()
def framewise_nll(model: Coconet, crop: np.ndarray, rng: np.random.Generator) -> float:
    """Mean over frames of the summed voice NLL, as magenta's FrameEvaluator (random frame order)."""
    tt = crop.shape[1]
    order = rng.permutation(tt)
    truth = torch.from_numpy(crop).long().unsqueeze(0).repeat(tt, 1, 1)  # one example per frame
    known = torch.zeros(tt, VOICES, tt)
    for k in range(tt):
        known[k, :, order[:k]] = 1
    voice_order = np.stack([rng.permutation(VOICES) for _ in range(tt)])  # per frame
    current = truth.clone()
    nll = torch.zeros(tt)
    rows = torch.arange(tt)
    frames = torch.from_numpy(order)
    for j in range(VOICES):
        logits = model(one_hot(current), known)
        logp = torch.log_softmax(logits, dim=-1)
        voices = torch.from_numpy(voice_order[order, j])
        nll += -logp[rows, voices, frames, truth[rows, voices, frames]]
        current[rows, voices, frames] = logp[rows, voices, frames].argmax(-1)
        known[rows, voices, frames] = 1
    return float(nll.mean())


def parallels(roll: np.ndarray) -> tuple[int, int]:
    """(parallel fifths/octaves, both-moving pair transitions) in a [4, T] roll of MIDI pitches."""
    return len(voice_leading.violations(roll)), voice_leading.both_moving(roll)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run", required=True)
    parser.add_argument("--crops", type=int, default=120, help="test crops for the frame-wise NLL (all if 0)")
    parser.add_argument("--steps", type=int, default=96, help="Gibbs steps for the harmonisations")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", default="eval.json", help="file name under results/")
    parser.add_argument("--skip-nll", action="store_true", help="harmonisations only (the NLL depends on the weights alone)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = load(args.run)
    test = load_split("test")
    train = load_split("train")
    rng = np.random.default_rng(0)
    started = time.time()

    all_crops = crops(test)
    chosen = all_crops if args.crops == 0 else [all_crops[i] for i in sorted(rng.choice(len(all_crops), min(args.crops, len(all_crops)), replace=False))]
    frame_nll = [] if args.skip_nll else [framewise_nll(model, c, rng) for c in chosen]
    nll_seconds = time.time() - started

    generator = torch.Generator().manual_seed(0)
    train_notes = np.concatenate(train, axis=1) + MIN_PITCH
    data_ranges = {v: (int(np.percentile(train_notes[i], 1)), int(np.percentile(train_notes[i], 99))) for i, v in enumerate(RANGES)}
    soprano_exact = True
    in_range = {v: [0, 0] for v in RANGES}
    in_data_range = {v: [0, 0] for v in RANGES}
    generated_par = [0, 0]
    checked_par = [0, 0]
    changed = [0, 0]
    repairs = 0
    check_seconds = 0.0
    bach_par = [0, 0]
    gibbs_started = time.time()
    for chorale in test:
        whole = chorale
        pieces = torch.from_numpy(whole[None])
        known = torch.zeros(pieces.shape, dtype=torch.float32)
        known[:, 0] = 1
        raw = gibbs(model, pieces, known, args.steps, generator).numpy()[0]
        check_started = time.time()
        fixed, n = voice_leading.fix_parallels(model, raw, known.numpy()[0] > 0)
        check_seconds += time.time() - check_started
        repairs += n
        changed[0] += int((fixed[1:] != raw[1:]).sum())
        changed[1] += fixed[1:].size
        b, m = parallels(raw)
        generated_par[0] += b
        generated_par[1] += m
        result = fixed + MIN_PITCH
        bach = whole + MIN_PITCH
        soprano_exact &= bool((result[0] == bach[0]).all())
        for i, v in enumerate(RANGES):
            lo, hi = RANGES[v]
            in_range[v][0] += int(((result[i] >= lo) & (result[i] <= hi)).sum())
            in_range[v][1] += result.shape[1]
            lo, hi = data_ranges[v]
            in_data_range[v][0] += int(((result[i] >= lo) & (result[i] <= hi)).sum())
            in_data_range[v][1] += result.shape[1]
        for counts, roll in ((checked_par, result), (bach_par, bach)):
            b, m = parallels(roll)
            counts[0] += b
            counts[1] += m
    gibbs_seconds = time.time() - gibbs_started

    report = {
        "run": args.run,
        "framewise_nll": None if args.skip_nll else {
            "mean": round(float(np.mean(frame_nll)), 4), "sem": round(float(np.std(frame_nll) / np.sqrt(len(frame_nll))), 4),
            "crops": len(chosen), "seconds": round(nll_seconds, 1)},
        "harmonize": {
            "chorales": len(test), "gibbs_steps": args.steps, "seconds": round(gibbs_seconds, 1),
            "soprano_exact": soprano_exact,
            "in_textbook_range": {v: round(a / max(n, 1), 4) for v, (a, n) in in_range.items()},
            "textbook_ranges": RANGES,
            "in_training_range": {v: round(a / max(n, 1), 4) for v, (a, n) in in_data_range.items()},
            "training_ranges_p1_p99": data_ranges,
            "parallel_rate_raw_gibbs": round(generated_par[0] / max(generated_par[1], 1), 4),
            "parallel_rate_checked": round(checked_par[0] / max(checked_par[1], 1), 4),
            "parallel_rate_bach": round(bach_par[0] / max(bach_par[1], 1), 4),
            "parallel_counts": {"raw_gibbs": generated_par, "checked": checked_par, "bach": bach_par},
            "voice_leading_check": {"repairs": repairs, "cells_changed": round(changed[0] / max(changed[1], 1), 4),
                                    "seconds": round(check_seconds, 1)},
        },
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
