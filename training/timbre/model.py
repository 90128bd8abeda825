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

PITCHES = 61          # MIDI 24…84
LOWEST_PITCH = 24


def pitch_one_hot(pitch: torch.Tensor) -> torch.Tensor:
    return F.one_hot(pitch - LOWEST_PITCH, PITCHES).to(torch.float32)


class PixelNorm(nn.Module):
    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(dim=1, keepdim=True) + 1e-8)


class Generator(nn.Module):
    """G(z, pitch one-hot) → [N, 2, 64, 512]."""

    def __init__(self, z_dim: int = 64, widths=(128, 96, 64, 32, 16), start=(4, 32)):
        super().__init__()
        self.z_dim, self.start, self.widths = z_dim, start, widths
        self.project = nn.Linear(z_dim + PITCHES, widths[0] * start[0] * start[1])
        self.blocks = nn.ModuleList(
            nn.Conv2d(widths[i], widths[i + 1], 3, padding=1) for i in range(len(widths) - 1))
        self.out = nn.Conv2d(widths[-1], 2, 1)
        self.norm = PixelNorm()

    def forward(self, z: torch.Tensor, pitch_onehot: torch.Tensor) -> torch.Tensor:
        x = self.project(torch.cat([z, pitch_onehot], dim=1))
        x = self.norm(F.leaky_relu(x.view(-1, self.widths[0], *self.start), 0.2))
        for conv in self.blocks:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = self.norm(F.leaky_relu(conv(x), 0.2))
        return torch.tanh(self.out(x))


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
