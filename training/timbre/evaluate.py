"""Issue 18's measurements for a timbre checkpoint (pitch, timbre, morph, clicks/silence/clipping):

    nice -n 10 /work/venv/bin/python training/timbre/render.py --reference     # once: data/reference.npy
    nice -n 10 /work/venv/bin/python training/timbre/evaluate.py CHECKPOINT [--out results/evaluation.json]

Every random choice is seeded (`--seed`, default 18), so a checkpoint's figures reproduce exactly.
The checkpoint's G and E weights are rounded to float16 first, as export.py ships them, and the corners are
computed as export.py does (the mean of E's means over an instrument's training notes), so the figures are
those of the exported model.

- **pitch**: torchcrepe (its own `tiny` weights: `full` is ~10× slower, about 2.6 s a note on this machine's
  one thread) on the held part: 11 frames of 1024 samples centred every 0.2 s from 0.5 to 2.5 s, pitch limited to
  30–1400 Hz, weighted argmax over ±4 bins around the best one (CREPE's own local average), the note's f0 = the
  median over its frames. A note is right within ±50 cents of its MIDI pitch. Generated: the 65 training
  instruments' corners and 20 seeded random grid points (four seeded corners each, mixed as Kanade mixes
  them: `point_audio` below), every one of the 61 pitches. Reference: the real fluidsynth renders of the same 65
  instruments at all 61 pitches (`data/reference.npy`, velocity 100), and the 13 held-out instruments (test
  split, velocity 127).
- **timbre**: log-mel (64 mels, n_fft 1024, hop 512, log(mel + 1e-5)) of the whole 4 s note; distance = mean
  absolute difference. For `--sets` seeded random sets of 4 training instruments, each instrument's generated note
  at each pitch counts as right when it is closer to its own instrument's real render at that pitch than to each
  of the other three's. Held out: each of the 13 held-out instruments encoded from one note (pitch 60, velocity
  127: E's mean), generated at all 61 pitches, compared in seeded sets of 4 held-out instruments with their real
  renders (velocity 127).
- **morph**: `--paths` seeded pairs of distinct training corners; 9 points t = 0, 1/8 … 1 on the straight edge
  between them (NSynth Super weights on an edge are (1 − t, t), mixed as Kanade's TimbrePoint mixes them: the corners'
  first feature maps in G, `--blend-depth`; `--blend latents` mixes the latents as Kanade did up to
  2026-12-06); notes at pitches 36, 48, 60, 72. Feature:
  spectral centroid (Hz) of the held part, averaged over the four pitches; per path |Spearman ρ| between t and
  the feature (monotonic in either direction). Also reported: ρ of the log-mel distance from the t = 0 note.
- **clicks, silence, clipping** on every generated note (corners, grid points, morph paths) and, as the
  detector's reference, on the real reference renders: silent = peak < 1e-3, clipped = peak ≥ 1.0 (both read by
  `sox FILE -n stat` from float WAVs, and cross-checked against numpy), click = a sample-to-sample step larger than
  10 × the RMS of the steps in the 512 samples around it and larger than 1e-3 in absolute value.

`--quick` evaluates a subset (every 4th corner, 4 grid points, 10 paths, 20 sets) for probes.
`--timbre-only` and `--morph-only` measure one figure on the full run's seeded sets and paths (~4 and ~2 minutes).

Also `yin_pitch_accuracy`: a cheap YIN-based pitch check that train.py's validation uses as a probe.
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features  # noqa: E402
from model import Encoder, Generator, pitch_one_hot  # noqa: E402

RATE = features.SAMPLE_RATE
# Where a point mixes its corners: G's feature maps after this many blocks (0: the projection's; Kanade's
# TimbrePoint). evaluate.py --blend latents measures the latent mix versions 1–3 played.
BLEND_DEPTH = 0
PITCHES = list(range(24, 85))


# ----------------------------------------------------------------------------------------------------------------
# Loading a checkpoint as export.py ships it

def load_models(path: Path, half: bool = True):
    if path.suffix == ".safetensors":
        state = exported_state(path)
    else:
        state = torch.load(path, weights_only=False)
    widths = tuple(state["gen_widths"])
    enc_widths = tuple(state.get("enc_widths", tuple(reversed(widths)) if not state.get("gen_conditioned")
                                 else (8, 16, 32, 64, 96)))
    z_dim = state["args"]["z"]
    G = Generator(z_dim=z_dim, widths=widths, conditioned=bool(state.get("gen_conditioned", False)),
                  logmag_range=float(state.get("gen_logmag_range", 1.0)))
    E = Encoder(z_dim=z_dim, widths=enc_widths)
    for module, name in ((G, "G"), (E, "E")):
        module.load_state_dict({k: (v.half().float() if half else v) for k, v in state[name].items()})
        module.eval()
    return G, E, state


def exported_state(path: Path) -> dict:
    """An exported timbre.safetensors as load_models reads a checkpoint (G and E; float16 weights as shipped)."""
    from safetensors import safe_open
    from safetensors.torch import load_file
    config = json.loads(safe_open(str(path), "pt").metadata()["kanade.config"])
    weights = load_file(str(path))
    part = lambda prefix: {k[len(prefix):]: v.float() for k, v in weights.items() if k.startswith(prefix)}
    return {"G": part("generator."), "E": part("encoder."), "gen_widths": config["widths"], "gen_conditioned": True,
            "gen_logmag_range": float(config.get("logmag_range", 1.0)), "args": {"z": config["z"]},
            "step": config["step"], "enc_widths": (8, 16, 32, 64, 96)}


def checkpoint_digest(path: Path) -> str:
    """The first 12 hex digits of a checkpoint file's SHA-256: what results and caches name it by."""
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def corner_latents(E, data: Path, half: bool = True) -> tuple[list[str], torch.Tensor]:
    """Each training instrument's point: the mean of E's means over its training notes (as export.py)."""
    from train import load_split
    train, _, rows = load_split("train", data)
    z_dim = E.mean.out_features
    sums, counts = defaultdict(lambda: torch.zeros(z_dim, dtype=torch.float64)), defaultdict(int)
    with torch.no_grad():
        for i in range(0, len(rows), 64):
            mean, _ = E(train[i:i + 64].float())
            for row, m in zip(rows[i:i + 64], mean):
                sums[row["instrument"]] += m.double()
                counts[row["instrument"]] += 1
    names = sorted(sums)
    corners = torch.stack([(sums[n] / counts[n]).float() for n in names])
    return names, (corners.half().float() if half else corners)


