"""Train a melody VAE (2-bar flat or 16-bar hierarchical) on CPU, resumably.

  python train.py --bars 2  --minutes 50        # starts, or resumes from checkpoints/<name>/last.pt
  python train.py --bars 16 --minutes 55

Loss (MusicVAE): cross-entropy summed over steps + beta * max(KL - free_bits, 0), KL summed over z dims,
beta = max_beta * (1 - beta_rate ** step). Batches are drawn with a generator seeded by (seed, step), so a
resumed run sees the same batches it would have seen without the interruption. Transposition augmentation
(train only): each window shifted by a uniform random -5..+5 semitones (kept when it stays inside MIDI 21..108).
--minutes is the total training wall-time budget across resumes; a checkpoint is written every
--checkpoint-minutes and at the end.

Warm starts and MusicVAE's training aids (all optional):
  --init CKPT          start from another checkpoint's weights (tensors with the same name and shape). A 2-bar
                       checkpoint given to the 16-bar model seeds its bar decoder with the 2-bar decoder
                       (decoder.init -> decoder.bar_init, decoder.lstm, decoder.out) and its encoder's block level
                       with the 2-bar encoder (encoder.lstm, encoder.mu -> encoder.block); the 16-bar preset has
                       melody-vae-2bar's sizes there.
  --schedule inverse_sigmoid --sampling-rate K
                       scheduled sampling as MusicVAE's configs: probability 1 - K / (K + exp(step / K)) of
                       feeding the decoder its own sampled output instead of the true previous event, capped at
                       --max-sample-prob (fully free-running training cost the small 2-bar model teacher-forced
                       accuracy: 0.97 -> 0.90 on part of the test split after 15 minutes at probability 1).
  --distill CKPT --distill-weight W
                       16-bar only: pull the conductor's embedding of each bar b toward the 2-bar model's mu of
                       bars b..b+1 (bar 15: bar 15 and a bar of no-event), squared error over z divided by twice
                       the 2-bar posterior's variance (as pretrain_codes.py), weight W fading linearly to 0 at half
                       the budget, so the warm-started bar decoder is handed codes it already reads.
  --mix folk=0.35,bach=0.15,palestrina=0.5
                       draw each batch's windows by group share (uniform within a group) instead of uniformly
                       over windows (the 16-bar set is 92 % Palestrina); evaluation still weights by test share.
  --medleys            16-bar only: add dataset.py's medley windows (folk and Bach runs of the train split joined
                       end to end, 62 k windows) to the training set; validation and test stay real windows.
  --medley-keys        with --medleys: the keyed medleys instead (each run transposed into the key of the run
                       before it, so no window changes key at a join; dataset.py's docstring).
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
import torch.nn.functional as F

import dataset
from evaluate import load_model
from model import MelodyVAE, kl_divergence

HERE = Path(__file__).resolve().parent

PRESETS = {
    2: dict(bars=2, enc_hidden=256, z=128, dec_hidden=192, dec_layers=2, batch=128, lr=1e-3, free_bits=48.0,
            max_beta=0.2, beta_rate=0.999),
    # The bar decoder has the 2-bar decoder's shape (embedding 128 = its z, LSTM 192 x 2) so that --init can
    # seed it from melody-vae-2bar.
    # Likewise the encoder's block level (2-bar blocks, BiLSTM 256, block code 128) has the 2-bar encoder's shape.
    # The top (BiLSTM 512 over block codes -> z 512 -> conductor 512) is wide enough to carry all eight blocks'
    # codes (the 2-bar model spends ~42 nats on each; z 256 with 256 free bits capped the v4 model at 254).
    # enc_flat adds a linear path from all eight codes to mu and sigma: the BiLSTM's final states alone kept the
    # middle blocks worst (docs/models/melody-vae.md, "Why a direct path").
    16: dict(bars=16, hierarchical=True, enc_hidden=256, enc_block_steps=32, enc_block_z=128, enc_top_hidden=512,
             enc_flat=True, z=512, cond_hidden=512, cond_layers=1, cond_proj=128,
             dec_hidden=192, dec_layers=2, batch=32, lr=1e-3, free_bits=512.0, max_beta=0.2, beta_rate=0.999),
}


def sampling_probability(cfg: dict, step: int, frac: float) -> float:
    if cfg.get("schedule") == "inverse_sigmoid":
        k = cfg["sampling_rate"]
        return min(cfg.get("max_sample_prob", 1.0), 1.0 - k / (k + math.exp(min(step / k, 50.0))))
    return cfg["sample_prob"] * max(0.0, (frac - 0.5) / 0.5)


def warm_start(model: MelodyVAE, path: str) -> list:
    """Copy tensors from checkpoint `path` whose name (after the 2-bar -> hierarchical renames) and shape match."""
    src = torch.load(path, weights_only=False)
    sd = src["model"]
    if model.cfg.get("hierarchical") and not src["cfg"].get("hierarchical"):
        # 2-bar -> 16-bar: the 2-bar decoder becomes the bar decoder, the 2-bar encoder the block level.
        renames = {"decoder.init.": "decoder.bar_init.", "decoder.lstm.": "decoder.lstm.", "decoder.out.": "decoder.out.",
                   "encoder.lstm.": "encoder.lstm.", "encoder.mu.": "encoder.block."}
        sd = {new + k.removeprefix(old): v for k, v in sd.items()
              for old, new in renames.items() if k.startswith(old)}
    own = model.state_dict()
    copied = [k for k, v in sd.items() if k in own and own[k].shape == v.shape]
    own.update({k: sd[k] for k in copied})
    model.load_state_dict(own)
    return copied


def sliding_blocks(x: torch.Tensor) -> torch.Tensor:
    """[B, 16 * bars] windows -> [B, bars, 32]: for each bar b, bars b..b+1 (the last padded with a bar of no-event)."""
    pad = torch.cat([x, torch.zeros_like(x[:, :16])], 1)
    return torch.stack([pad[:, 16 * b:16 * b + 32] for b in range(x.shape[1] // 16)], 1)


def code_weight(sigma: torch.Tensor) -> torch.Tensor:
    """How much an error in each value of a 2-bar code costs: 1 / (2 sigma^2), the 2-bar posterior's own noise
    units, with sigma clamped at 0.02."""
    return 1.0 / (2.0 * sigma.float().clamp(min=0.02) ** 2)


def distill_targets(teacher: MelodyVAE, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The 2-bar teacher's mu of each bar's sliding block (`sliding_blocks`) of each window, [B, bars, z2], and
    the weight of each value (`code_weight`)."""
    with torch.no_grad():
        mu, sigma = teacher.encoder(sliding_blocks(x).reshape(-1, 32))
    shape = (x.shape[0], x.shape[1] // 16, -1)
    return mu.float().view(shape), code_weight(sigma).view(shape)


def transpose(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Shift each window's note-ons by a random -5..+5 semitones when the result stays in range."""
    shift = torch.randint(-5, 6, (x.shape[0], 1), generator=gen)
    notes = x >= 2
    lo = torch.where(notes, x, torch.full_like(x, 1000)).min(1, keepdim=True).values
    hi = torch.where(notes, x, torch.full_like(x, -1)).max(1, keepdim=True).values
    ok = (lo + shift >= 2) & (hi + shift <= 89)
    shift = torch.where(ok, shift, torch.zeros_like(shift))
    return torch.where(notes, x + shift, x)


def loss_terms(model, x, sample_prob=0.0, targets=None):
    logits, mu, sigma, z = model(x, sample_prob)
    logits, mu, sigma = logits.float(), mu.float(), sigma.float()  # loss in fp32 under --bf16 autocast
    rec = F.cross_entropy(logits.reshape(-1, 90), x.reshape(-1), reduction="none").view(x.shape).sum(1)
    kl = kl_divergence(mu, sigma)
    acc = (logits.argmax(-1) == x).float().mean()
    distill = None
    if targets is not None:
        mu2, weight = targets
        distill = ((model.decoder.conduct(z).float() - mu2).pow(2) * weight).sum((1, 2)).mean()
    return rec, kl, acc, distill


@torch.no_grad()
def validate(model, xv) -> dict:
    model.eval()
    recs, kls, accs = [], [], []
    for i in range(0, len(xv), 256):
        x = xv[i:i + 256]
        mu, sigma = model.encoder(x)
        logits = model.decoder(mu, x)  # teacher forced from the mean, as the evaluation does
        recs.append(F.cross_entropy(logits.reshape(-1, 90), x.reshape(-1), reduction="none").view(x.shape).sum(1))
        kls.append(kl_divergence(mu, sigma))
        accs.append((logits.argmax(-1) == x).float().mean(1))
    model.train()
    return {"rec": torch.cat(recs).mean().item(), "kl": torch.cat(kls).mean().item(),
            "acc_tf": torch.cat(accs).mean().item()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bars", type=int, choices=(2, 16), required=True)
    ap.add_argument("--name", default=None, help="run name (default melody-vae-<bars>bar)")
    ap.add_argument("--minutes", type=float, default=50.0, help="total training wall time across resumes")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (shared machine: 1)")
    ap.add_argument("--checkpoint-minutes", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--free-bits", type=float, default=None)
    ap.add_argument("--max-beta", type=float, default=None)
    ap.add_argument("--sample-prob", type=float, default=0.0,
                    help="final scheduled-sampling probability, ramped linearly over the second half of the budget")
    ap.add_argument("--schedule", choices=("linear", "inverse_sigmoid"), default="linear")
    ap.add_argument("--sampling-rate", type=float, default=1000.0, help="K of the inverse-sigmoid schedule")
    ap.add_argument("--max-sample-prob", type=float, default=1.0, help="cap on the inverse-sigmoid probability")
    ap.add_argument("--init", default=None, help="checkpoint to warm-start from (fresh runs only)")
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--distill", default=None, help="2-bar checkpoint whose encoder guides the conductor")
    ap.add_argument("--distill-weight", type=float, default=1.0)
    ap.add_argument("--valid-every", type=int, default=200)
    ap.add_argument("--mix", default="", help="share of training draws per group, e.g. "
                                               "folk=0.35,bach=0.15,palestrina=0.5 (default: uniform over windows)")
    ap.add_argument("--medley-keys", action="store_true",
                    help="with --medleys: the keyed medleys (each joined run transposed into the key of the one before)")
    ap.add_argument("--medleys", action="store_true",
                    help="16-bar: also train on the medley windows (train-split folk and Bach runs joined end to end)")
    ap.add_argument("--bf16", action="store_true",
                    help="bfloat16 autocast for the forward pass (fp32 master weights; ~1.7x one thread, ~2.8x "
                         "two threads on this AVX512-BF16 CPU); validation and export stay fp32")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cfg = dict(PRESETS[args.bars])
    if args.free_bits is not None:
        cfg["free_bits"] = args.free_bits
    if args.max_beta is not None:
        cfg["max_beta"] = args.max_beta
    cfg["sample_prob"] = args.sample_prob
    cfg["bf16"] = args.bf16
    cfg["schedule"] = args.schedule
    if args.schedule == "inverse_sigmoid":
        cfg["sampling_rate"], cfg["max_sample_prob"] = args.sampling_rate, args.max_sample_prob
    if args.lr is not None:
        cfg["lr"] = args.lr
    if args.init:
        cfg["init"] = str(args.init)
    if args.distill:
        cfg["distill"], cfg["distill_weight"] = str(args.distill), args.distill_weight
    if args.mix:
        cfg["mix"] = dataset.parse_mix(args.mix)
    if args.medleys:
        cfg["medleys"] = "keyed" if args.medley_keys else True
    name = args.name or f"melody-vae-{args.bars}bar"
    ckdir = HERE / "checkpoints" / name
    ckdir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)
    model = MelodyVAE(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    step, elapsed, history = 0, 0.0, []
    last = ckdir / "last.pt"
    if last.exists():
        ck = torch.load(last, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed, history = ck["step"], ck["elapsed"], ck["history"]
        cfg = ck["cfg"]
        torch.set_rng_state(ck["rng"])
        print(f"resumed {name} at step {step}, {elapsed / 60:.1f} min trained", flush=True)
    elif cfg.get("init"):
        copied = warm_start(model, cfg["init"])
        print(f"warm start from {cfg['init']}: {len(copied)} tensors", flush=True)
    data = dataset.load(args.bars, medley=cfg.get("medleys", False))  # a resumed run keeps its own data
    xt = torch.from_numpy(data["train"].astype(np.int64))
    xv = torch.from_numpy(data["valid"].astype(np.int64))
    gv = torch.Generator().manual_seed(0)
    xv = xv[torch.randperm(len(xv), generator=gv)[:1024]]
    teacher = None
    if cfg.get("distill"):
        teacher = load_model(Path(cfg["distill"]))
    probs = torch.from_numpy(dataset.mix_probabilities(dataset.window_groups(data, "train"), cfg.get("mix", {})))
    print(f"{name}: {model.params()} parameters, train {len(xt)} windows, cfg {json.dumps(cfg)}", flush=True)

    def save():
        tmp = ckdir / "last.pt.tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                    "history": history, "cfg": cfg, "rng": torch.get_rng_state(), "threads": args.threads}, tmp)
        os.replace(tmp, last)

    budget = args.minutes * 60.0
    t_ck = time.time()
    t0 = time.time() - elapsed
    model.train()
    run_loss = run_acc = run_kl = run_distill = 0.0
    n = 0
    while elapsed < budget:
        g = torch.Generator().manual_seed(args.seed * 1_000_003 + step)
        idx = torch.multinomial(probs, cfg["batch"], replacement=True, generator=g)
        x = transpose(xt[idx], g)
        beta = cfg["max_beta"] * (1.0 - cfg["beta_rate"] ** step)
        frac = elapsed / budget
        sp = sampling_probability(cfg, step, frac)
        dw = cfg.get("distill_weight", 0.0) * max(0.0, 1.0 - frac / 0.5) if teacher is not None else 0.0
        lr = cfg["lr"] * max(0.1, 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))  # cosine to 10 %
        for pg in opt.param_groups:
            pg["lr"] = lr
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.get("bf16", False)):
            targets = distill_targets(teacher, x) if dw > 0 else None
            rec, kl, acc, distill = loss_terms(model, x, sp, targets)
        rec, kl = rec.float(), kl.float()
        kl_mean = kl.mean()
        loss = rec.mean() + beta * torch.clamp(kl_mean - cfg["free_bits"], min=0.0)
        if distill is not None:
            loss = loss + dw * distill
            run_distill += distill.item()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - t0
        run_loss += rec.mean().item(); run_acc += acc.item(); run_kl += kl_mean.item(); n += 1
        if step % 50 == 0:
            print(f"step {step} {elapsed / 60:5.1f}min rec {run_loss / n:.3f} kl {run_kl / n:.2f} acc {run_acc / n:.4f} "
                  f"beta {beta:.3f} lr {lr:.2e} sp {sp:.2f} distill {run_distill / n:.2f} w {dw:.2f}", flush=True)
            run_loss = run_acc = run_kl = run_distill = 0.0
            n = 0
        if step % args.valid_every == 0:
            v = validate(model, xv)
            v.update(step=step, minutes=round(elapsed / 60, 2))
            history.append(v)
            print("valid", json.dumps(v), flush=True)
        if time.time() - t_ck > args.checkpoint_minutes * 60:
            save()
            t_ck = time.time()
    v = validate(model, xv)
    v.update(step=step, minutes=round(elapsed / 60, 2))
    history.append(v)
    print("valid", json.dumps(v), flush=True)
    save()
    torch.save({"model": model.state_dict(), "cfg": cfg, "step": step, "elapsed": elapsed, "history": history},
               ckdir / "final.pt")
    print(f"done {name}: {step} steps, {elapsed / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
