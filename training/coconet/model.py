"""Coconet (Huang et al., "Counterpoint by Convolution", 2017), small enough for two CPU cores.

The score is an image: time steps (16ths) down, pitches (MIDI 36-81) across, one channel per voice. The input
is the one-hot roll with the unknown cells zeroed, plus one mask channel per voice (1 = known), as in the paper
and magenta-js's port (4 roll + 4 mask channels). The output is, for every voice and step, a softmax over the
46 pitches.

The body follows the Bach Doodle's change (arXiv 1907.06637): depthwise-separable convolutions with dilation,
which cut its runtime 20-fold. Each block is pre-activation residual: BatchNorm, ReLU, a depthwise 3x3 conv
dilated in time (1, 2, 4, 8, 16, repeating) and in pitch (1, 2, 4, 1, 2 ...), then a pointwise 1x1 conv.
"""
from __future__ import annotations

import torch
from torch import nn

VOICES, PITCHES = 4, 46


def dilations(layers: int) -> list[tuple[int, int]]:
    time = [1, 2, 4, 8, 16]
    pitch = [1, 2, 4]
    return [(time[i % len(time)], pitch[i % len(pitch)]) for i in range(layers)]


class Block(nn.Module):
    def __init__(self, channels: int, dilation: tuple[int, int]):
        super().__init__()
        self.norm = nn.BatchNorm2d(channels)
        self.depthwise = nn.Conv2d(channels, channels, 3, padding=dilation, dilation=dilation, groups=channels)
        self.pointwise = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        return x + self.pointwise(self.depthwise(torch.relu(self.norm(x))))


class Coconet(nn.Module):
    def __init__(self, channels: int = 64, layers: int = 16):
        super().__init__()
        self.config = {"channels": channels, "layers": layers, "voices": VOICES, "pitches": PITCHES}
        self.input = nn.Conv2d(2 * VOICES, channels, 3, padding=1)
        self.blocks = nn.ModuleList(Block(channels, d) for d in dilations(layers))
        self.out_norm = nn.BatchNorm2d(channels)
        self.output = nn.Conv2d(channels, VOICES, 1)

    def forward(self, roll: torch.Tensor, known: torch.Tensor) -> torch.Tensor:
        """roll: [B, 4, T, 46] one-hot (unknown cells may hold anything); known: [B, 4, T] in {0, 1}.
        Returns logits [B, 4, T, 46]."""
        mask = known.unsqueeze(-1).expand_as(roll)
        x = torch.cat([roll * mask, mask], dim=1)
        x = self.input(x)
        for block in self.blocks:
            x = block(x)
        return self.output(torch.relu(self.out_norm(x)))


def one_hot(pitches: torch.Tensor) -> torch.Tensor:
    """[B, 4, T] pitch indices (0..45) -> [B, 4, T, 46] float one-hot."""
    return torch.nn.functional.one_hot(pitches.long(), PITCHES).float()


def masked_nll(logits: torch.Tensor, pitches: torch.Tensor, known: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over the unknown cells (the orderless-NADE training loss, averaged per cell)."""
    logp = torch.log_softmax(logits, dim=-1)
    nll = -logp.gather(-1, pitches.long().unsqueeze(-1)).squeeze(-1)  # [B, 4, T]
    unknown = 1 - known
    return (nll * unknown).sum() / unknown.sum().clamp(min=1)


@torch.no_grad()
def gibbs(model: Coconet, pitches: torch.Tensor, known: torch.Tensor, steps: int, generator: torch.Generator,
          temperature: float = 0.99, pmax: float = 0.9, pmin: float = 0.1, alpha: float = 0.7) -> torch.Tensor:
    """Blocked Gibbs sampling with the annealed mask schedule of Yao et al. (as Coconet and the Bach Doodle):
    at step n a block of the unknown cells, each with probability p_n = max(pmin, pmax - n (pmax - pmin) / (alpha N)),
    is resampled from the model given everything else. Unknown cells start from the model's first guess with every
    unknown cell masked. pitches: [B, 4, T] (the known cells are kept), known: [B, 4, T]. Returns [B, 4, T]."""
    model.eval()
    current = pitches.clone().long()
    unknown = known == 0
    blank = known.clone()

    def sample(logits):
        probs = torch.softmax(logits / temperature, dim=-1)
        flat = probs.reshape(-1, probs.shape[-1])
        return torch.multinomial(flat, 1, generator=generator).reshape(probs.shape[:-1])

    current = torch.where(unknown, sample(model(one_hot(current), blank)), current)
    for n in range(steps):
        p = max(pmin, pmax - n * (pmax - pmin) / (alpha * steps))
        block = (torch.rand(current.shape, generator=generator) < p) & unknown
        visible = known.clone().float()
        visible[unknown & ~block] = 1  # the current guesses of the cells outside the block are context
        drawn = sample(model(one_hot(current), visible))
        current = torch.where(block, drawn, current)
    return current
