"""Evaluate the trained melody VAEs on the TEST split and write results/eval.json.

  python evaluate.py [--two CKPT] [--sixteen CKPT] [--max16 400] [--pairs 100] [--samples 1000]

Metrics (all per step over 16th-note steps, all 90 classes incl. no-event / note-off):
  2-bar teacher-forced accuracy   decoder fed the true previous events, z = mu(x)
  2-bar greedy reconstruction      decoder fed its own argmax, z = mu(x)
  16-bar hierarchical greedy       the same for the 16-bar model, on up to --max16 windows from each group
                                   (folk / bach / palestrina); headline = per-group accuracies weighted by the
                                   groups' shares of the whole 16-bar test split (Palestrina is ~88 % of it)
  16-bar through the 2-bar model   each 16-bar test window cut into eight 2-bar blocks, each block encoded and
                                   greedily decoded by the 2-bar model, blocks concatenated
  every 16-bar test window         the two greedy figures again on all 9,136 16-bar test windows, per collection,
                                   per group and overall, as a check that the 150-window groups are not luck, with
                                   the difference and its 95 % paired bootstrap interval over windows
  interpolation                    random pairs of distinct 2-bar test windows (1,000 by default); 11 points
                                   slerped from mu(A) to mu(B), each greedily decoded; normalised Hamming distance
                                   of each point to A; Spearman rank correlation of distance with step, averaged
                                   over pairs, with a 95 % bootstrap interval
  samples                          z ~ N(0, I), decoded at temperature 1.0, 0.5 and 0 (greedy); note density (note-ons per bar),
                                   pitch range (max - min MIDI per window, windows with a note) and in-key ratio
                                   (share of note-ons in the best-fitting major/natural-minor scale) vs the test data,
                                   each relative difference with a 95 % bootstrap interval (samples and data windows
                                   resampled independently).
                                   16 bars: z from the model's fitted mixture (fit_prior.py's prior.pt) when it has
                                   one, N(0, I) again under samples_standard_normal; both also against 150 windows
                                   a group from each split (data_all_splits), since the splits' folk windows differ
                                   (note density per bar 3.9 / 2.1 / 5.5 in train / valid / test)
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch

import dataset
from dataset import GROUPS
from export import FLOAT16
from model import MelodyVAE

HERE = Path(__file__).resolve().parent


def by_group(correct: torch.Tensor, groups: np.ndarray, weights: dict) -> dict:
    """Per-step accuracy per group, and their average weighted by each group's share of the whole test split."""
    per = {g: correct[torch.from_numpy(groups == g)].float().mean().item() for g in GROUPS if (groups == g).any()}
    per["weighted_by_test_split"] = sum(per[g] * weights[g] for g in GROUPS if g in per) / sum(
        weights[g] for g in GROUPS if g in per)
    return per


def load_model(path: Path, float16: bool = False) -> MelodyVAE:
    """The checkpoint's model; with `float16`, its weights rounded through float16 (as export.py ships large
    models) and computed in float32 (as Kanade's loader does)."""
    ck = torch.load(path, weights_only=False)
    m = MelodyVAE(ck["cfg"])
    m.load_state_dict({k: v.half().float() for k, v in ck["model"].items()} if float16 else ck["model"])
    m.eval()
    return m


@torch.no_grad()
def mus(model, x: torch.Tensor, batch: int = 256) -> torch.Tensor:
    return torch.cat([model.encoder(x[i:i + batch])[0] for i in range(0, len(x), batch)])


@torch.no_grad()
def teacher_forced(model, x: torch.Tensor, batch: int = 256) -> torch.Tensor:
    out = []
    for i in range(0, len(x), batch):
        xb = x[i:i + batch]
        out.append(model.decoder(model.encoder(xb)[0], xb).argmax(-1))
    return torch.cat(out)