def blend(latents: torch.Tensor, weights) -> torch.Tensor:
    """The latent mix Kanade played up to 2026-12-06 (CornerBlend.blend, now gone; `--blend latents`): the weighted
    mean of the corner latents, rescaled to the weighted mean of their lengths (float64, as the Swift code was)."""
    z = latents.double()
    w = torch.tensor(weights, dtype=torch.float64)
    keep = w != 0
    mean = (w[keep, None] * z[keep]).sum(0)
    target = (w[keep] * z[keep].norm(dim=1)).sum()
    length = mean.norm()
    scale = target / length if length > 1e-9 * max(float(target), 1e-30) else 1.0
    return (mean * scale).float()


def nsynth_weights(x: float, y: float) -> list[float]:
    """CornerBlend.weights: corners (0,0), (1,0), (0,1), (1,1); w_i = max(1 − ‖xy − c_i‖, 0), normalised."""
    px, py = min(max(x, 0), 1), min(max(y, 0), 1)
    raw = [max(1 - math.hypot(px - cx, py - cy), 0) for cx, cy in ((0, 0), (1, 0), (0, 1), (1, 1))]
    s = sum(raw)
    return [r / s for r in raw]


def grid_points(rng, names: list[str], count: int) -> tuple[list[dict], list]:
    """`count` random grid points (four corners drawn without replacement, then x, y): described, and as
    (corner indices, NSynth Super weights) pairs for `point_audio`."""
    points, mixes = [], []
    for _ in range(count):
        four = rng.choice(len(names), 4, replace=False)
        x, y = rng.random(2)
        points.append({"corners": [names[i] for i in four], "x": round(float(x), 4), "y": round(float(y), 4)})
        mixes.append((four, nsynth_weights(float(x), float(y))))
    return points, mixes


