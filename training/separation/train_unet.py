"""Train the separation U-Net (unet.py) on songs made by generate.py (issue 17).

    nice -n 10 /work/venv/bin/python training/separation/train_unet.py --data /tmp/stems_data \
        --checkpoint /tmp/sep/unet.pt --log training/separation/results/train.jsonl --steps 2000 --threads 1 --resume

Examples: random 3-second crops (256 frames at hop 512), stereo. Half of the examples are a song's own stems at
one offset; the other half mix each stem from a different random song and offset (Open-Unmix's random-mix
augmentation). Each stem gets a random gain of −6…+3 dB and a random left/right swap. The loss is L1 on the
masked magnitudes of the first BINS bins, per stem, each stem's L1 divided by that stem's mean target magnitude in
the batch (so the quieter vocals and bass weigh as much as drums and other; without it the first run's vocal
mask collapsed to ~0), averaged over the stems. Adam, learning rate --lr held for the first --hold of the steps,
then a cosine down to --lr-min at --steps. --schedule-start S with --resume continues a finished run with a fresh
schedule from step S (a warm restart), the run's step count carrying on.

The song folders are re-scanned every 200 steps (the generator may still be adding songs). The checkpoint
(model, optimiser, step, RNG state) is written atomically every --save-minutes and at the end; --resume picks
it up. Every line of --log is JSON: {"step", "loss", "lr", "seconds"} per step and {"step", "valid", "valid_l1"} (the
balanced loss and the plain L1 per stem on a fixed batch of valid-split crops, BatchNorm in evaluation mode) at
each checkpoint.
"""
import argparse
import glob
import json
import math
import os
import sys
import time

import numpy as np
import soundfile
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from unet import BINS, HOP, MULTIPLE, STEMS, UNet, stft  # noqa: E402

FRAMES = 256                        # model frames per crop
SAMPLES = (FRAMES - 1) * HOP        # center=True STFT of this many samples gives FRAMES frames


def scan(data, split):
    return sorted(os.path.dirname(p) for p in glob.glob(os.path.join(data, split, "*", "song.json")))


def read(folder, stem, rng):
    total = soundfile.info(os.path.join(folder, "mixture.wav")).frames
    start = int(rng.integers(0, max(1, total - SAMPLES)))
    audio, _ = soundfile.read(os.path.join(folder, f"{stem}.wav"), start=start, frames=SAMPLES, dtype="float32", always_2d=True)
    if audio.shape[0] < SAMPLES:
        audio = np.pad(audio, ((0, SAMPLES - audio.shape[0]), (0, 0)))
    return audio.T[:2], start


def example(folders, rng, augment=True):
    """One stereo example: stems (4, 2, SAMPLES)."""
    if not augment or rng.random() < 0.5:
        folder = folders[int(rng.integers(len(folders)))]
        total = soundfile.info(os.path.join(folder, "mixture.wav")).frames
        start = int(rng.integers(0, max(1, total - SAMPLES)))
        stems = []
        for s in STEMS:
            a, _ = soundfile.read(os.path.join(folder, f"{s}.wav"), start=start, frames=SAMPLES, dtype="float32", always_2d=True)
            stems.append(np.pad(a, ((0, SAMPLES - a.shape[0]), (0, 0))).T[:2])
    else:
        stems = [read(folders[int(rng.integers(len(folders)))], s, rng)[0] for s in STEMS]
    stems = np.stack(stems)
    if augment:
        stems *= (10 ** (rng.uniform(-6, 3, size=(4, 1, 1)) / 20)).astype(np.float32)
        for i in range(4):
            if rng.random() < 0.5:
                stems[i] = stems[i, ::-1]
    return stems


def batch_of(folders, rng, size, augment=True):
    stems = torch.from_numpy(np.stack([example(folders, rng, augment) for _ in range(size)]))   # (B, 4, 2, S)
    mix = stems.sum(1)
    return stft(mix)[..., :BINS].abs(), stft(stems)[..., :BINS].abs()   # (B, 2, F, BINS), (B, 4, 2, F, BINS)


