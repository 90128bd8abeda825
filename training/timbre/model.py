"""The timbre model: a GANSynth-shaped generator G(z, pitch), a critic with an auxiliary pitch classifier, and an
encoder E(note) → z, all sized for one CPU thread.

GANSynth (generative.md §3) grows a progressive GAN from 2×16 to 128×1024 with latent 256. Here the output is
64 frames × 512 bands × 2 channels (features.py) and the network is fixed-resolution: G starts at 4 × 32 (time ×
frequency) and doubles four times; the critic and the encoder mirror it with average pooling. Pixel norm after
every generator convolution and leaky ReLU 0.2 are GANSynth's (progressive GAN's) choices; G ends in tanh, as the
representation is scaled into [−1, 1]-ish ranges.
"""
from __future__ import annotations

import torch
from torch import nn
import torch.nn.functional as F
import numpy as np

PITCHES = 61          # MIDI 24…84
LOWEST_PITCH = 24


COND_CHANNELS = 4


def harmonic_profiles(resolution: int, bands: int = 512) -> np.ndarray:
    """[61 pitches, 4, resolution]: each pitch's harmonic comb in the representation's band layout, pooled to
    `resolution` bands (groups of bands/resolution adjacent bands).

    Harmonics h·f0 below 7.9 kHz with amplitude 1/h, each a Hann-like main lobe (Gaussian, σ 0.85 bins, ±2 bins)
    over the STFT bins, through the band matrix (features.band_matrix) as the real notes are. Channels: 0 = comb
    strength log10(M/max M + 1e-3)/3 + 1 ∈ [0, 1]; 1, 2 = cos, sin of the band's expected IF (the magnitude-
    weighted circular mean of its harmonics' phase advance per hop, 2π·f·hop/sr) times the strength; 3 = that
    IF / π times the strength — the representation's own IF where a harmonic dominates a band.
    """
    import features
    m = features.band_matrix()                                          # [512, 1024]
    bins = np.arange(1, m.shape[1] + 1)
    bin_hz = features.SAMPLE_RATE / features.N_FFT
    out = np.zeros((PITCHES, COND_CHANNELS, resolution), dtype=np.float32)
    group = bands // resolution
    for i in range(PITCHES):
        f0 = 440.0 * 2 ** ((LOWEST_PITCH + i - 69) / 12)
        mag = np.zeros(len(bins))
        phasor = np.zeros(len(bins), dtype=np.complex128)
        h = 1
        while h * f0 < 7900:
            d = bins - h * f0 / bin_hz
            lobe = np.where(np.abs(d) < 2, np.exp(-0.5 * (d / 0.85) ** 2), 0.0) / h
            advance = np.angle(np.exp(1j * 2 * np.pi * h * f0 * features.HOP / features.SAMPLE_RATE))
            mag += lobe
            phasor += lobe * np.exp(1j * advance)
            h += 1
        bm = (m @ mag).reshape(resolution, group).sum(1)
        bp = (m @ phasor).reshape(resolution, group).sum(1)
        strength = np.log10(bm / bm.max() + 1e-3) / 3 + 1
        angle = np.angle(bp)
        out[i] = np.stack([strength, np.cos(angle) * strength, np.sin(angle) * strength, angle / np.pi * strength])
    return out


def pitch_one_hot(pitch: torch.Tensor) -> torch.Tensor:
    return F.one_hot(pitch - LOWEST_PITCH, PITCHES).to(torch.float32)


class PixelNorm(nn.Module):
    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(dim=1, keepdim=True) + 1e-8)


