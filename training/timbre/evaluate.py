"""First figures for a timbre checkpoint (not yet issue 18's evaluation, which asks for torchcrepe):

    nice -n 10 /work/venv/bin/python training/timbre/evaluate.py checkpoints/recon-end.pt   # → results/metrics.json

- pitch: a YIN estimator (de Cheveigné & Kawahara 2002: cumulative-mean-normalised difference, threshold 0.15,
  parabolic refinement) on the held part (0.25–2.75 s, 2048-sample frames every 4096), median f0; a note is right
  when within ±50 cents of its MIDI pitch. Run on the real renders too: that is the estimator's own ceiling
  (octave errors on notes with weak fundamentals count as wrong for both).
- reconstruction: E's mean → G at the note's pitch for valid notes (seen instruments, unseen pitches), L1 of the
  scaled log magnitude, and the same for held-out instruments (test split).
- corners: every training instrument's latent point (mean of E over its notes) at all 61 pitches, pitch accuracy.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features  # noqa: E402
from model import Encoder, Generator, pitch_one_hot  # noqa: E402
from train import load_split  # noqa: E402

RATE = features.SAMPLE_RATE


def yin_f0(audio: np.ndarray, threshold: float = 0.15, fmin: float = 28.0, fmax: float = 1200.0) -> float:
    """Median YIN f0 (Hz) over the held part of one note; NaN when no frame is voiced."""
    w, tau_max, tau_min = 2048, int(RATE / fmin), int(RATE / fmax)
    f0s = []
    for start in range(int(0.25 * RATE), int(2.75 * RATE) - w - tau_max, 4096):
        x = audio[start:start + w + tau_max].astype(np.float64)
        if np.abs(x).max() < 1e-4:
            continue
        # d(τ) = Σ_{j<w} (x_j − x_{j+τ})², via cumulative energies and a correlation.
        energy = np.cumsum(np.concatenate([[0.0], x * x]))
        e0 = energy[w] - energy[0]
        taus = np.arange(tau_max + 1)
        et = energy[taus + w] - energy[taus]
        spec = np.fft.rfft(x, 2 * len(x))
        head = np.fft.rfft(x[:w], 2 * len(x))
        cross = np.fft.irfft(spec * np.conj(head))[:tau_max + 1]
        d = e0 + et - 2 * cross
        d[0] = 0
        cmnd = np.ones_like(d)
        cumulative = np.cumsum(d[1:])
        cmnd[1:] = d[1:] * np.arange(1, tau_max + 1) / np.maximum(cumulative, 1e-12)
        candidates = np.where(cmnd[tau_min:] < threshold)[0]
        if len(candidates) == 0:
            continue
        tau = candidates[0] + tau_min
        while tau + 1 <= tau_max and cmnd[tau + 1] < cmnd[tau]:
            tau += 1
        if 1 <= tau < tau_max:
            a, b, c = cmnd[tau - 1], cmnd[tau], cmnd[tau + 1]
            shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
        else:
            shift = 0.0
        f0s.append(RATE / (tau + shift))
    return float(np.median(f0s)) if f0s else float("nan")


def cents_off(f0: float, pitch: int) -> float:
    return 1200 * np.log2(f0 / (440.0 * 2 ** ((pitch - 69) / 12))) if f0 == f0 else float("inf")


def pitch_accuracy(audio: np.ndarray, pitches) -> float:
    right = [abs(cents_off(yin_f0(a), p)) <= 50 for a, p in zip(audio, pitches)]
    return float(np.mean(right))


def main():
    torch.set_num_threads(1)
    state = torch.load(sys.argv[1], weights_only=False)
    widths = tuple(state["gen_widths"])
    G = Generator(z_dim=state["args"]["z"], widths=widths)
    E = Encoder(z_dim=state["args"]["z"], widths=tuple(reversed(widths)))
    G.load_state_dict(state["G"]); E.load_state_dict(state["E"])
    G.eval(); E.eval()
    rep = features.Representation()
    data = HERE / "data"
    out = {"checkpoint": str(sys.argv[1]), "step": state["step"]}
    with torch.no_grad():
        for split in ("valid", "test"):
            reps, pitches, rows = load_split(split, data)
            sel = np.arange(0, len(rows), 4)
            real = np.load(data / f"{split}.npy", mmap_mode="r")[sel].astype(np.float32) / 32767
            x = reps[sel].float()
            mean, _ = E(x)
            y = G(mean, pitch_one_hot(pitches[sel]))
            audio = np.concatenate([rep.inverse(y[i:i + 32]).float().numpy() for i in range(0, len(sel), 32)])
            out[split] = {"notes": int(len(sel)), "recon_logmag_l1": float((y[:, 0] - x[:, 0]).abs().mean()),
                          "pitch_acc_real": pitch_accuracy(real, pitches[sel].tolist()),
                          "pitch_acc_reconstructed": pitch_accuracy(audio, pitches[sel].tolist())}
            print(split, out[split], flush=True)
        train, _, rows = load_split("train", data)
        names = sorted({r["instrument"] for r in rows})
        zs = []
        for name in names:
            idx = [i for i, r in enumerate(rows) if r["instrument"] == name]
            zs.append(E(train[idx].float())[0].mean(0))
        pitches = list(range(24, 85))
        accs = []
        for z in zs:
            y = G(z.expand(61, -1), pitch_one_hot(torch.tensor(pitches)))
            accs.append(pitch_accuracy(rep.inverse(y).float().numpy(), pitches))
        out["corners"] = {"instruments": len(names), "notes": len(names) * 61, "pitch_acc": float(np.mean(accs)),
                          "worst": sorted(zip(accs, names))[:3]}
        print("corners", out["corners"], flush=True)
    (HERE / "results" / "metrics.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