def point_audio(G, rep, corners: torch.Tensor, mixes: list, pitches: list[int], depth: int | None = BLEND_DEPTH) -> np.ndarray:
    """Audio [len(mixes) × len(pitches), 64000] of points given as (corner indices, weights): each point's feature
    maps mixed after `depth` blocks (Kanade: 0, TimbrePoint), or with `depth` None its latents (`blend`, as Kanade
    did up to version 3)."""
    if depth is None:
        return generate(G, rep, torch.stack([blend(corners[idx], w) for idx, w in mixes]), pitches)
    return np.concatenate([generate_blended(G, rep, corners[idx], [w], pitches, depth) for idx, w in mixes])


def generate(G, rep, zs: torch.Tensor, pitches: list[int]) -> np.ndarray:
    """Audio [len(zs) × len(pitches), 64000]: every z at every pitch (z-major)."""
    out = []
    with torch.no_grad():
        for z in zs:
            y = G(z.expand(len(pitches), -1), pitch_one_hot(torch.tensor(pitches)))
            out.append(rep.inverse(y).float().numpy())
    return np.concatenate(out)


def generate_blended(G, rep, corner_zs: torch.Tensor, weights: list[list[float]], pitches: list[int],
                     depth: int = 0) -> np.ndarray:
    """Audio [len(weights) × len(pitches), 64000]: each row of `weights` mixes the corners in G (`Generator.mix`)."""
    hot = pitch_one_hot(torch.tensor(pitches))
    with torch.no_grad():
        return np.concatenate([rep.inverse(G.mix(corner_zs, w, hot, depth)).float().numpy() for w in weights])


# ----------------------------------------------------------------------------------------------------------------
# Pitch: torchcrepe

def crepe_f0(audio: np.ndarray, model: str = "tiny", fmin: float = 30.0, fmax: float = 1400.0) -> np.ndarray:
    """Median f0 (Hz) over the held part of each note ([N, samples] at 16 kHz); NaN for a silent note."""
    import torchcrepe
    centres = np.round(np.arange(0.5, 2.5001, 0.2) * RATE).astype(int)
    frames = np.stack([audio[:, c - 512:c + 512] for c in centres], axis=1).reshape(-1, 1024).astype(np.float32)
    x = torch.from_numpy(frames)
    x = x - x.mean(dim=1, keepdim=True)
    std = x.std(dim=1, keepdim=True)
    silent = (std < 1e-6).squeeze(1)
    x = x / torch.clamp(std, min=1e-10)
    cents_all = torchcrepe.convert.bins_to_cents(torch.arange(360)).double()
    freqs = 10 * 2 ** (cents_all / 1200)
    allowed = (freqs >= fmin) & (freqs <= fmax)
    f0 = []
    with torch.no_grad():
        for i in range(0, len(x), 1024):
            probs = torchcrepe.infer(x[i:i + 1024], model).double()          # [n, 360], sigmoid outputs
            probs[:, ~allowed] = 0
            best = probs.argmax(dim=1)
            idx = torch.arange(360)[None, :]
            window = (idx >= best[:, None] - 4) & (idx <= best[:, None] + 4)
            w = probs * window
            cents = (w * cents_all[None, :]).sum(1) / torch.clamp(w.sum(1), min=1e-12)
            f0.append(10 * 2 ** (cents / 1200))
    f0 = torch.cat(f0)
    f0[silent] = float("nan")
    f0 = f0.view(len(audio), len(centres)).numpy()
    with np.errstate(all="ignore"):
        return np.nanmedian(f0, axis=1) if np.isfinite(f0).any() else np.full(len(audio), np.nan)


def cents_error(f0: np.ndarray, pitches) -> np.ndarray:
    target = 440.0 * 2 ** ((np.asarray(pitches) - 69) / 12)
    with np.errstate(all="ignore"):
        err = 1200 * np.log2(f0 / target)
    return np.where(np.isfinite(err), err, np.inf)


