"""Stage 1 of the 16-bar model: teach its top level to carry a 2-bar model's codes through one z.

  python pretrain_codes.py --name melody-vae-16bar --minutes 8      # then: train.py --bars 16 --init ...

The 16-bar model's lower levels have the 2-bar model's shapes (train.py's preset), so they can start as the
2-bar model: the block encoder reads each 2-bar block into the 2-bar model's mu, and the bar decoder is the
2-bar decoder. What is left to learn is the top: a BiLSTM over the eight block codes -> z -> conductor -> one
128-value embedding per bar. This script trains only that top, on codes precomputed once, which is hundreds
of times cheaper per window than training through the bar decoder:

  input    the 2-bar mu of blocks 0-1, 2-3, ..., 14-15 (what the block encoder gives at the warm start)
  target   for each bar b, the 2-bar mu of bars b..b+1 (bar 15: bar 15 and one bar of no-event), so that the
           bar decoder, which restarts each bar, is handed a code whose first bar is bar b. Decoding every bar
           from these targets with the 2-bar decoder scores as well as the 2-bar model block by block.
  loss     sum over bars and dims of (embedding - target)^2 / (2 sigma^2), sigma the 2-bar posterior's
           (clamped at 0.02): an error costs what it would cost in the 2-bar model's own noise units;
           + beta * max(KL - free_bits, 0) as in train.py.

Batches are drawn uniformly over training windows, or by group share with --mix (as train.py). Every few
minutes (and at the end) 256 validation windows, and 256 folk validation windows, are decoded greedily by the
real model (bar decoder = 2-bar decoder) and scored against the same windows through the 2-bar model block by
block. Resumable: state in
checkpoints/<name>-codes/last.pt; the result, checkpoints/<name>-codes/final.pt, is a full 16-bar checkpoint
that train.py --init takes.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch

import dataset
from evaluate import greedy, load_model, mus
from model import MelodyVAE, kl_divergence
from train import PRESETS, code_weight, sliding_blocks, warm_start

HERE = Path(__file__).resolve().parent


@torch.no_grad()
def code_table(two, x: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, np.ndarray]:
    """The 2-bar mu and sigma of every distinct 2-bar block in the sliding blocks of `x`, and an index [N, 16]."""
    blocks = sliding_blocks(torch.from_numpy(x)).reshape(-1, 32).numpy()
    uniq, inv = np.unique(blocks, axis=0, return_inverse=True)
    t0 = time.time()
    xs = torch.from_numpy(uniq.astype(np.int64))
    mu, sig = [], []
    for i in range(0, len(xs), 1024):
        m, s = two.encoder(xs[i:i + 1024])
        mu.append(m); sig.append(s)
    print(f"encoded {len(uniq)} distinct blocks of {len(blocks)} in {time.time() - t0:.0f} s", flush=True)
    return torch.cat(mu), torch.cat(sig), inv.reshape(len(x), 16)


@torch.no_grad()
def check(model, two, xv: torch.Tensor, xf: torch.Tensor) -> dict:
    """Greedy accuracy of the model on validation windows (`xv` drawn from all, `xf` from folk), next to the
    2-bar model block by block on the same windows."""
    model.eval()
    out = {}
    for key, x in (("", xv), ("folk_", xf)):
        rec = greedy(model, mus(model, x, 64), 64)
        rec2 = greedy(two, mus(two, x.reshape(-1, 32))).reshape(len(x), -1)
        on = x >= 2
        out.update({key + "greedy": (rec == x).float().mean().item(),
                    key + "greedy_note_on": (rec == x)[on].float().mean().item(),
                    key + "blocks_greedy": (rec2 == x).float().mean().item(),
                    key + "blocks_note_on": (rec2 == x)[on].float().mean().item()})
    model.train()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", default="melody-vae-16bar")
    ap.add_argument("--two", default=str(HERE / "checkpoints/melody-vae-2bar/final.pt"))
    ap.add_argument("--minutes", type=float, default=8.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--free-bits", type=float, default=None)
    ap.add_argument("--check-minutes", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast for the forward pass (as train.py)")
    ap.add_argument("--mix", default="", help="share of draws per group, e.g. folk=0.35,bach=0.15,palestrina=0.5 "
                                               "(default: uniform over windows, 92 %% Palestrina)")
    ap.add_argument("--medleys", action="store_true", help="also train on the medley windows (as train.py)")
    ap.add_argument("--medley-keys", action="store_true", help="with --medleys: the keyed medleys (as train.py)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    ckdir = HERE / "checkpoints" / f"{args.name}-codes"
    ckdir.mkdir(parents=True, exist_ok=True)
    cfg = dict(PRESETS[16], init=str(args.two))
    if args.mix:
        cfg["mix"] = dataset.parse_mix(args.mix)
    if args.medleys:
        cfg["medleys"] = "keyed" if args.medley_keys else True
    if args.free_bits is not None:
        cfg["free_bits"] = args.free_bits
    torch.manual_seed(args.seed)
    model = MelodyVAE(cfg)
    two = load_model(Path(args.two))
    copied = warm_start(model, args.two)
    print(f"warm start from {args.two}: {len(copied)} tensors; {model.params()} parameters", flush=True)
    top = [p for n, p in model.named_parameters()
           if n.startswith(("encoder.top.", "encoder.mu.", "encoder.sigma.", "encoder.flat_", "decoder.cond_init.",
                            "decoder.conductor.", "decoder.cond_proj."))]
    opt = torch.optim.Adam(top, lr=args.lr)
    step, elapsed, history = 0, 0.0, []
    last = ckdir / "last.pt"
    if last.exists():
        ck = torch.load(last, weights_only=False)
        model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"])
        step, elapsed, history, cfg = ck["step"], ck["elapsed"], ck["history"], ck["cfg"]
        torch.set_rng_state(ck["rng"])
        print(f"resumed at step {step}, {elapsed / 60:.1f} min", flush=True)

    d = dataset.load(16, medley=cfg.get("medleys", False))  # a resumed run keeps its own data
    mu_t, sig_t, idx = code_table(two, d["train"])
    inv_var = code_weight(sig_t)
    probs = torch.from_numpy(dataset.mix_probabilities(dataset.window_groups(d, "train"), cfg.get("mix", {})))
    gv = torch.Generator().manual_seed(0)
    xv_all = torch.from_numpy(d["valid"].astype(np.int64))
    xv = xv_all[torch.randperm(len(xv_all), generator=gv)[:256]]
    folk = np.flatnonzero(dataset.window_groups(d, "valid") == "folk")
    xf = xv_all[torch.from_numpy(folk)[torch.randperm(len(folk), generator=gv)[:256]]]

    def save(path: Path, final: bool = False):
        tmp = path.with_suffix(".tmp")
        state = {"model": model.state_dict(), "cfg": cfg, "step": step, "elapsed": elapsed, "history": history}
        if not final:
            state.update(opt=opt.state_dict(), rng=torch.get_rng_state())
        torch.save(state, tmp)
        os.replace(tmp, path)

    budget = args.minutes * 60.0
    t0, t_check = time.time() - elapsed, time.time()
    run = {"err": 0.0, "kl": 0.0, "n": 0}
    while elapsed < budget:
        g = torch.Generator().manual_seed(args.seed * 1_000_003 + step)
        rows = torch.multinomial(probs, args.batch, replacement=True, generator=g)
        ix = torch.from_numpy(idx[rows.numpy()])
        codes_in, target, w = mu_t[ix[:, 0::2]], mu_t[ix], inv_var[ix]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            mu, sigma = (t.float() for t in model.encoder.from_codes(codes_in))
            z = mu + sigma * torch.randn_like(mu)
            emb = model.decoder.conduct(z).float()
        err = ((emb - target) ** 2 * w).sum((1, 2)).mean()
        kl = kl_divergence(mu, sigma).mean()
        beta = cfg["max_beta"] * (1.0 - cfg["beta_rate"] ** step)
        loss = err + beta * torch.clamp(kl - cfg["free_bits"], min=0.0)
        lr = args.lr * max(0.05, 0.5 * (1 + math.cos(math.pi * min(1.0, elapsed / budget))))
        for pg in opt.param_groups:
            pg["lr"] = lr
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(top, 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - t0
        run["err"] += err.item(); run["kl"] += kl.item(); run["n"] += 1
        if step % 200 == 0:
            print(f"step {step} {elapsed / 60:5.1f}min code error {run['err'] / run['n']:.1f} nats-equivalent "
                  f"kl {run['kl'] / run['n']:.1f} beta {beta:.3f} lr {lr:.2e}", flush=True)
            run = {"err": 0.0, "kl": 0.0, "n": 0}
        if time.time() - t_check > args.check_minutes * 60:
            v = check(model, two, xv, xf)
            v.update(step=step, minutes=round(elapsed / 60, 2))
            history.append(v)
            print("valid", json.dumps(v), flush=True)
            save(last)
            t_check = time.time()
    v = check(model, two, xv, xf)
    v.update(step=step, minutes=round(elapsed / 60, 2))
    history.append(v)
    print("valid", json.dumps(v), flush=True)
    save(last)
    save(ckdir / "final.pt", final=True)
    print(f"done {args.name}-codes: {step} steps, {elapsed / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
