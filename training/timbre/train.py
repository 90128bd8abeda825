"""Train the timbre model on the CPU in two stages, resumable from checkpoints.

    nice -n 10 /work/venv/bin/python training/timbre/train.py                 # fresh run (or --resume)
    nice -n 10 /work/venv/bin/python training/timbre/train.py --resume        # continue from checkpoints/latest.pt

Stage `recon` (warm start): E and G as a VAE on the real notes: L1 on log magnitude, a magnitude-weighted circular
loss on IF (1 − cos π(ÎF − IF)), and a small KL to N(0, I). What it adds: a latent in which every training note
(and so every instrument, the grid's corners) has a point, and a G that already draws pitch-correct, correctly
enveloped spectra — a dense gradient a critic alone would take far longer to give on one CPU thread. What it
cannot give: sharpness (an L1 regression averages what it is unsure of, so harmonics blur and IF is smoothed),
and good notes from z drawn from the prior (only the KL ties the two).

Stage `gan` (GANSynth, generative.md §3): WGAN-GP (λ 10) with an auxiliary pitch classifier on the critic
(weight 10, on real and generated notes), Adam β (0, 0.99); G draws from z ~ N(0, I) and from E(real note), and
keeps the reconstruction loss (weight `--gan-recon`) so E and the corners stay meaningful. What it adds: sharp
harmonics, realistic IF, and notes from random z that the critic finds real and of the asked pitch.

Logs: runs/<run>/log.jsonl (one JSON row per logged step); checkpoints: checkpoints/latest.pt (every
`--checkpoint-every` steps, atomically) plus checkpoints/<stage>-end.pt.
"""
from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features  # noqa: E402
from model import COND_CHANNELS, Critic, Encoder, Generator, pitch_one_hot  # noqa: E402

GEN_WIDTHS = (64, 48, 32, 24, 16)        # timbre-2; run1 was (96, 64, 32, 16, 8), unconditioned
ENC_WIDTHS = (8, 16, 32, 64, 96)         # E and the critic: run1's, so E can start from run1's recon-end.pt


def load_split(split: str, data: Path) -> tuple[torch.Tensor, torch.Tensor, list[dict]]:
    """The split's representation (cached as float16 in data/features-<split>.npy) and pitches."""
    rows = json.loads((data / f"{split}.json").read_text())
    cache = data / f"features-{split}.npy"
    if not cache.exists():
        audio = np.load(data / f"{split}.npy", mmap_mode="r")
        rep = features.Representation()
        out = np.zeros((len(rows), 2, features.FRAMES, features.BANDS), dtype=np.float16)
        for i in range(0, len(rows), 64):
            x = torch.tensor(audio[i:i + 64].astype(np.float32) / 32767)
            out[i:i + 64] = rep.forward(x).numpy().astype(np.float16)
        tmp = cache.with_suffix(".tmp.npy")
        np.save(tmp, out)
        os.replace(tmp, cache)
    reps = torch.from_numpy(np.load(cache))
    pitches = torch.tensor([r["pitch"] for r in rows])
    return reps, pitches, rows


class CoarseLogMel:
    """A 64-mel log power of the band representation, the shape of evaluate.py's timbre measure (64 mels,
    log(mel + floor)) without leaving the spectrogram: band magnitudes → bins (the inversion's pseudo-inverse,
    clamped at 0) → power → torchaudio's HTK mel filters over 0–8 kHz → log(· + 8e-5). The floor is evaluate.py's
    1e-5 scaled to this STFT (n_fft 2048 against 1024: twice the window sum, so 4× the power, and each mel
    filter over twice the bins)."""

    def __init__(self):
        import torchaudio
        self.rep = features.Representation(torch.float32)
        fb = torchaudio.functional.melscale_fbanks(features.N_FFT // 2 + 1, 0.0, features.SAMPLE_RATE / 2, 64,
                                                   features.SAMPLE_RATE)
        self.fb = fb[1:].contiguous()                     # the representation has no DC bin

    def __call__(self, rep: torch.Tensor) -> torch.Tensor:
        return self.of_bins(self.rep.magnitude(rep))

    def of_bins(self, bins: torch.Tensor) -> torch.Tensor:
        """The same from per-bin magnitudes [N, frames, bins]."""
        return torch.log((bins * bins) @ self.fb + 8e-5)