class Generator(nn.Module):
    """G(z, pitch one-hot) → [N, 2, 64, 512].

    `conditioned=False` is run1's generator: the one-hot enters only through the first Linear. `conditioned=True`
    (timbre-2) also feeds every convolution, and the final 1×1, five extra input channels at that block's
    resolution: four from a Linear of the pitch one-hot to [4, bands] (broadcast over time), initialised from the
    pitch's harmonic comb in the band layout (`harmonic_profiles`: comb strength, cos and sin of the harmonics'
    phase advance per hop, that advance / π), and one frequency coordinate (−1 … 1, CoordConv). The Linear is
    still one-hot conditioning (a learned per-pitch profile); the comb is only its starting point.

    `logmag_range`: the log-magnitude channel is `logmag_range · tanh`, the IF channel `tanh`. Versions 1–2 used
    tanh for both (range 1), but the scaled log magnitude of every training note peaks between 1.3 and 1.8
    (features.py: 3 % of all cells are above 1, and they are the harmonic peaks) and silence sits at −1.96: a
    range-1 generator cannot draw a single note's loudest harmonics (timbre-3 measured the generated notes'
    loudest log-mel cells 2.8 nats below the real ones'). Range 2 covers [−1.96, 1.81].
    """

    def __init__(self, z_dim: int = 64, widths=(128, 96, 64, 32, 16), start=(4, 32), conditioned: bool = False,
                 logmag_range: float = 1.0):
        super().__init__()
        self.z_dim, self.start, self.widths, self.conditioned = z_dim, start, widths, conditioned
        self.logmag_range = logmag_range
        self.project = nn.Linear(z_dim + PITCHES, widths[0] * start[0] * start[1])
        extra = COND_CHANNELS + 1 if conditioned else 0
        self.blocks = nn.ModuleList(
            nn.Conv2d(widths[i] + extra, widths[i + 1], 3, padding=1) for i in range(len(widths) - 1))
        self.out = nn.Conv2d(widths[-1] + extra, 2, 1)
        self.norm = PixelNorm()
        if conditioned:
            # One profile Linear per convolution input resolution, plus one for the output (full resolution).
            self.resolutions = [start[1] << (i + 1) for i in range(len(widths) - 1)] + [start[1] << (len(widths) - 1)]
            self.profiles = nn.ModuleList(nn.Linear(PITCHES, COND_CHANNELS * f) for f in self.resolutions)
            for lin, f in zip(self.profiles, self.resolutions):
                with torch.no_grad():
                    lin.weight.copy_(torch.from_numpy(harmonic_profiles(f)).reshape(PITCHES, -1).T)
                    lin.bias.zero_()

    def condition(self, i: int, pitch_onehot: torch.Tensor, frames: int) -> torch.Tensor:
        f = self.resolutions[i]
        prof = self.profiles[i](pitch_onehot).view(-1, COND_CHANNELS, 1, f).expand(-1, -1, frames, f)
        coord = torch.linspace(-1, 1, f).view(1, 1, 1, f).expand(prof.shape[0], 1, frames, f)
        return torch.cat([prof, coord], dim=1)

    def forward(self, z: torch.Tensor, pitch_onehot: torch.Tensor) -> torch.Tensor:
        return self.head(self.trunk(z, pitch_onehot, len(self.blocks)), pitch_onehot, len(self.blocks))

    def trunk(self, z: torch.Tensor, pitch_onehot: torch.Tensor, depth: int) -> torch.Tensor:
        """G's feature map after the projection and the first `depth` convolution blocks (0 … len(blocks))."""
        x = self.project(torch.cat([z, pitch_onehot], dim=1))
        x = self.norm(F.leaky_relu(x.view(-1, self.widths[0], *self.start), 0.2))
        for i in range(depth):
            x = self.block(i, x, pitch_onehot)
        return x

    def block(self, i: int, x: torch.Tensor, pitch_onehot: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        if self.conditioned:
            x = torch.cat([x, self.condition(i, pitch_onehot, x.shape[2])], dim=1)
        return self.norm(F.leaky_relu(self.blocks[i](x), 0.2))

    def mix(self, corner_zs, weights, pitch_onehot: torch.Tensor, depth: int = 0) -> torch.Tensor:
        """G at a point between corners: each corner's feature map after `depth` blocks (`trunk`), their mean
        weighted by `weights` (corners of weight 0 skipped), and the rest of G (`head`) on it. Kanade's
        TimbrePoint mixes at depth 0. Every z is one latent; the batch is the pitches of `pitch_onehot`."""
        n = pitch_onehot.shape[0]
        x = sum(float(w) * self.trunk(z.reshape(1, -1).expand(n, -1), pitch_onehot, depth)
                for z, w in zip(corner_zs, weights) if w != 0)
        return self.head(x, pitch_onehot, depth)

    def head(self, x: torch.Tensor, pitch_onehot: torch.Tensor, depth: int) -> torch.Tensor:
        """The rest of G from `trunk(…, depth)`'s feature map: the remaining blocks and the output."""
        for i in range(depth, len(self.blocks)):
            x = self.block(i, x, pitch_onehot)
        if self.conditioned:
            x = torch.cat([x, self.condition(len(self.blocks), pitch_onehot, x.shape[2])], dim=1)
        y = torch.tanh(self.out(x))
        if self.logmag_range == 1.0:
            return y
        return torch.cat([self.logmag_range * y[:, :1], y[:, 1:]], dim=1)


class Trunk(nn.Module):
    """The mirror of G: 1×1 in, then conv + 2×2 average pool four times → flattened features."""

    def __init__(self, widths=(16, 32, 64, 96, 128), end=(4, 32)):
        super().__init__()
        self.inp = nn.Conv2d(2, widths[0], 1)
        self.blocks = nn.ModuleList(
            nn.Conv2d(widths[i], widths[i + 1], 3, padding=1) for i in range(len(widths) - 1))
        self.features = widths[-1] * end[0] * end[1]

    def forward(self, x):
        x = F.leaky_relu(self.inp(x), 0.2)
        for conv in self.blocks:
            x = F.avg_pool2d(F.leaky_relu(conv(x), 0.2), 2)
        return x.flatten(1)


class Critic(nn.Module):
    """D(x) → (Wasserstein score, pitch logits): GANSynth's auxiliary pitch classifier shares the trunk."""

    def __init__(self, **kw):
        super().__init__()
        self.trunk = Trunk(**kw)
        self.score = nn.Linear(self.trunk.features, 1)
        self.pitch = nn.Linear(self.trunk.features, PITCHES)

    def forward(self, x):
        h = self.trunk(x)
        return self.score(h).squeeze(1), self.pitch(h)


class Encoder(nn.Module):
    """E(note) → (mean, log variance) of z. Pitch is given to G, so E is free to code only timbre."""

    def __init__(self, z_dim: int = 64, **kw):
        super().__init__()
        self.trunk = Trunk(**kw)
        self.mean = nn.Linear(self.trunk.features, z_dim)
        self.logvar = nn.Linear(self.trunk.features, z_dim)

    def forward(self, x):
        h = self.trunk(x)
        return self.mean(h), self.logvar(h).clamp(-10, 4)