def stem_l1(model, mix, target):
    """Plain L1 of the masked magnitudes per stem: (4,)."""
    return (model(torch.log1p(mix)) * mix.unsqueeze(1) - target).abs().mean(dim=(0, 2, 3, 4))


def loss_of(model, mix, target):
    """The balanced loss: each stem's L1 over its mean target magnitude (a constant), averaged over the stems."""
    scale = target.mean(dim=(0, 2, 3, 4)).clamp_min(1e-3 * target.mean().item() + 1e-8).detach()
    return (stem_l1(model, mix, target) / scale).mean()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--lr-min", type=float, default=1e-5)
    p.add_argument("--hold", type=float, default=0.4, help="fraction of --steps at the full rate before the cosine")
    p.add_argument("--save-minutes", type=float, default=3.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--schedule-start", type=int, default=0,
                   help="a warm restart: the schedule (--lr held for --hold, then the cosine) runs from this step to --steps")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    assert FRAMES % MULTIPLE == 0
    folders = scan(args.data, "train")
    if not folders:
        raise SystemExit(f"{args.data}: no training songs (train/<seed>/song.json)")
    torch.manual_seed(0)
    model = UNet()
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    state = {"step": 0, "rng": np.random.default_rng(0).bit_generator.state, "seconds": 0.0}
    if args.resume and os.path.exists(args.checkpoint):
        saved = torch.load(args.checkpoint, weights_only=False)
        model.load_state_dict(saved["model"])
        optimiser.load_state_dict(saved["optimiser"])
        state = saved["state"]
        print(f"resumed at step {state['step']}", flush=True)
    elif os.path.exists(args.log):
        os.remove(args.log)
    rng = np.random.default_rng()
    rng.bit_generator.state = state["rng"]
    valid = scan(args.data, "valid") or folders
    held_out = batch_of(valid, np.random.default_rng(1234), 16, augment=False)
    log = open(args.log, "a")

    def evaluate():
        model.eval()
        with torch.no_grad():
            v = loss_of(model, *held_out).item()
            per = [round(x, 5) for x in stem_l1(model, *held_out).tolist()]
        model.train()
        log.write(json.dumps({"step": state["step"], "valid": v, "valid_l1": dict(zip(STEMS, per))}) + "\n")
        log.flush()
        print(f"step {state['step']} valid {v:.5f} per stem L1 {per}", flush=True)

    def save():
        state["rng"] = rng.bit_generator.state
        os.makedirs(os.path.dirname(os.path.abspath(args.checkpoint)), exist_ok=True)
        torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(), "state": state}, args.checkpoint + ".tmp")
        os.replace(args.checkpoint + ".tmp", args.checkpoint)

    if state["step"] == 0:
        evaluate()
    print(f"{len(folders)} training songs, {sum(p.numel() for p in model.parameters())} parameters", flush=True)
    last_save = time.time()
    while state["step"] < args.steps:
        if state["step"] % 200 == 0:
            folders = scan(args.data, "train")
        started = time.time()
        span = args.steps - args.schedule_start
        hold = args.schedule_start + args.hold * span
        progress = max(0.0, (state["step"] - hold) / max(1.0, args.steps - hold))
        lr = args.lr_min + (args.lr - args.lr_min) * 0.5 * (1 + math.cos(math.pi * progress))
        for group in optimiser.param_groups:
            group["lr"] = lr
        mix, target = batch_of(folders, rng, args.batch)
        loss = loss_of(model, mix, target)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        state["step"] += 1
        state["seconds"] += time.time() - started
        log.write(json.dumps({"step": state["step"], "loss": round(loss.item(), 6), "lr": round(lr, 7),
                              "seconds": round(state["seconds"], 1)}) + "\n")
        if state["step"] % 20 == 0:
            log.flush()
            print(f"step {state['step']} loss {loss.item():.5f} ({time.time() - started:.2f} s)", flush=True)
        if time.time() - last_save > args.save_minutes * 60 or state["step"] == args.steps:
            evaluate()
            save()
            last_save = time.time()


if __name__ == "__main__":
    main()
