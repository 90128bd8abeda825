"""The timbre model's representation: log magnitude and instantaneous frequency (IF) on a mel-like axis.

Sizes, against GANSynth's "+H" (generative.md §3: n_fft 2048, hop 512 at 16 kHz → 128 frames × 1024 bins, 2 ch):

- **n_fft 2048** as +H: 7.8 Hz bins, so the lowest note (MIDI 24, 32.7 Hz) has four bins between harmonics.
  GANSynth found the higher frequency resolution the single most useful change (IF-Mel+H best).
- **hop 1024** (+H's 512 doubled): 64 frames for a 4-second note. Half of +H's frames halves every layer's cost,
  which is what lets the model train on one CPU thread. A note is 3 s held and 1 s released, nearly stationary;
  what is lost is attack detail (a 128 ms window at 50 % overlap smears onsets). Hann at 50 % overlap still
  inverts exactly with least-squares overlap-add (Σw² lies in [0.5, 1], never 0).
- **512 mel-like bands** over the 1024 non-DC bins (DC dropped, as GANSynth), 0–8 kHz. Below ~1 kHz a band is
  at most one linear bin wide (no resolution lost where fundamentals and low harmonics are); above, bands widen
  as mel does. Measured on every 50th training note (`probe.py`), magnitudes through the bands and back lose
  10 % (relative L2) with 512 bands, 15 % with 384 and 27 % with 256: 256 blurs the harmonics of low notes.
  So the network sees 64 × 512 × 2 = 65,536 values per note, 1/4 of +H's 262,144.
- Dropping DC is not free on this data: some soundfont samples carry an offset (DC is 14 % of the spectral norm
  on that probe); it is inaudible, and the reconstruction is compared with the note minus its DC.

Channels (GANSynth's): 0 = log(|X| + 1e-6) averaged over each band, scaled by LOGMAG_SCALE; 1 = IF, the phase
advance over one hop divided by π, wrapped to (−1, 1]; on the mel axis a band's IF is the magnitude-weighted
circular mean of its bins' advances (where one harmonic dominates a band, it is that harmonic's advance).
Inversion: magnitudes through the pseudo-inverse of the band matrix (as GANSynth), each bin's advance as the
circular mean of its bands' (transpose weights), phase = cumulative sum of advances × π, then ISTFT.
"""
from __future__ import annotations

import math

import numpy as np
import torch

SAMPLE_RATE = 16_000
N_FFT = 2048
HOP = 1024
FRAMES = 64
BANDS = 512
PADDED = (FRAMES - 1) * HOP      # 64,512 samples: a 64,000-sample note plus 512 zeros gives 64 centred frames
EPS = 1e-6
LOGMAG_SHIFT, LOGMAG_SCALE = -4.0, 5.0    # log-magnitude → roughly [−2, 1.5]; measured on the training split


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def band_matrix(bands: int = BANDS, n_fft: int = N_FFT, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """[bands, n_fft/2] triangular weights over the non-DC bins, each row summing to 1.

    Band centres are mel-spaced from the first bin to Nyquist; a triangle's half-width is the larger of the mel
    spacing and one bin, so no band is empty where mel is finer than the bins."""
    bins = n_fft // 2
    freqs = np.arange(1, bins + 1) * sample_rate / n_fft
    bin_hz = sample_rate / n_fft
    edges = mel_to_hz(np.linspace(hz_to_mel(freqs[0] - bin_hz), hz_to_mel(freqs[-1]), bands + 2))
    m = np.zeros((bands, bins))
    for b in range(bands):
        lo, c, hi = edges[b], edges[b + 1], edges[b + 2]
        left, right = max(c - lo, bin_hz), max(hi - c, bin_hz)
        up = 1 - (c - freqs) / left
        down = 1 - (freqs - c) / right
        m[b] = np.clip(np.where(freqs <= c, up, down), 0, None)
    m /= m.sum(axis=1, keepdims=True)
    return m


def stft(audio: torch.Tensor) -> torch.Tensor:
    """[N, samples] → complex [N, FRAMES, N_FFT/2] without the DC bin (zero-padded, centred, periodic Hann)."""
    x = torch.nn.functional.pad(audio, (0, PADDED - audio.shape[-1]))
    spec = torch.stft(x, N_FFT, HOP, window=torch.hann_window(N_FFT, periodic=True, dtype=x.dtype),
                      center=True, pad_mode="constant", return_complex=True)
    return spec[:, 1:, :].transpose(1, 2)    # [N, frames, bins]


class Representation:
    """Forward (audio → [N, 2, FRAMES, BANDS]) and inverse (→ audio) of the model's representation."""

    def __init__(self, dtype: torch.dtype = torch.float64):
        """`dtype`: the arithmetic's precision (float64 is the reference; train.py's losses use float32)."""
        m = band_matrix()
        self.dtype = dtype
        self.m = torch.tensor(m, dtype=dtype)                                 # [bands, bins]
        self.pinv = torch.tensor(np.linalg.pinv(m), dtype=dtype)              # [bins, bands]
        mt = m.T / m.T.sum(axis=1, keepdims=True)                             # each bin's bands, weights sum 1
        self.mt = torch.tensor(mt, dtype=dtype)                               # [bins, bands]

    def forward(self, audio: torch.Tensor) -> torch.Tensor:
        spec = stft(audio.to(self.dtype))
        mag = spec.abs()
        phase = torch.angle(spec)
        advance = torch.diff(phase, dim=1, prepend=torch.zeros_like(phase[:, :1]))   # first frame: its phase
        phasor = mag * torch.exp(1j * advance)
        band_mag = mag @ self.m.T
        band_if = torch.angle(phasor @ self.m.T.to(phasor.dtype)) / math.pi
        logmag = (torch.log(band_mag + EPS) - LOGMAG_SHIFT) / LOGMAG_SCALE
        return torch.stack([logmag, band_if], dim=1).to(torch.float32)

    def magnitude(self, rep: torch.Tensor) -> torch.Tensor:
        """Band representation → per-bin magnitude (the pseudo-inverse, clamped at 0), [N, FRAMES, N_FFT/2]."""
        band_mag = torch.clamp(torch.exp(rep[:, 0].to(self.dtype) * LOGMAG_SCALE + LOGMAG_SHIFT) - EPS, min=0)
        return torch.clamp(band_mag @ self.pinv.T, min=0)

    def linear(self, rep: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Band representation → per-bin magnitude and IF (units of π per hop), [N, FRAMES, N_FFT/2]."""
        rep = rep.to(self.dtype)
        mag = self.magnitude(rep)
        phasor = torch.exp(1j * math.pi * rep[:, 1])
        inst = torch.angle(phasor @ self.mt.T.to(phasor.dtype)) / math.pi
        return mag, inst

    def inverse(self, rep: torch.Tensor, length: int = 64_000) -> torch.Tensor:
        mag, inst = self.linear(rep)
        return reconstruct(mag, inst, length)


def reconstruct(mag: torch.Tensor, inst: torch.Tensor, length: int) -> torch.Tensor:
    """Per-bin magnitude and IF (no DC bin) → audio: phase = cumsum(IF·π), DC = 0, least-squares ISTFT."""
    phase = torch.cumsum(inst * math.pi, dim=1)
    spec = mag * torch.exp(1j * phase)
    spec = torch.cat([torch.zeros_like(spec[:, :, :1]), spec], dim=2).transpose(1, 2)
    window = torch.hann_window(N_FFT, periodic=True, dtype=mag.dtype)
    audio = torch.istft(spec, N_FFT, HOP, window=window, center=True, length=PADDED)
    return audio[:, :length]