@torch.no_grad()
def greedy(model, z: torch.Tensor, batch: int = 256, temperature: float = 0.0, gen=None) -> torch.Tensor:
    return torch.cat([model.decoder.generate(z[i:i + batch], model.steps, temperature, gen)
                      for i in range(0, len(z), batch)])


def slerp(a: torch.Tensor, b: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation (MusicVAE's `slerp`), falling back to linear when a and b are parallel."""
    an, bn = a / a.norm(), b / b.norm()
    omega = torch.arccos(torch.clamp((an * bn).sum(), -1.0, 1.0))
    so = torch.sin(omega)
    if so.abs() < 1e-6:
        return (1 - t) * a + t * b
    return torch.sin((1 - t) * omega) / so * a + torch.sin(t * omega) / so * b


def rank(v: np.ndarray) -> np.ndarray:
    order = v.argsort(kind="stable")
    r = np.empty(len(v))
    r[order] = np.arange(len(v), dtype=float)
    for val in np.unique(v):  # average ranks for ties
        m = v == val
        r[m] = r[m].mean()
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = rank(a), rank(b)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


STAT_KEYS = ("note_density_per_bar", "pitch_range_semitones", "in_key_ratio")


def window_stats(x: np.ndarray) -> dict:
    """Per window: note density (note-ons per bar) of every window; pitch range and in-key ratio of the windows
    with a note."""
    bars = x.shape[1] / 16
    dens, ranges, inkey = [], [], []
    for w in x:
        notes = w[w >= 2].astype(int) + 19  # MIDI
        dens.append(len(notes) / bars)
        if len(notes):
            ranges.append(notes.max() - notes.min())
            inkey.append(dataset.best_major(notes)[1] / len(notes))
    return dict(zip(STAT_KEYS, (np.array(dens, float), np.array(ranges, float), np.array(inkey, float))))


def summarize(w: dict) -> dict:
    """window_stats' means, with the window count and how many windows are empty."""
    dens = w["note_density_per_bar"]
    return {**{k: float(np.mean(w[k])) for k in STAT_KEYS}, "windows": int(len(dens)),
            "empty_windows": int((dens == 0).sum())}


def melody_stats(x: np.ndarray) -> dict:
    """Mean note density (note-ons per bar), pitch range and in-key ratio over windows."""
    return summarize(window_stats(x))


def relative_difference_ci(a: dict, b: dict, rounds: int = 2000, seed: int = 0) -> dict:
    """95 % bootstrap interval of each measure's relative difference between the window_stats `a` (samples) and
    `b` (data), both resampled independently (the sampling noise of both means)."""
    g = np.random.default_rng(seed)
    out = {}
    for k in STAT_KEYS:
        ia = g.integers(0, len(a[k]), (rounds, len(a[k])))
        ib = g.integers(0, len(b[k]), (rounds, len(b[k])))
        rel = a[k][ia].mean(1) / b[k][ib].mean(1) - 1.0
        out[k] = [round(float(v), 4) for v in np.percentile(rel, [2.5, 97.5])]
    return out


def compare(sample: dict, data: dict) -> dict:
    rel = {k: sample[k] / data[k] - 1.0 for k in STAT_KEYS}
    return {"relative_difference": rel, "within_20_percent": all(abs(v) <= 0.2 for v in rel.values())}


def interpolation(model, x: torch.Tensor, pairs: int, steps: int = 11, seed: int = 0) -> dict:
    g = np.random.default_rng(seed)
    corrs, curves, nan, reversals, ab = [], [], 0, [], []
    z = mus(model, x)
    for _ in range(pairs):
        while True:
            i, j = g.integers(0, len(x), 2)
            if i != j and not torch.equal(x[i], x[j]):
                break
        pts = torch.stack([slerp(z[i], z[j], t) for t in np.linspace(0, 1, steps)])
        out = greedy(model, pts).numpy()
        a = x[i].numpy()
        d = (out != a[None]).mean(1)
        curves.append(d)
        c = spearman(np.arange(steps), d)
        if math.isnan(c):
            nan += 1
        else:
            corrs.append(c)
            reversals.append(int((np.diff(d) < 0).sum()))
            ab.append(float((x[i] != x[j]).float().mean()))
    curves = np.array(curves)
    # 95 % bootstrap interval of the mean over pairs (100 pairs gave a standard error of about 0.02).
    boot = np.random.default_rng(0)
    means = [boot.choice(corrs, len(corrs)).mean() for _ in range(2000)]
    return {"pairs": pairs, "steps": steps, "mean_spearman": float(np.mean(corrs)),
            "mean_spearman_95ci": [round(float(v), 4) for v in np.percentile(means, [2.5, 97.5])],
            "median_spearman": float(np.median(corrs)), "pairs_undefined": nan,
            "share_pairs_spearman_ge_0_9": float(np.mean(np.array(corrs) >= 0.9)),
            # Where the shortfall comes from: a step that lands nearer A than the one before it, and how far
            # apart A and B are for the pairs under 0.9 against the others.
            "share_pairs_with_a_reversal": float(np.mean(np.array(reversals) > 0)),
            "mean_reversals_per_pair": float(np.mean(reversals)),
            "mean_hamming_A_to_B_pairs_lt_0_9": float(np.mean([h for h, c in zip(ab, corrs) if c < 0.9] or [np.nan])),
            "mean_hamming_A_to_B_pairs_ge_0_9": float(np.mean([h for h, c in zip(ab, corrs) if c >= 0.9] or [np.nan])),
            "mean_hamming_to_A_by_step": [round(float(v), 4) for v in curves.mean(0)]}


def context(x: torch.Tensor, tf: torch.Tensor, rec: torch.Tensor) -> dict:
    """Harder views of the same decodes: accuracy on note-on steps only, and the all-no-event baseline."""
    on = x >= 2
    return {"teacher_forced_note_on_accuracy": (tf == x)[on].float().mean().item(),
            "greedy_note_on_accuracy": (rec == x)[on].float().mean().item(),
            "greedy_exact_windows": (rec == x).all(1).float().mean().item(),
            "baseline_all_no_event_accuracy": (x == 0).float().mean().item()}


def evaluate_two(model, x: torch.Tensor, groups: np.ndarray, args) -> dict:
    t0 = time.time()
    tfo = teacher_forced(model, x)
    rec = greedy(model, mus(model, x))
    res = {"test_windows": len(x), "teacher_forced_accuracy": (tfo == x).float().mean().item(),
           "greedy_reconstruction_accuracy": (rec == x).float().mean().item(), **context(x, tfo, rec)}
    share = {g: float((groups == g).mean()) for g in GROUPS}
    res["greedy_accuracy_by_group"] = by_group(rec == x, groups, share)
    res["interpolation"] = interpolation(model, x, args.pairs)
    res["samples"] = samples(model, x, args.samples)
    res["seconds"] = round(time.time() - t0, 1)
    return res


def prior_draws(prior: dict | None, n: int, size: int, g: torch.Generator) -> torch.Tensor:
    """n latent points from N(0, I) (prior None) or from fit_prior.py's diagonal Gaussian mixture: a component
    picked by weight, then means[k] + stds[k] * eps."""
    if prior is None:
        return torch.randn(n, size, generator=g)
    k = torch.multinomial(prior["weights"], n, replacement=True, generator=g)
    return prior["means"][k] + prior["stds"][k] * torch.randn(n, size, generator=g)


def samples(model, x: torch.Tensor, n: int, prior: dict | None = None, also: np.ndarray | None = None) -> dict:
    """Statistics of n samples at temperatures 1, 0.5 and 0 against those of the windows x (and, when given, of
    the windows `also`: the 16-bar section passes windows of all three splits)."""
    data_windows = window_stats(x.numpy())
    data = summarize(data_windows)
    out = {"prior": "N(0, I)" if prior is None else f"mixture of {len(prior['weights'])} diagonal Gaussians",
           "data": data}
    if also is not None:
        out["data_all_splits"] = melody_stats(also)
    for temp in (1.0, 0.5, 0.0):
        g = torch.Generator().manual_seed(7)
        z = prior_draws(prior, n, model.cfg["z"], g)
        s = greedy(model, z, temperature=temp, gen=g).numpy()
        sample_windows = window_stats(s)
        st = summarize(sample_windows)
        out[f"temperature_{temp}"] = {**st, **compare(st, data),
                                      "relative_difference_95ci": relative_difference_ci(sample_windows, data_windows)}
        if also is not None:
            out[f"temperature_{temp}"]["all_splits"] = compare(st, out["data_all_splits"])
    return out


def load_prior(checkpoint: Path, float16: bool) -> dict | None:
    """fit_prior.py's mixture next to the checkpoint, rounded through float16 when the model ships that way."""
    path = checkpoint.parent / "prior.pt"
    if not path.exists():
        return None
    prior = torch.load(path)
    return {k: v.half().float() if float16 else v for k, v in prior.items()}


def per_group(groups: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Indices of up to `n` windows of each group (folk, Bach, Palestrina), a fixed random subset (group i shuffled
    with seed + i): with seed 0, the 16-bar evaluation windows."""
    return np.concatenate([np.random.default_rng(seed + gi).permutation(np.flatnonzero(groups == g))[:n]
                           for gi, g in enumerate(GROUPS)])


def through_blocks(two, x: torch.Tensor) -> torch.Tensor:
    """16-bar windows through the 2-bar model block by block: each 2-bar block encoded and decoded greedily."""
    return greedy(two, mus(two, x.reshape(-1, 32))).reshape(len(x), -1)


def every_window(m16, two, d16: dict) -> dict:
    """Greedy accuracy of the 16-bar model and of the 2-bar model block by block on every window of the 16-bar test
    split, per collection, per group and overall (the headline uses 150 windows per group)."""
    groups = dataset.window_groups(d16, "test")
    coll = np.array([dataset.collection_of(d16["files"][fi]) for fi in d16["test_file"]])
    x = torch.from_numpy(d16["test"].astype(np.int64))
    c16 = (greedy(m16, mus(m16, x, 64), 64) == x).float().mean(1).numpy()
    c2 = (through_blocks(two, x) == x).float().mean(1).numpy()
    out = {}
    rows = [(f"collection {c}", coll == c) for c in sorted(set(coll))]
    rows += [(f"group {g}", groups == g) for g in GROUPS] + [("all", np.ones(len(x), dtype=bool))]
    boot = np.random.default_rng(0)
    for name, sel in rows:
        diff = c16[sel] - c2[sel]
        # Paired bootstrap over windows: the 95 % interval of the mean difference (16-bar minus blocks).
        means = [diff[boot.integers(0, len(diff), len(diff))].mean() for _ in range(1000)]
        out[name] = {"windows": int(sel.sum()), "sixteen_bar": round(float(c16[sel].mean()), 5),
                     "two_bar_blocks": round(float(c2[sel].mean()), 5),
                     "difference": round(float(diff.mean()), 5),
                     "difference_95ci": [round(float(v), 5) for v in np.percentile(means, [2.5, 97.5])]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--two", default=str(HERE / "checkpoints/melody-vae-2bar/final.pt"))
    ap.add_argument("--sixteen", default=str(HERE / "checkpoints/melody-vae-16bar/final.pt"))
    ap.add_argument("--max2", type=int, default=0, help="cap on 2-bar test windows (0 = all)")
    ap.add_argument("--max16", type=int, default=150,
                    help="16-bar test windows per group (folk / bach / palestrina), fixed random subset")
    ap.add_argument("--pairs", type=int, default=1000,
                    help="interpolation pairs (2-bar; the 16-bar section uses at most 100)")
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--sixteen-float16", action=argparse.BooleanOptionalAction,
                    default="melody-vae-16bar" in FLOAT16,
                    help="evaluate the 16-bar model with its weights rounded through float16, as export.py ships it")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--models", type=int, nargs="+", default=[2, 16],
                    help="which sections to (re)compute; the others are kept from an existing --out file")
    ap.add_argument("--out", default=str(HERE / "results/eval.json"))
    ap.add_argument("--section", default="2bar",
                    help="key of the 2-bar results in --out (2bar-lokl for the sampling flavor)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {}
    results.setdefault("args", {})
    for bars in args.models:
        results["args"][args.section if bars == 2 else f"{bars}bar"] = vars(args)
    d2 = dataset.load(2)
    keep = np.arange(len(d2["test"]))
    if args.max2:
        keep = np.random.default_rng(0).permutation(keep)[:args.max2]
    x2 = torch.from_numpy(d2["test"][keep].astype(np.int64))
    g2 = dataset.window_groups(d2, "test")[keep]
    d16 = dataset.load(16)
    groups16 = dataset.window_groups(d16, "test")
    weights = {g: float((groups16 == g).mean()) for g in GROUPS}
    pick = per_group(groups16, args.max16)
    x16 = torch.from_numpy(d16["test"][pick].astype(np.int64))
    g16 = groups16[pick]
    two = load_model(Path(args.two)) if Path(args.two).exists() else None
    if two is not None and 2 in args.models:
        results[args.section] = evaluate_two(two, x2, g2, args)
        print(json.dumps(results[args.section], indent=1), flush=True)
    if Path(args.sixteen).exists() and 16 in args.models:
        m16 = load_model(Path(args.sixteen), float16=args.sixteen_float16)
        t0 = time.time()
        r = {"test_windows": len(x16), "windows_per_group": {g: int((g16 == g).sum()) for g in GROUPS},
             "group_share_of_test_split": weights}
        tfo = teacher_forced(m16, x16, 64)
        rec = greedy(m16, mus(m16, x16, 64), 64)
        # Headline figures weight the per-group accuracies by each group's share of the whole 16-bar test split.
        r["teacher_forced_accuracy_by_group"] = by_group(tfo == x16, g16, weights)
        r["greedy_accuracy_by_group"] = by_group(rec == x16, g16, weights)
        r["teacher_forced_accuracy"] = r["teacher_forced_accuracy_by_group"]["weighted_by_test_split"]
        r["greedy_reconstruction_accuracy"] = r["greedy_accuracy_by_group"]["weighted_by_test_split"]
        r.update(context(x16, tfo, rec))
        r["greedy_accuracy_by_bar"] = [round(v, 4) for v in
                                       (rec == x16).float().view(len(x16), 16, 16).mean((0, 2)).tolist()]
        if two is not None:
            rec2 = through_blocks(two, x16)
            r["two_bar_model_block_by_block_by_group"] = by_group(rec2 == x16, g16, weights)
            r["two_bar_model_block_by_block_greedy_accuracy"] = r["two_bar_model_block_by_block_by_group"][
                "weighted_by_test_split"]
            r["two_bar_model_block_by_block_note_on_accuracy"] = (rec2 == x16)[x16 >= 2].float().mean().item()
            r["every_test_window"] = every_window(m16, two, d16)
        r["interpolation"] = interpolation(m16, x16, min(args.pairs, 100))
        prior = load_prior(Path(args.sixteen), args.sixteen_float16)
        every = np.concatenate([d16[sp][per_group(dataset.window_groups(d16, sp), args.max16)] for sp in
                                ("train", "valid", "test")]).astype(np.int64)
        r["samples"] = samples(m16, x16, args.samples, prior, also=every)
        if prior is not None:
            r["samples_standard_normal"] = samples(m16, x16, args.samples, None, also=every)
        r["seconds"] = round(time.time() - t0, 1)
        results["16bar"] = r
        print(json.dumps(r, indent=1), flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