def pitch_summary(f0: np.ndarray, pitches, groups=None) -> dict:
    err = np.abs(cents_error(f0, pitches))
    right = err <= 50
    out = {"notes": int(len(err)), "within_50_cents": round(float(right.mean()), 4),
           "median_abs_cents": round(float(np.median(np.where(np.isfinite(err), err, 1e9))), 1),
           "octave_errors": int(np.sum(np.abs(err - 1200) <= 50) + np.sum(np.abs(err - 2400) <= 50))}
    p = np.asarray(pitches)
    out["by_octave"] = {f"{lo}-{lo + 11}": round(float(right[(p >= lo) & (p <= lo + 11)].mean()), 3)
                        for lo in range(24, 85, 12) if ((p >= lo) & (p <= lo + 11)).any()}
    if groups is not None:
        g = np.asarray(groups)
        per = sorted((float(right[g == name].mean()), name) for name in sorted(set(groups)))
        out["worst"] = [[round(a, 3), n] for a, n in per[:5]]
    return out


# ----------------------------------------------------------------------------------------------------------------
# Timbre: log-mel distance

class LogMel:
    def __init__(self):
        import torchaudio
        self.mel = torchaudio.transforms.MelSpectrogram(RATE, n_fft=1024, hop_length=512, n_mels=64, power=2.0)

    def __call__(self, audio: np.ndarray) -> np.ndarray:
        out = []
        with torch.no_grad():
            for i in range(0, len(audio), 128):
                out.append(torch.log(self.mel(torch.from_numpy(np.ascontiguousarray(audio[i:i + 128],
                                                                                   dtype=np.float32))) + 1e-5))
        return torch.cat(out).numpy().astype(np.float32)


def nearest_rate(gen: np.ndarray, real: np.ndarray, members: list[list[int]]) -> dict:
    """gen, real: log-mels [instruments, pitches, mels, frames]; members: sets of 4 instrument indices. A case is
    (set, instrument in it, pitch): right when d(gen[i,p], real[i,p]) < d(gen[i,p], real[j,p]) for the other j."""
    right, total, margins = 0, 0, []
    for group in members:
        for i in group:
            d = {j: np.abs(gen[i] - real[j]).mean(axis=(1, 2)) for j in group}       # [pitches]
            others = np.min(np.stack([d[j] for j in group if j != i]), axis=0)
            right += int(np.sum(d[i] < others))
            total += len(d[i])
            margins.append(others - d[i])
    m = np.concatenate(margins)
    return {"cases": total, "closest_to_own": round(right / total, 4), "median_margin": round(float(np.median(m)), 4)}


# ----------------------------------------------------------------------------------------------------------------
# Morph: spectral centroid along straight paths

def spectral_centroid(audio: np.ndarray) -> np.ndarray:
    """Magnitude-weighted mean frequency (Hz) over the held part (0.25–2.75 s), per note."""
    x = torch.from_numpy(np.ascontiguousarray(audio[:, int(0.25 * RATE):int(2.75 * RATE)], dtype=np.float32))
    spec = torch.stft(x, 2048, 512, window=torch.hann_window(2048), return_complex=True).abs()   # [N, bins, T]
    freqs = torch.fft.rfftfreq(2048, 1 / RATE)[None, :, None]
    power = spec.sum(dim=(1, 2))
    return ((spec * freqs).sum(dim=(1, 2)) / torch.clamp(power, min=1e-12)).numpy()


def spearman(a, b) -> float:
    from scipy.stats import spearmanr
    r = spearmanr(a, b).statistic
    return float(r) if r == r else 0.0


# ----------------------------------------------------------------------------------------------------------------
# Clicks, silence, clipping

def sox_peaks(audio: np.ndarray) -> np.ndarray:
    """Maximum amplitude per note, as `sox FILE -n stat` reports it (float WAVs, so clipping is visible)."""
    import soundfile
    peaks = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, a in enumerate(audio):
            path = f"{tmp}/n{i}.wav"
            soundfile.write(path, a.astype(np.float32), RATE, subtype="FLOAT")
            err = subprocess.run(["sox", path, "-n", "stat"], capture_output=True, text=True).stderr
            line = next(l for l in err.splitlines() if l.startswith("Maximum amplitude"))
            low = next(l for l in err.splitlines() if l.startswith("Minimum amplitude"))
            peaks.append(max(float(line.split(":")[1]), -float(low.split(":")[1])))
    return np.array(peaks)


