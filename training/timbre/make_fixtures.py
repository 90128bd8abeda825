"""Golden fixtures that tie Kanade's Swift signal code to this directory's math (numpy, float64).

    /work/venv/bin/python training/timbre/make_fixtures.py     # writes Tests/Fixtures/timbre/phase-reconstruction.json

Phase reconstruction (Signal.InstantaneousFrequency, STFT.inverse(logMagnitude:instantaneousFrequency:)): a short
seeded test signal, its centred periodic-Hann STFT (n_fft 64, hop 32: the model's 50 % overlap), GANSynth's
log magnitude log(|X| + 1e-6) and IF (phase advance per hop / π, wrapped to (−1, 1]; first frame = its phase);
then the reference reconstruction from those float32 values: phase = cumsum(IF·π), magnitude = exp(L) − 1e-6,
least-squares overlap-add (Σ frame·w / Σ w², as Kanade's STFT.inverse). Cross-checked with torch.istft.
"""
import json
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "timbre"
N_FFT, HOP, LENGTH, RATE = 64, 32, 600, 8000
EPS = 1e-6


def window(n):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)   # periodic Hann


def stft(x):
    pad = N_FFT // 2
    frames = len(x) // HOP + 1
    padded = np.zeros((frames - 1) * HOP + N_FFT)
    padded[pad:pad + len(x)] = x
    w = window(N_FFT)
    return np.stack([np.fft.rfft(padded[f * HOP:f * HOP + N_FFT] * w) for f in range(frames)])


def wrap(a):
    r = np.remainder(a + np.pi, 2 * np.pi) - np.pi   # [−π, π)
    return np.where(r <= -np.pi, r + 2 * np.pi, r)


def analyse(spec):
    logmag = np.log(np.abs(spec) + EPS)
    phase = np.angle(spec)
    advance = np.diff(phase, axis=0, prepend=np.zeros((1, phase.shape[1])))
    return logmag, wrap(advance) / np.pi


def reconstruct(logmag, inst, length):
    phase = np.cumsum(inst * np.pi, axis=0)
    spec = np.maximum(np.exp(logmag) - EPS, 0) * np.exp(1j * phase)
    frames = spec.shape[0]
    w = window(N_FFT)
    total = (frames - 1) * HOP + N_FFT
    acc, weight = np.zeros(total), np.zeros(total)
    for f in range(frames):
        acc[f * HOP:f * HOP + N_FFT] += np.fft.irfft(spec[f], N_FFT) * w
        weight[f * HOP:f * HOP + N_FFT] += w * w
    pad = N_FFT // 2
    return acc[pad:pad + length] / weight[pad:pad + length], spec


def main():
    rng = np.random.default_rng(18)
    t = np.arange(LENGTH) / RATE
    x = (0.6 * np.sin(2 * np.pi * 440 * t + 0.3) * np.exp(-t * 4) + 0.3 * np.sin(2 * np.pi * 1230 * t)
         + 0.05 * rng.standard_normal(LENGTH)).astype(np.float32)
    logmag, inst = analyse(stft(x.astype(np.float64)))
    logmag32, inst32 = logmag.astype(np.float32), inst.astype(np.float32)
    audio, spec = reconstruct(logmag32.astype(np.float64), inst32.astype(np.float64), LENGTH)
    # Independent check of the overlap-add: torch's ISTFT (same window, centred) on the same spectrum.
    ref = torch.istft(torch.tensor(spec.T), N_FFT, HOP, window=torch.hann_window(N_FFT, dtype=torch.float64),
                      center=True, length=LENGTH).numpy()
    assert np.abs(ref - audio).max() < 1e-9, np.abs(ref - audio).max()
    assert np.abs(audio - x).max() < 1e-4, np.abs(audio - x).max()     # the round trip gives the signal back
    OUT.mkdir(parents=True, exist_ok=True)
    fixture = {
        "about": "training/timbre/make_fixtures.py: IF phase reconstruction (numpy float64 reference)",
        "fft_size": N_FFT, "hop": HOP, "length": LENGTH, "frames": int(logmag.shape[0]), "bins": int(logmag.shape[1]),
        "signal": x.tolist(),
        "log_magnitude": logmag32.ravel().tolist(),
        "frequency": inst32.ravel().tolist(),
        "audio": audio.astype(np.float32).tolist(),
    }
    (OUT / "phase-reconstruction.json").write_text(json.dumps(fixture) + "\n")
    print("frames", fixture["frames"], "bins", fixture["bins"], "max |audio - signal|", float(np.abs(audio - x).max()))


if __name__ == "__main__":
    main()
