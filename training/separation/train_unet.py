"""Spectrogram U-Net predicting soft masks for vocals, drums, bass and other (issue 17).

`train_unet.py --data DIR --checkpoint ckpt.pt --steps N` trains on DIR/train/<seed>/ songs made
by generate.py: random crops of the mixture, magnitude STFT (n_fft 4096, hop 1024, the first
1536 bins ≈ 16.5 kHz modelled, the top bins take the masks' last row so stems still sum to the
mix), log-compressed input, a 4-level Spleeter-style U-Net (5×5 stride-2 convs, BatchNorm, ELU,
transposed convs with skips), softmax over the four stems so the masks sum to one, L1 loss on
the masked magnitudes. Each channel of a stereo crop is one example. The checkpoint (model,
optimiser, step, RNG, loss log) is written atomically every `--save-every` steps and resumed.
"""
import argparse
import glob
import json
import os
import time

import numpy as np
import soundfile
import torch
import torch.nn as nn

STEMS = ("vocals", "drums", "bass", "other")
N_FFT, HOP, BINS = 4096, 1024, 1536


class UNet(nn.Module):
    def __init__(self, channels=(16, 32, 64, 128), stems=len(STEMS)):
        super().__init__()
        self.down = nn.ModuleList()
        previous = 1
        for c in channels:
            self.down.append(nn.Sequential(nn.Conv2d(previous, c, 5, stride=2, padding=2), nn.BatchNorm2d(c), nn.ELU()))
            previous = c
        self.up = nn.ModuleList()
        for i in reversed(range(len(channels))):
            out = channels[i - 1] if i > 0 else 16
            inputs = channels[i] * (1 if i == len(channels) - 1 else 2)
            self.up.append(nn.Sequential(nn.ConvTranspose2d(inputs, out, 5, stride=2, padding=2, output_padding=1),
                                         nn.BatchNorm2d(out), nn.ELU()))
        self.head = nn.Conv2d(16 + 1, stems, 3, padding=1)

    def forward(self, x):  # x: (B, 1, frames, bins), frames and bins multiples of 16
        skips, h = [], x
        for layer in self.down:
            h = layer(h)
            skips.append(h)
        skips.pop()
        for layer in self.up:
            h = layer(h)
            if skips:
                h = torch.cat([h, skips.pop()], dim=1)
        return torch.softmax(self.head(torch.cat([h, x], dim=1)), dim=1)


def crops(folders, rng, seconds, batch):
    """`batch` mono examples: (mixture, stems) magnitude spectrograms (B, frames, BINS), (B, 4, frames, BINS)."""
    frames = int(seconds * 44100)
    window = torch.hann_window(N_FFT)
    mixes, targets = [], []
    while len(mixes) < batch:
        folder = folders[int(rng.integers(len(folders)))]
        total = soundfile.info(os.path.join(folder, "mixture.wav")).frames
        start = int(rng.integers(0, max(1, total - frames)))
        audio = [soundfile.read(os.path.join(folder, f"{s}.wav"), start=start, frames=frames, dtype="float32")[0] for s in STEMS]
        mix = sum(audio)
        for c in range(2):
            spec = lambda x: torch.stft(torch.from_numpy(np.ascontiguousarray(x[:, c])), N_FFT, HOP, window=window, return_complex=True).abs().T[:, :BINS]
            m = spec(mix)
            usable = m.shape[0] // 16 * 16
            mixes.append(m[:usable])
            targets.append(torch.stack([spec(a)[:usable] for a in audio]))
    return torch.stack(mixes[:batch]), torch.stack(targets[:batch])


def held_out_loss(model, batch):
    """The L1 loss on a fixed batch, in evaluation mode (BatchNorm's running statistics)."""
    mix, target = batch
    model.eval()
    with torch.no_grad():
        loss = (model(torch.log1p(mix).unsqueeze(1)) * mix.unsqueeze(1) - target).abs().mean().item()
    model.train()
    return loss


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True)
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--save-every", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    folders = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(args.data, "train", "*", "song.json")))
    if not folders:
        raise SystemExit(f"{args.data}: no training songs (train/<seed>/song.json)")
    torch.manual_seed(0)
    model = UNet()
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    state = {"step": 0, "log": [], "rng": np.random.default_rng(0).bit_generator.state}
    if os.path.exists(args.checkpoint):
        saved = torch.load(args.checkpoint, weights_only=False)
        model.load_state_dict(saved["model"])
        optimiser.load_state_dict(saved["optimiser"])
        state = saved["state"]
        print(f"resumed at step {state['step']}")
    rng = np.random.default_rng()
    rng.bit_generator.state = state["rng"]
    # A fixed batch from the valid songs (train if there are none), the same on every run.
    valid = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(args.data, "valid", "*", "song.json"))) or folders
    held_out = crops(valid, np.random.default_rng(1234), args.seconds, 8)
    if state["step"] == 0:
        state["held_out"] = [[0, held_out_loss(model, held_out)]]
        print(f"step 0 held-out loss {state['held_out'][0][1]:.5f}", flush=True)
    print(f"{len(folders)} training songs, {sum(p.numel() for p in model.parameters())} parameters", flush=True)
    while state["step"] < args.steps:
        started = time.time()
        mix, target = crops(folders, rng, args.seconds, args.batch)
        masks = model(torch.log1p(mix).unsqueeze(1))
        loss = (masks * mix.unsqueeze(1) - target).abs().mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        state["step"] += 1
        state["log"].append([state["step"], loss.item()])
        print(f"step {state['step']} loss {loss.item():.5f} ({time.time() - started:.1f} s)", flush=True)
        if state["step"] % args.save_every == 0 or state["step"] == args.steps:
            state.setdefault("held_out", []).append([state["step"], held_out_loss(model, held_out)])
            print(f"step {state['step']} held-out loss {state['held_out'][-1][1]:.5f}", flush=True)
            state["rng"] = rng.bit_generator.state
            torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(), "state": state}, args.checkpoint + ".tmp")
            os.replace(args.checkpoint + ".tmp", args.checkpoint)


if __name__ == "__main__":
    main()