def clicks(audio: np.ndarray, ratio: float = 10.0, floor: float = 1e-3, window: int = 512,
           first: bool = False) -> np.ndarray:
    """Per note, the number of samples whose step |x[n] − x[n−1]| exceeds `ratio` × the RMS of the steps in
    the `window` samples around it and `floor` in absolute value (x[−1] = 0: a note that starts away from zero
    clicks at sample 0). `first=True`: only whether sample 0 is such a step."""
    counts = []
    k = np.ones(window) / window
    for a in audio.astype(np.float64):
        d = np.abs(np.diff(a, prepend=0.0))
        rms = np.sqrt(np.convolve(d * d, k, mode="same"))
        hit = (d > ratio * rms) & (d > floor)
        counts.append(int(hit[0]) if first else int(np.sum(hit)))
    return np.array(counts)


def artefacts(audio: np.ndarray, use_sox: bool = True) -> dict:
    peaks = np.abs(audio).max(axis=1)
    out = {"notes": int(len(audio)), "silent_peak_below_1e-3": int(np.sum(peaks < 1e-3)),
           "clipped_peak_at_least_1": int(np.sum(peaks >= 1.0)), "peak_median": round(float(np.median(peaks)), 4),
           "peak_max": round(float(peaks.max()), 4)}
    c = clicks(audio)
    c0 = clicks(audio, first=True)
    out |= {"notes_with_clicks": int(np.sum(c > 0)), "clicks_total": int(c.sum()),
            "notes_with_click_at_sample_0": int(c0.sum()), "notes_with_clicks_after_sample_0": int(np.sum(c - c0 > 0))}
    if use_sox:
        sp = sox_peaks(audio)
        out |= {"sox_silent": int(np.sum(sp < 1e-3)), "sox_clipped": int(np.sum(sp >= 1.0)),
                "sox_numpy_peak_max_diff": float(np.max(np.abs(sp - peaks)))}
    return out


# ----------------------------------------------------------------------------------------------------------------
# YIN (a cheap probe for train.py)

def yin_f0(audio: np.ndarray, threshold: float = 0.15, fmin: float = 28.0, fmax: float = 1200.0) -> float:
    """Median YIN f0 (Hz) over the held part of one note; NaN when no frame is voiced (de Cheveigné & Kawahara
    2002: cumulative-mean-normalised difference, parabolic refinement)."""
    w, tau_max, tau_min = 2048, int(RATE / fmin), int(RATE / fmax)
    f0s = []
    for start in range(int(0.25 * RATE), int(2.75 * RATE) - w - tau_max, 4096):
        x = audio[start:start + w + tau_max].astype(np.float64)
        if np.abs(x).max() < 1e-4:
            continue
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


def yin_pitch_accuracy(audio: np.ndarray, pitches) -> float:
    f0 = np.array([yin_f0(a) for a in audio])
    return float(np.mean(np.abs(cents_error(f0, pitches)) <= 50))


# ----------------------------------------------------------------------------------------------------------------

def real_reference(data: Path, logmel: LogMel, model: str, cache: Path) -> dict:
    """Crepe f0 and log-mels of the real renders (reference split and held-out velocity-127 notes), cached."""
    if cache.exists():
        z = np.load(cache, allow_pickle=False)
        return {k: z[k] for k in z.files}
    ref = np.load(data / "reference.npy").astype(np.float32) / 32767
    ref_rows = json.loads((data / "reference.json").read_text())
    test = np.load(data / "test.npy", mmap_mode="r")
    test_rows = json.loads((data / "test.json").read_text())
    sel = [i for i, r in enumerate(test_rows) if r["velocity"] == 127]
    test127 = test[sel].astype(np.float32) / 32767
    out = {"ref_f0": crepe_f0(ref, model), "ref_logmel": logmel(ref),
           "ref_pitch": np.array([r["pitch"] for r in ref_rows]),
           "ref_names": np.array([r["instrument"] for r in ref_rows]),
           "test_f0": crepe_f0(test127, model), "test_logmel": logmel(test127),
           "test_pitch": np.array([test_rows[i]["pitch"] for i in sel]),
           "test_names": np.array([test_rows[i]["instrument"] for i in sel]),
           "ref_clicks": clicks(ref), "ref_peaks": np.abs(ref).max(axis=1)}
    np.savez(cache, **out)
    return out


