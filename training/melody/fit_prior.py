"""Fit the 16-bar model's sampling prior: a diagonal Gaussian mixture over the train windows' codes.

  python fit_prior.py [--checkpoint checkpoints/melody-vae-16bar/final.pt] [--fit 1500]
                      [--components 8 16 32 64 128 256] [--threads 2]

Random 16-bar melodies drawn from z ~ N(0, I) come out wider in pitch range than the data: the model's codes fill
little of N(0, I) (docs/models/melody-vae.md, "Sampling the 16-bar model"). Drawing z instead from a mixture fitted
to the codes of real windows (the aggregate posterior, as in Bauer & Mnih's and Tomczak & Welling's work on learned
VAE priors) keeps random points where the decoder has seen codes.

Encodes (as shipped: weights rounded through float16) up to --fit real train windows of each group (folk, Bach,
Palestrina; no medleys, so each group weighs about the same), fits a K-component diagonal Gaussian mixture to their
μ for each K in --components (scikit-learn, k-means start, random_state 0, reg_covar 1e-4), scores each on the μ of
the validation windows (mean log-likelihood per window; up to --fit a group), and keeps the K that scores best. The
choice uses no test data and no sample statistics. Writes <checkpoint dir>/prior.pt (weights [K], means [K, z],
stds [K, z], float32) and results/prior.json; export.py ships the mixture as prior.weights / prior.means /
prior.stds. Deterministic; about 2 minutes on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

import dataset
import evaluate as E


def group_codes(model, d: dict, split: str, per_group: int, seed: int) -> torch.Tensor:
    """μ of up to `per_group` windows of each group of `split`, a fixed random subset."""
    idx = E.per_group(dataset.window_groups(d, split), per_group, seed)
    return E.mus(model, torch.from_numpy(d[split][idx].astype(np.int64)), 64).double()


def fit(mu: np.ndarray, k: int):
    from sklearn.mixture import GaussianMixture
    return GaussianMixture(k, covariance_type="diag", random_state=0, reg_covar=1e-4, max_iter=200).fit(mu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=str(E.HERE / "checkpoints/melody-vae-16bar/final.pt"))
    ap.add_argument("--fit", type=int, default=1500, help="windows per group to fit on (and to score on)")
    ap.add_argument("--components", type=int, nargs="+", default=[8, 16, 32, 64, 128, 256])
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    model = E.load_model(Path(args.checkpoint), float16=True)
    d = dataset.load(16)
    # The seeds are probe_prior.py's, so the fitted codes are the ones it probed.
    train = group_codes(model, d, "train", args.fit, 10).numpy()
    valid = group_codes(model, d, "valid", args.fit, 20).numpy()
    print(f"codes of {len(train)} train and {len(valid)} validation windows in {time.time() - t0:.0f} s", flush=True)
    scores, best = {}, None
    for k in args.components:
        gmm = fit(train, k)
        scores[k] = {"validation_log_likelihood": float(gmm.score(valid)), "train_log_likelihood": float(gmm.score(train)),
                     "converged": bool(gmm.converged_), "iterations": int(gmm.n_iter_)}
        print(f"K = {k:4d}: log-likelihood per window, validation {scores[k]['validation_log_likelihood']:9.1f}, "
              f"train {scores[k]['train_log_likelihood']:9.1f}  ({gmm.n_iter_} iterations)", flush=True)
        if best is None or scores[k]["validation_log_likelihood"] > scores[best[0]]["validation_log_likelihood"]:
            best = (k, gmm)
    k, gmm = best
    prior = {"weights": torch.tensor(gmm.weights_, dtype=torch.float32),
             "means": torch.tensor(gmm.means_, dtype=torch.float32),
             "stds": torch.tensor(np.sqrt(gmm.covariances_), dtype=torch.float32)}
    out = Path(args.checkpoint).parent / "prior.pt"
    torch.save(prior, out)
    report = {"components": k, "fit_windows": len(train), "validation_windows": len(valid), "scores": scores,
              "checkpoint": str(Path(args.checkpoint).relative_to(E.HERE)), "seconds": round(time.time() - t0, 1)}
    (E.HERE / "results/prior.json").write_text(json.dumps(report, indent=1))
    print(f"kept K = {k}; wrote {out} and results/prior.json", flush=True)


if __name__ == "__main__":
    main()