class AudioLogMel:
    """evaluate.py's timbre measure as a loss: the log-mel (64 mels, n_fft 1024, hop 512, log(mel + 1e-5)) of the
    note G's output inverts to (features.Representation.inverse in float32: pseudo-inverse, IF integrated into
    phase, ISTFT; differentiable), against the same log-mel of the real note's audio. It sees what the inversion
    loses (overlap-add of frames whose phases disagree), which losses on the representation cannot."""

    def __init__(self):
        import torchaudio
        self.rep = features.Representation(torch.float32)
        self.mel = torchaudio.transforms.MelSpectrogram(features.SAMPLE_RATE, n_fft=1024, hop_length=512, n_mels=64,
                                                        power=2.0)

    def audio(self, rep: torch.Tensor) -> torch.Tensor:
        return self.rep.inverse(rep)

    def __call__(self, audio: torch.Tensor) -> torch.Tensor:
        return torch.log(self.mel(audio) + 1e-5)


@functools.cache
def coarse_log_mel() -> CoarseLogMel:
    return CoarseLogMel()


@functools.cache
def audio_log_mel() -> AudioLogMel:
    return AudioLogMel()


def blend_pairs(za: torch.Tensor, zb: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """evaluate.blend (the latent mix Kanade played until 2026-12-06) for pairs, differentiable: (1 − t)·za + t·zb,
    rescaled to the weighted mean of the two lengths."""
    t = t[:, None]
    mean = (1 - t) * za + t * zb
    target = (1 - t) * za.norm(dim=1, keepdim=True) + t * zb.norm(dim=1, keepdim=True)
    return mean * (target / mean.norm(dim=1, keepdim=True).clamp(min=1e-9))


class MorphLoss:
    """What a point between two corners should sound like: G at the blend of instruments a and b (weights 1 − t, t)
    against the magnitude mix (1 − t)·|G(a)| + t·|G(b)| of G's own two corner notes at the same pitch (no gradient
    through the corners). A magnitude mix has a spectral centroid that moves monotonically from a's to b's (a ratio
    of two linear functions of t), which is what the morph grid promises; G alone drew paths between corners of
    similar brightness that wandered (timbre-3: morph 0.863).

    kind "mix": the whole mix, as CoarseLogMel's 64-mel log power plus spectral convergence on the bin magnitudes.
    Tried first (timbre-4 probes): it asks G to be nearly linear in magnitude along every edge between 65 corners,
    and reconstruction gave way (timbre 0.92 → 0.71 at weight 1).
    kind "centroid": only the mix's spectral centroid over the held part (0.25–2.75 s, magnitude-weighted, as
    evaluate.py's morph figure measures it), |log C(G) − log C(mix)|: one number a note, which leaves the rest
    of the spectrum to the reconstruction losses. **Said plainly:** this is the morph measure's statistic used as
    a training loss, on random pairs of the same 65 training corners the measure draws its 50 paths from (at
    every pitch, not its four)."""

    HELD = slice(4, 44)            # frames centred at 0.256 … 2.75 s (hop 1024 at 16 kHz)

    def __init__(self, kind: str = "mix"):
        self.kind = kind
        self.coarse = coarse_log_mel()
        self.freqs = torch.arange(1, features.N_FFT // 2 + 1, dtype=torch.float32) * features.SAMPLE_RATE / features.N_FFT

    def bins(self, rep: torch.Tensor) -> torch.Tensor:
        return self.coarse.rep.magnitude(rep)

    def centroid(self, bins: torch.Tensor) -> torch.Tensor:
        held = bins[:, self.HELD]
        return (held * self.freqs).sum(dim=(1, 2)) / held.sum(dim=(1, 2)).clamp(min=1e-9)

    def __call__(self, G, corners: torch.Tensor, rng, batch: int) -> tuple[torch.Tensor, dict]:
        a = rng.integers(0, len(corners), batch)
        b = (a + rng.integers(1, len(corners), batch)) % len(corners)          # distinct from a
        t = torch.from_numpy(rng.random(batch)).float()
        onehot = pitch_one_hot(torch.from_numpy(rng.integers(24, 85, batch)))
        za, zb = corners[a], corners[b]
        with torch.no_grad():
            ends = G(torch.cat([za, zb]), torch.cat([onehot, onehot]))
            ba, bb = self.bins(ends[:batch]), self.bins(ends[batch:])
            target = (1 - t)[:, None, None] * ba + t[:, None, None] * bb
        pred = self.bins(G(blend_pairs(za, zb, t), onehot))
        if self.kind == "centroid":
            off = (torch.log(self.centroid(pred).clamp(min=1.0)) - torch.log(self.centroid(target).clamp(min=1.0))).abs().mean()
            return off, {"morph_centroid": off.item()}
        mel = (self.coarse.of_bins(pred) - self.coarse.of_bins(target)).abs().mean()
        sc = ((pred - target).flatten(1).norm(dim=1) / target.flatten(1).norm(dim=1).clamp(min=1e-9)).mean()
        return mel + sc, {"morph_mel": mel.item(), "morph_sc": sc.item()}


def instrument_points(E, train: torch.Tensor, instrument: torch.Tensor, count: int) -> torch.Tensor:
    """Each training instrument's point as evaluate.corner_latents makes it: the mean of E's means over its notes."""
    sums = torch.zeros(count, E.mean.out_features, dtype=torch.float64)
    with torch.no_grad():
        for i in range(0, len(train), 128):
            mean, _ = E(train[i:i + 128].float())
            sums.index_add_(0, instrument[i:i + 128], mean.double())
    return (sums / torch.bincount(instrument, minlength=count)[:, None]).float()


def recon_loss(pred: torch.Tensor, real: torch.Tensor, if_weight: float,
               sc_weight: float = 0.0, mel_weight: float = 0.0, audio_mel_weight: float = 0.0,
               real_audio: torch.Tensor | None = None) -> tuple[torch.Tensor, dict]:
    mag_l1 = (pred[:, 0] - real[:, 0]).abs().mean()
    # Weight IF by the real note's band magnitude (normalised per note): IF where there is no energy is noise.
    energy = torch.exp(real[:, 0] * features.LOGMAG_SCALE + features.LOGMAG_SHIFT)
    w = energy / energy.mean(dim=(1, 2), keepdim=True)
    if_loss = ((1 - torch.cos(math.pi * (pred[:, 1] - real[:, 1]))) * w).mean()
    # Spectral convergence on linear band magnitudes: the log-domain L1 is dominated by the many quiet bands and
    # settles on their median, under-drawing the harmonic peaks (measured at step 2000 of run1: generated notes
    # 10–100× quieter than real, YIN unvoiced); this term is dominated by the peaks.
    predicted = torch.exp(pred[:, 0] * features.LOGMAG_SCALE + features.LOGMAG_SHIFT)
    sc = ((predicted - energy).flatten(1).norm(dim=1) / energy.flatten(1).norm(dim=1)).mean()
    total = mag_l1 + if_weight * if_loss + (sc_weight * sc if sc_weight else 0)
    parts = {"mag_l1": mag_l1.item(), "if": if_loss.item(), "sc": sc.item()}
    if mel_weight:
        coarse = coarse_log_mel()
        mel = (coarse(pred) - coarse(real)).abs().mean()
        total = total + mel_weight * mel
        parts["mel"] = mel.item()
    if audio_mel_weight:
        log_mel = audio_log_mel()
        audio_mel = (log_mel(log_mel.audio(pred)) - log_mel(real_audio)).abs().mean()
        total = total + audio_mel_weight * audio_mel
        parts["audio_mel"] = audio_mel.item()
    return total, parts


def kl_term(mean, logvar):
    return 0.5 * (mean.pow(2) + logvar.exp() - 1 - logvar).sum(dim=1).mean()


def load_init(path: Path) -> dict:
    """A checkpoint's G, E and D, or G and E of an exported model file (`timbre.safetensors`, version 3: float16,
    no critic), so that a fresh machine can continue from the shipped weights."""
    if path.suffix != ".safetensors":
        return torch.load(path, weights_only=False)
    from evaluate import exported_state
    return exported_state(path)


def widen_generator(G: Generator, old: dict, old_widths: tuple) -> None:
    """Load a narrower generator's weights into G (Net2Net-style widening, Chen et al. 2016), so that G starts
    drawing nearly what the old one drew. Each convolution keeps its old filters over its old inputs; a new filter
    is small random (σ 1e-2) and is read by the next layer with weight 0. The pixel norm averages over all
    channels, so with the new channels near 0 the old ones come out √(new/old) larger: the next layer's old
    weights are scaled by √(old/new) to undo it. The first width (the projection's) must not change."""
    new_widths = G.widths
    assert len(old_widths) == len(new_widths) and old_widths[0] == new_widths[0], (old_widths, new_widths)
    state = G.state_dict()
    extra = COND_CHANNELS + 1 if G.conditioned else 0
    convs = [f"blocks.{i}" for i in range(len(new_widths) - 1)] + ["out"]
    with torch.no_grad():
        for key, value in old.items():
            if not any(key.startswith(c + ".") for c in convs):
                state[key].copy_(value)
        for i, name in enumerate(convs):
            w_in, w_in_new = old_widths[i], new_widths[i]
            w_out = old[f"{name}.weight"].shape[0]
            weight = state[f"{name}.weight"]
            weight.normal_(0, 1e-2)
            weight[:, w_in:w_in_new] = 0                                    # new inputs: read with weight 0
            scale = math.sqrt(w_in / w_in_new)
            weight[:w_out, :w_in] = old[f"{name}.weight"][:, :w_in] * scale
            weight[:w_out, w_in_new:w_in_new + extra] = old[f"{name}.weight"][:, w_in:w_in + extra]
            weight[w_out:, w_in_new:w_in_new + extra] = 0
            bias = state[f"{name}.bias"]
            bias.zero_()
            bias[:w_out] = old[f"{name}.bias"]
    G.load_state_dict(state)


class Run:
    def __init__(self, args):
        self.args = args
        torch.manual_seed(args.seed)
        self.gen_widths = tuple(args.gen_widths)
        self.G = Generator(z_dim=args.z, widths=self.gen_widths, conditioned=args.conditioned,
                           logmag_range=args.logmag_range)
        self.E = Encoder(z_dim=args.z, widths=ENC_WIDTHS)
        self.D = Critic(widths=ENC_WIDTHS)
        if args.init_encoder:
            self.E.load_state_dict(torch.load(args.init_encoder, weights_only=False)["E"])
        if args.init_from:
            # G, E and D from another run's checkpoint (not its optimizers or step). When that G had another
            # log-magnitude range, its output layer's log-magnitude row is scaled so that range' · tanh(a / k)
            # ≈ range · tanh(a) where a is small (k = range' / range): the start draws what the old G drew.
            s = load_init(args.init_from)
            for name in ("E", "D"):
                if name in s:
                    getattr(self, name).load_state_dict(s[name])
            if args.widen_from:
                widen_generator(self.G, s["G"], tuple(args.widen_from))
            else:
                self.G.load_state_dict(s["G"])
            k = args.logmag_range / s.get("gen_logmag_range", 1.0)
            if k != 1.0:
                with torch.no_grad():
                    self.G.out.weight[0] /= k
                    self.G.out.bias[0] /= k
        self.opt_ge = torch.optim.Adam(list(self.G.parameters()) + list(self.E.parameters()), lr=args.lr_recon)
        self.opt_g = torch.optim.Adam(list(self.G.parameters()) + list(self.E.parameters()), lr=args.lr_gan,
                                      betas=(0.0, 0.99))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=args.lr_gan, betas=(0.0, 0.99))
        self.step = 0
        self.rng = np.random.default_rng(args.seed)

    def state(self):
        return {"step": self.step, "G": self.G.state_dict(), "E": self.E.state_dict(), "D": self.D.state_dict(),
                "opt_ge": self.opt_ge.state_dict(), "opt_g": self.opt_g.state_dict(),
                "opt_d": self.opt_d.state_dict(), "rng": self.rng.bit_generator.state,
                "torch_rng": torch.get_rng_state(), "args": vars(self.args) | {"data": str(self.args.data)},
                "gen_widths": self.gen_widths, "gen_conditioned": bool(self.args.conditioned), "enc_widths": ENC_WIDTHS,
                "gen_logmag_range": self.args.logmag_range}

    def load(self, path: Path):
        s = torch.load(path, weights_only=False)
        if s.get("gen_logmag_range", 1.0) != self.args.logmag_range:
            raise SystemExit(f"{path}: its G has log-magnitude range {s.get('gen_logmag_range', 1.0)}, this run "
                             f"{self.args.logmag_range} (--logmag-range, or --init-from to convert)")
        self.step = s["step"]
        for name in ("G", "E", "D"):
            getattr(self, name).load_state_dict(s[name])
        for name, lr in (("opt_ge", self.args.lr_recon), ("opt_g", self.args.lr_gan), ("opt_d", self.args.lr_gan)):
            opt = getattr(self, name)
            opt.load_state_dict(s[name])
            for group in opt.param_groups:     # this invocation's learning rates, not the checkpoint's
                group["lr"] = lr
        self.rng.bit_generator.state = s["rng"]
        torch.set_rng_state(s["torch_rng"])

    def save(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        torch.save(self.state(), tmp)
        os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=HERE / "data")
    p.add_argument("--checkpoints", type=Path, default=HERE / "checkpoints")
    p.add_argument("--run", default="run1")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--z", type=int, default=64)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--recon-steps", type=int, default=2500)
    p.add_argument("--gan-steps", type=int, default=20000)
    p.add_argument("--lr-recon", type=float, default=5e-4)
    p.add_argument("--lr-gan", type=float, default=2e-4)
    p.add_argument("--lr-final", type=float, default=None,
                   help="decay the recon learning rate linearly to this over this invocation's recon steps")
    p.add_argument("--if-weight", type=float, default=0.5)
    p.add_argument("--beta", type=float, default=1e-3)
    p.add_argument("--sc-weight", type=float, default=0.0,
                   help="spectral convergence on band magnitudes (run1: 0 to step 2200, then 1)")
    p.add_argument("--gp", type=float, default=10.0)
    p.add_argument("--aux", type=float, default=10.0)
    p.add_argument("--gan-recon", type=float, default=10.0)
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--valid-every", type=int, default=250)
    p.add_argument("--checkpoint-every", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--gen-widths", type=int, nargs="+", default=list(GEN_WIDTHS))
    p.add_argument("--conditioned", type=int, default=1,
                   help="1: every G block sees the per-pitch harmonic profile and a frequency coordinate (timbre-2)")
    p.add_argument("--init-encoder", type=Path, default=None, help="start E from this checkpoint's E")
    p.add_argument("--init-from", type=Path, default=None,
                   help="start G, E and D from this checkpoint, or G and E from an exported timbre.safetensors "
                        "(a fresh run: step 0, new optimizers)")
    p.add_argument("--logmag-range", type=float, default=2.0,
                   help="G's log-magnitude output is this × tanh (timbre-3: 2; versions 1–2: 1)")
    p.add_argument("--widen-from", type=int, nargs="+", default=None,
                   help="with --init-from: that checkpoint's G widths, widened to --gen-widths (widen_generator)")
    p.add_argument("--audio-mel-weight", type=float, default=0.0,
                   help="weight of evaluate.py's log-mel L1 on the inverted audio (AudioLogMel)")
    p.add_argument("--mel-weight", type=float, default=0.0,
                   help="weight of the coarse 64-mel log-power L1 (CoarseLogMel) in the reconstruction loss")
    p.add_argument("--morph-weight", type=float, default=0.0,
                   help="weight of MorphLoss: G between two instruments' points against the mix of their notes")
    p.add_argument("--morph-kind", choices=("mix", "centroid"), default="mix",
                   help="MorphLoss against the whole magnitude mix, or only its spectral centroid")
    p.add_argument("--morph-corners-every", type=int, default=100,
                   help="steps between recomputing the instruments' points MorphLoss blends (E moves)")
    p.add_argument("--gan-loss", choices=("wgan-gp", "hinge"), default="wgan-gp")
    p.add_argument("--n-critic", type=int, default=1, help="critic steps per generator step in the gan stage")
    p.add_argument("--max-minutes", type=float, default=0, help="stop (after a checkpoint) after this many minutes")
    p.add_argument("--pitch-probe", type=int, default=32, help="valid notes YIN-checked at each validation")
    p.add_argument("--cross-pitch", type=int, default=0,
                   help="1: reconstruct a note from E of the same instrument's note at another pitch (z cannot "
                        "carry the pitch; G must take it from the one-hot)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)

    run = Run(args)
    latest = args.checkpoints / "latest.pt"
    if args.resume and latest.exists():
        run.load(latest)
        print(f"resumed at step {run.step}", flush=True)
    log_dir = HERE / "runs" / args.run
    log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / "log.jsonl", "a")

    t0 = time.perf_counter()
    train, train_pitch, train_rows = load_split("train", args.data)
    # Cross-pitch partners: the same instrument at the same velocity, every other pitch it was rendered at.
    by_voice: dict[tuple, list[int]] = {}
    for i, r in enumerate(train_rows):
        by_voice.setdefault((r["instrument"], r["velocity"]), []).append(i)
    partners = [[j for j in by_voice[(r["instrument"], r["velocity"])] if j != i] for i, r in enumerate(train_rows)]

    def cross(idx: torch.Tensor) -> torch.Tensor:
        """For each note, another note of its instrument and velocity at a different pitch (rng: run.rng)."""
        return torch.tensor([partners[i][run.rng.integers(len(partners[i]))] for i in idx.tolist()])
    instrument_names = sorted({r["instrument"] for r in train_rows})
    train_instrument = torch.tensor([instrument_names.index(r["instrument"]) for r in train_rows])
    morph, corners = (MorphLoss(args.morph_kind) if args.morph_weight else None), None
    train_audio = np.load(args.data / "train.npy", mmap_mode="r") if args.audio_mel_weight else None

    def note_audio(idx: torch.Tensor) -> torch.Tensor | None:
        """The training notes' audio (float, the DC the representation drops taken off), for AudioLogMel."""
        if train_audio is None:
            return None
        a = torch.from_numpy(train_audio[idx.numpy()].astype(np.float32) / 32767)
        return a - a.mean(dim=1, keepdim=True)
    valid, valid_pitch, _ = load_split("valid", args.data)
    vsel = torch.arange(0, len(valid), max(1, len(valid) // 64))[:64]
    valid, valid_pitch = valid[vsel].float(), valid_pitch[vsel]
    if run.step == 0:
        log.write(json.dumps({"event": "data", "train": len(train), "valid_probe": len(vsel),
                              "feature_s": round(time.perf_counter() - t0, 1)}) + "\n")
    log.flush()
    log.write(json.dumps({"event": "start", "step": run.step, "argv": sys.argv[1:]}) + "\n")
    rep = features.Representation()
    t_start = time.perf_counter()
    first_step = run.step
    total = args.recon_steps + args.gan_steps
    window = []
    while run.step < total:
        stage = "recon" if run.step < args.recon_steps else "gan"
        idx = torch.from_numpy(run.rng.integers(0, len(train), args.batch))
        x, pitch = train[idx].float(), train_pitch[idx]
        onehot = pitch_one_hot(pitch)
        start = time.perf_counter()
        row = {"step": run.step + 1, "stage": stage}
        if stage == "recon" and args.lr_final is not None:
            # Linear decay over this invocation's recon steps, from --lr-recon to --lr-final.
            done = (run.step - first_step) / max(args.recon_steps - first_step, 1)
            for group in run.opt_ge.param_groups:
                group["lr"] = args.lr_recon + (args.lr_final - args.lr_recon) * done
        if stage == "recon":
            source = train[cross(idx)].float() if args.cross_pitch else x
            mean, logvar = run.E(source)
            z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
            loss, parts = recon_loss(run.G(z, onehot), x, args.if_weight, args.sc_weight, args.mel_weight,
                                     args.audio_mel_weight, note_audio(idx))
            kl = kl_term(mean, logvar)
            total_loss = loss + args.beta * kl
            if morph is not None:
                if corners is None or run.step % args.morph_corners_every == 0:
                    corners = instrument_points(run.E, train, train_instrument, len(instrument_names))
                m_loss, m_parts = morph(run.G, corners, run.rng, args.batch)
                total_loss = total_loss + args.morph_weight * m_loss
                parts |= m_parts
            run.opt_ge.zero_grad()
            total_loss.backward()
            run.opt_ge.step()
            row |= {"loss": total_loss.item(), "kl": kl.item()} | parts
        else:
            # Critic: real vs prior samples, gradient penalty (WGAN-GP) or hinge, pitch of real notes.
            for _ in range(args.n_critic):
                if _ > 0:
                    idx = torch.from_numpy(run.rng.integers(0, len(train), args.batch))
                    x, pitch = train[idx].float(), train_pitch[idx]
                    onehot = pitch_one_hot(pitch)
                with torch.no_grad():
                    fake = run.G(torch.randn(args.batch, args.z), onehot)
                real_score, real_logits = run.D(x)
                fake_score, _ = run.D(fake)
                d_aux = F.cross_entropy(real_logits, pitch - 24)
                if args.gan_loss == "hinge":
                    gp = torch.zeros(())
                    d_adv = F.relu(1 - real_score).mean() + F.relu(1 + fake_score).mean()
                else:
                    a = torch.rand(args.batch, 1, 1, 1)
                    mix = (a * x + (1 - a) * fake).requires_grad_(True)
                    mix_score, _ = run.D(mix)
                    grad, = torch.autograd.grad(mix_score.sum(), mix, create_graph=True)
                    gp = ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
                    d_adv = fake_score.mean() - real_score.mean() + args.gp * gp + 1e-3 * real_score.pow(2).mean()
                d_loss = d_adv + args.aux * d_aux
                run.opt_d.zero_grad()
                d_loss.backward()
                run.opt_d.step()
            # Generator (and encoder): fool the critic with prior samples, right pitch, keep reconstructing.
            fake = run.G(torch.randn(args.batch, args.z), onehot)
            g_score, g_logits = run.D(fake)
            g_aux = F.cross_entropy(g_logits, pitch - 24)
            mean, logvar = run.E(train[cross(idx)].float() if args.cross_pitch else x)
            z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
            rec, parts = recon_loss(run.G(z, onehot), x, args.if_weight, args.sc_weight, args.mel_weight,
                                     args.audio_mel_weight, note_audio(idx))
            kl = kl_term(mean, logvar)
            g_loss = -g_score.mean() + args.aux * g_aux + args.gan_recon * rec + args.beta * kl
            run.opt_g.zero_grad()
            g_loss.backward()
            run.opt_g.step()
            row |= {"d_loss": d_loss.item(), "wasserstein": (real_score.mean() - fake_score.mean()).item(),
                    "gp": gp.item(), "d_aux": d_aux.item(), "g_aux": g_aux.item(), "g_loss": g_loss.item(),
                    "recon": rec.item(), "kl": kl.item()} | parts
        run.step += 1
        window.append(time.perf_counter() - start)
        if run.step % args.log_every == 0:
            row["s_per_step"] = round(sum(window) / len(window), 3)
            window = []
            log.write(json.dumps(row) + "\n")
            log.flush()
        if run.step % args.valid_every == 0 or run.step == args.recon_steps:
            with torch.no_grad():
                mean, _ = run.E(valid)
                vloss, vparts = recon_loss(run.G(mean, pitch_one_hot(valid_pitch)), valid, args.if_weight,
                                           args.sc_weight, mel_weight=1.0)
                _, logits = run.D(valid)
                acc = (logits.argmax(1) == valid_pitch - 24).float().mean().item()
                yin = None
                if args.pitch_probe:
                    # Cheap pitch probe: the first `pitch_probe` valid notes, E's mean → G → inversion → YIN.
                    from evaluate import yin_pitch_accuracy
                    n = args.pitch_probe
                    y = run.G(mean[::2][:n], pitch_one_hot(valid_pitch[::2][:n]))
                    yin = yin_pitch_accuracy(rep.inverse(y).float().numpy(), valid_pitch[::2][:n].tolist())
                    # The same latents at another pitch (+30 semitones, wrapped into 24…84): pitch from the one-hot.
                    shifted = (valid_pitch[::2][:n] - 24 + 30) % 61 + 24
                    y = run.G(mean[::2][:n], pitch_one_hot(shifted))
                    yin_shifted = yin_pitch_accuracy(rep.inverse(y).float().numpy(), shifted.tolist())
            log.write(json.dumps({"step": run.step, "stage": stage, "valid_recon": vloss.item(),
                                  "critic_pitch_acc_valid": acc, "valid_pitch_yin": yin,
                                  "valid_pitch_yin_shifted": yin_shifted if args.pitch_probe else None,
                                  "elapsed_min": round((time.perf_counter() - t_start) / 60, 2)}
                                 | {f"valid_{k}": v for k, v in vparts.items()}) + "\n")
            log.flush()
        if run.step % args.checkpoint_every == 0 or run.step in (args.recon_steps, total):
            run.save(latest)
            if run.step in (args.recon_steps, total):
                run.save(args.checkpoints / f"{stage}-end.pt")
            if args.max_minutes and time.perf_counter() - t_start > args.max_minutes * 60:
                log.write(json.dumps({"event": "stopped", "step": run.step, "reason": "max-minutes"}) + "\n")
                break
    log.close()


if __name__ == "__main__":
    main()