def rows_by(row_names, row_pitches, names: list[str]) -> np.ndarray:
    """Row indices of the real renders for each instrument in `names`, at pitches 24…84 in order."""
    where = {(str(n), int(p)): i for i, (n, p) in enumerate(zip(row_names, row_pitches))}
    return np.array([where[(n, p)] for n in names for p in PITCHES])


def held_out(G, E, rep, logmel, real, args, rng, pitch: bool = True) -> dict:
    """The held-out instruments, each encoded from one note (pitch 60, velocity 127), at all 61 pitches."""
    out = {}
    from train import load_split
    test, _, test_rows = load_split("test", args.data)
    held = sorted({r["instrument"] for r in test_rows})
    enc_idx = [next(i for i, r in enumerate(test_rows) if r["instrument"] == h and r["pitch"] == 60
                    and r["velocity"] == 127) for h in held]
    with torch.no_grad():
        held_z, _ = E(test[enc_idx].float())
    held_audio = generate(G, rep, held_z, PITCHES)
    held_lm = logmel(held_audio).reshape(len(held), len(PITCHES), 64, -1)
    test_lm = real["test_logmel"][rows_by(real["test_names"], real["test_pitch"], held)]
    test_lm = test_lm.reshape(len(held), len(PITCHES), 64, -1)
    held_sets = draw_sets(rng, len(held), args.sets)
    out["timbre_held_out_encoded_from_one_note"] = nearest_rate(held_lm, test_lm, held_sets) | {"sets": args.sets}
    if pitch:
        out["pitch_held_out_encoded"] = pitch_summary(crepe_f0(held_audio, args.crepe), PITCHES * len(held),
                                                      [h for h in held for _ in PITCHES])
    out["_audio"] = held_audio
    return out


def draw_sets(rng, n: int, count: int) -> list[list[int]]:
    """`count` seeded sets of 4 distinct indices below n (the timbre measure's sets)."""
    return [list(rng.choice(n, 4, replace=False)) for _ in range(count)]


