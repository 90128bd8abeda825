"""Probe: would the 16-bar model's samples come closer to the data if z were drawn from a Gaussian fitted to the
training windows' codes (the aggregate posterior) instead of N(0, I)?

  python probe_prior.py [--checkpoint checkpoints/melody-vae-16bar/final.pt] [--fit 1500] [--samples 100]
                        [--reference test|valid] [--mixtures 64 256]

Encodes up to --fit real train windows of each group (folk, Bach, Palestrina; no medleys), fits one full-covariance
Gaussian to all their μ and one to each group's, draws --samples points per fit (per group for the mixture), decodes
them at T = 1 and greedily, and compares note density, pitch range and in-key ratio with the 450 test windows that
evaluate.py uses (or, with --reference valid, up to 150 validation windows a group), as evaluate.py's `samples`
does. --mixtures K ... also fits a K-component diagonal Gaussian mixture to all the μ (scikit-learn) and draws
3 x --samples points from it. Prints; writes nothing. Not part of the shipped pipeline.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

import dataset
import evaluate as E
from dataset import GROUPS


def gaussian_draws(mu: torch.Tensor, n: int, seed: int) -> torch.Tensor:
    mean, cov = mu.mean(0), torch.cov(mu.T)
    chol = torch.linalg.cholesky(cov + 1e-4 * torch.eye(len(mean), dtype=mu.dtype))
    eps = torch.randn(n, len(mean), generator=torch.Generator().manual_seed(seed), dtype=mu.dtype)
    return (mean + eps @ chol.T).float()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=str(E.HERE / "checkpoints/melody-vae-16bar/final.pt"))
    ap.add_argument("--fit", type=int, default=1500, help="train windows per group to fit on")
    ap.add_argument("--samples", type=int, default=100, help="points per fit (per group for the mixture)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reference", choices=("test", "valid"), default="test")
    ap.add_argument("--mixtures", type=int, nargs="*", default=[])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    model = E.load_model(args.checkpoint, float16=True)
    d = dataset.load(16)
    train_groups = dataset.window_groups(d, "train")
    idx = E.per_group(train_groups, args.fit, seed=10)
    mu = E.mus(model, torch.from_numpy(d["train"][idx].astype(np.int64)), 64).double()
    groups = train_groups[idx]
    ref_groups = dataset.window_groups(d, args.reference)
    pick = E.per_group(ref_groups, 150)  # on test, evaluate.py's 450 windows
    data = E.melody_stats(d[args.reference][pick].astype(np.int64))
    print(f"reference: {len(pick)} {args.reference} windows", {g: int((ref_groups[pick] == g).sum()) for g in GROUPS})
    print(f"encoded {len(idx)} train windows in {time.time() - t0:.0f} s; codes: mean norm "
          f"{mu.mean(0).norm():.2f}, total variance {torch.cov(mu.T).trace():.1f} (N(0, I): 0, {mu.shape[1]})")
    fits = {
        "N(0, I)": torch.randn(3 * args.samples, mu.shape[1], generator=torch.Generator().manual_seed(7)),
        "one Gaussian": gaussian_draws(mu, 3 * args.samples, 7),
        "a Gaussian per group": torch.cat([gaussian_draws(mu[torch.from_numpy(groups == g)], args.samples, 7 + i)
                                           for i, g in enumerate(GROUPS)]),
    }
    for k in args.mixtures:
        from sklearn.mixture import GaussianMixture
        gmm = GaussianMixture(k, covariance_type="diag", random_state=0, reg_covar=1e-4).fit(mu.numpy())
        z = torch.from_numpy(gmm.sample(3 * args.samples)[0]).float()  # sample() orders by component: shuffle
        fits[f"{k} diagonal Gaussians"] = z[torch.randperm(len(z), generator=torch.Generator().manual_seed(0))]
    for name, z in fits.items():
        for temp in (1.0, 0.0):
            s = E.greedy(model, z, 64, temperature=temp, gen=torch.Generator().manual_seed(7)).numpy()
            c = E.compare(E.melody_stats(s), data)
            rel = " / ".join(f"{v:+.0%}" for v in c["relative_difference"].values())
            print(f"{name:22s} T = {temp}: density / range / in-key {rel}  within 20 %: {c['within_20_percent']}",
                  flush=True)


if __name__ == "__main__":
    main()