def morph_paths(G, rep, logmel, names: list[str], corners: torch.Tensor, rng, paths: int,
                depth: int | None = BLEND_DEPTH) -> tuple[dict, list]:
    """The morph figure: `paths` seeded corner-to-corner edges, 9 points, spectral centroid averaged over four
    pitches, |Spearman ρ| against t (and the log-mel distance from the start, which should only grow). Points
    are mixed as `point_audio` mixes them."""
    ts = np.linspace(0, 1, 9)
    morph_pitches = [36, 48, 60, 72]
    rhos, rhos_lm, path_rows, morph_audio = [], [], [], []
    for _ in range(paths):
        a, b = rng.choice(len(names), 2, replace=False)
        audio = point_audio(G, rep, corners, [([a, b], [1 - t, t]) for t in ts], morph_pitches, depth)
        morph_audio.append(audio)
        cent = spectral_centroid(audio).reshape(len(ts), len(morph_pitches)).mean(1)
        lm = logmel(audio).reshape(len(ts), len(morph_pitches), -1)
        dist = np.abs(lm - lm[:1]).mean(axis=(1, 2))
        r, r_lm = spearman(ts, cent), spearman(ts, dist)
        rhos.append(abs(r)); rhos_lm.append(r_lm)
        path_rows.append({"from": names[a], "to": names[b], "centroid_hz": [round(float(c), 1) for c in cent],
                          "spearman": round(r, 3)})
    return {"paths": paths, "points_per_path": len(ts), "pitches": morph_pitches,
            "centroid_mean_abs_spearman": round(float(np.mean(rhos)), 4),
            "centroid_median_abs_spearman": round(float(np.median(rhos)), 4),
            "centroid_paths_at_least_0.9": int(np.sum(np.array(rhos) >= 0.9)),
            "logmel_distance_from_start_mean_spearman": round(float(np.mean(rhos_lm)), 4),
            "path_list": path_rows}, morph_audio


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--data", type=Path, default=HERE / "data")
    p.add_argument("--out", type=Path, default=HERE / "results" / "evaluation.json")
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--crepe", default="tiny", choices=("tiny", "full"))
    p.add_argument("--grid-points", type=int, default=20)
    p.add_argument("--paths", type=int, default=50)
    p.add_argument("--sets", type=int, default=100)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-sox", action="store_true")
    p.add_argument("--no-pitch", action="store_true",
                   help="everything but the crepe pitch figures (pitch_full.py measures those with crepe `full`)")
    p.add_argument("--timbre-only", action="store_true",
                   help="only the timbre figures (training corners and held-out), with the full run's seeded sets")
    p.add_argument("--morph-only", action="store_true",
                   help="only the morph figure, on the full run's paths (the seeded draws before it are still made)")
    p.add_argument("--blend", choices=("features", "latents"), default="features",
                   help="how a point mixes its corners: G's feature maps (Kanade, TimbrePoint) or the latents "
                        "(the mix Kanade played up to 2026-12-06)")
    p.add_argument("--blend-depth", type=int, default=BLEND_DEPTH,
                   help=f"with --blend features: mix after this many of G's blocks (Kanade: {BLEND_DEPTH})")
    p.add_argument("--held-out-only", action="store_true",
                   help="only the held-out instruments encoded from one note (pitch and timbre): a probe")
    args = p.parse_args()
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    if args.quick:
        args.grid_points, args.paths, args.sets = 4, 10, 20

    G, E, state = load_models(args.checkpoint)
    rep = features.Representation()
    logmel = LogMel()
    names, corners = corner_latents(E, args.data)
    real = real_reference(args.data, logmel, args.crepe, args.data / f"eval-reference-{args.crepe}.npz")
    out = {"checkpoint": str(args.checkpoint), "sha256_12": checkpoint_digest(args.checkpoint), "step": state["step"],
           "seed": args.seed, "crepe_model": args.crepe,
           "weights": "float16-rounded, as exported", "quick": args.quick}
    depth = None if args.blend == "latents" else args.blend_depth
    out["blend"] = "latents" if depth is None else f"features after {depth} blocks"

    if args.held_out_only:
        out |= held_out(G, E, rep, logmel, real, args, rng)
        out.pop("_audio")
        args.out.write_text(json.dumps(out, indent=1) + "\n")
        print(json.dumps({k: out[k] for k in ("timbre_held_out_encoded_from_one_note",)}
                         | {"pitch_held_out_encoded": out["pitch_held_out_encoded"]["within_50_cents"]}))
        return
    pitch = not (args.no_pitch or args.timbre_only or args.morph_only)
    # Pitch: real renders.
    if pitch:
        out["pitch_real_training_instruments"] = pitch_summary(real["ref_f0"], real["ref_pitch"],
                                                               list(real["ref_names"]))
        out["pitch_real_held_out_instruments"] = pitch_summary(real["test_f0"], real["test_pitch"],
                                                               list(real["test_names"]))
    # Pitch: corners (all 65, or every 4th with --quick) at all 61 pitches.
    which = list(range(0, len(names), 4 if args.quick else 1))
    corner_audio = None if args.morph_only else generate(G, rep, corners[which], PITCHES)
    corner_pitch = PITCHES * len(which)
    corner_names = [names[i] for i in which for _ in PITCHES]
    if pitch:
        f0 = crepe_f0(corner_audio, args.crepe)
        out["pitch_corners"] = pitch_summary(f0, corner_pitch, corner_names)
        print("corners", out["pitch_corners"]["within_50_cents"], flush=True)
    # Pitch: random grid points.
    points, grid_mixes = grid_points(rng, names, args.grid_points)          # drawn in every mode: the same sets
    if args.morph_only:
        # The draws the timbre sets and the held-out sets would make, so the paths are the full run's.
        n_held = len({r["instrument"] for r in json.loads((args.data / "test.json").read_text())})
        draw_sets(rng, len(which), args.sets)
        draw_sets(rng, n_held, args.sets)
        out["morph"], _ = morph_paths(G, rep, logmel, names, corners, rng, args.paths, depth)
        out["seconds"] = round(time.perf_counter() - t0, 1)
        args.out.write_text(json.dumps(out, indent=1) + "\n")
        print("morph", out["morph"]["centroid_mean_abs_spearman"], out["morph"]["centroid_paths_at_least_0.9"], flush=True)
        return
    grid_audio = None if args.timbre_only else point_audio(G, rep, corners, grid_mixes, PITCHES, depth)
    if pitch:
        f0g = crepe_f0(grid_audio, args.crepe)
        out["pitch_grid_points"] = pitch_summary(f0g, PITCHES * args.grid_points,
                                                 [f"point{i}" for i in range(args.grid_points) for _ in PITCHES])
        out["pitch_grid_points"]["points"] = points
        both = np.concatenate([f0, f0g])
        out["pitch_corners_and_grid"] = pitch_summary(both, corner_pitch + PITCHES * args.grid_points)
        print("grid", out["pitch_grid_points"]["within_50_cents"], flush=True)
    else:
        out["grid_points"] = points

    # Timbre: training corners against the real reference renders, seeded sets of 4.
    gen_lm = logmel(corner_audio).reshape(len(which), len(PITCHES), 64, -1)
    ref_lm = real["ref_logmel"][rows_by(real["ref_names"], real["ref_pitch"], [names[i] for i in which])]
    ref_lm = ref_lm.reshape(len(which), len(PITCHES), 64, -1)
    sets = draw_sets(rng, len(which), args.sets)
    out["timbre_training_corners"] = nearest_rate(gen_lm, ref_lm, sets) | {"sets": args.sets}
    out |= held_out(G, E, rep, logmel, real, args, rng, pitch=pitch)
    held_audio = out.pop("_audio")
    print("timbre", out["timbre_training_corners"]["closest_to_own"],
          out["timbre_held_out_encoded_from_one_note"]["closest_to_own"], flush=True)
    if args.timbre_only:
        out["seconds"] = round(time.perf_counter() - t0, 1)
        args.out.write_text(json.dumps(out, indent=1) + "\n")
        return

    out["morph"], morph_audio = morph_paths(G, rep, logmel, names, corners, rng, args.paths, depth)
    print("morph", out["morph"]["centroid_mean_abs_spearman"], flush=True)

    # Clicks, silence, clipping.
    generated = np.concatenate([corner_audio, grid_audio, held_audio] + morph_audio)
    out["artefacts_generated"] = artefacts(generated, use_sox=not args.no_sox)
    out["artefacts_real_reference"] = {"notes": int(len(real["ref_peaks"])),
                                       "silent_peak_below_1e-3": int(np.sum(real["ref_peaks"] < 1e-3)),
                                       "clipped_peak_at_least_1": int(np.sum(real["ref_peaks"] >= 1.0)),
                                       "notes_with_clicks": int(np.sum(real["ref_clicks"] > 0)),
                                       "clicks_total": int(real["ref_clicks"].sum())}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    summary = {k: out[k] for k in ("pitch_corners", "pitch_grid_points", "pitch_real_training_instruments") if k in out}
    print(json.dumps({k: v["within_50_cents"] for k, v in summary.items()}
                     | {"timbre_train": out["timbre_training_corners"]["closest_to_own"],
                        "timbre_held_out": out["timbre_held_out_encoded_from_one_note"]["closest_to_own"],
                        "morph": out["morph"]["centroid_mean_abs_spearman"],
                        "artefacts": out["artefacts_generated"], "seconds": out["seconds"]}))


if __name__ == "__main__":
    main()
