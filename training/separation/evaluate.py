"""museval (BSSEval v4) SDR of the separators on the synthetic test songs (issue 17).

    OMP_NUM_THREADS=1 nice -n 10 /work/venv/bin/python training/separation/evaluate.py --data /tmp/stems_data \
        --methods oracle,hpss,repet,unet,unet-wiener --checkpoint /tmp/stems_ckpt/unet.pt
    /work/venv/bin/python training/separation/evaluate.py --table      # the medians from results/eval.jsonl

Per song, per method, museval.evaluate (v4: one set of distortion filters over the whole song, metrics in 1-second
windows, hop 1 s) and the median over the windows (NaN windows, where a source is silent, skipped); the table
is the median of those over songs. One JSON line per song and method goes to results/eval.jsonl; songs already
there are skipped, so the run resumes.

Methods:
- unet: the U-Net's masks (unet.py) on the mixture's complex STFT, ISTFT. unet-wiener: the same, then one
  iteration of the Wiener/EM post-filter (unet.wiener).
- oracle: the ideal ratio mask |S_j| / Σ|S_i| from the true stems on the same STFT (2048/512), the mixture's phase.
- hpss, repet: a python port of Signal's HarmonicPercussiveSeparator (median filters of 31 frames / 31 bins,
  truncated at the edges, upper median; mask H²/(H²+P²)) and RepeatingPatternSeparator (cosine frame similarity,
  up to 10 neighbours ≥ 21 frames apart with similarity ≥ 0 including the frame itself, bin-wise upper median
  capped by the mixture) as StemSeparator runs them on 44.1 kHz audio: each channel alone, STFT 2048/512 (a 20-s
  song is one chunk). They make two stems, so they are scored as two-source separations where they apply:
  hpss percussive vs drums (harmonic vs the rest), repet foreground vs vocals (background vs the rest).

Also per song and method: how well the stems add up, 10·log10(‖mix − Σ stems‖² / ‖mix‖²) in dB.
"""
import argparse
import glob
import json
import os
import sys
import time
import types

import numpy as np
import soundfile
import torch

sys.modules.setdefault("stempeg", types.ModuleType("stempeg"))   # musdb imports it; it needs ffmpeg; unused here
import museval  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from unet import BINS, MULTIPLE, STEMS, UNet, full_masks, istft, stft, wiener  # noqa: E402

RESULTS = os.path.join(HERE, "results", "eval.jsonl")


def load(folder):
    stems = np.stack([soundfile.read(os.path.join(folder, f"{s}.wav"), dtype="float32", always_2d=True)[0] for s in STEMS])
    mix = soundfile.read(os.path.join(folder, "mixture.wav"), dtype="float32", always_2d=True)[0]
    return stems, mix   # (4, S, 2), (S, 2)


def unet_masks(model, spec):
    """spec (C, F, K) complex → masks (4, C, F, K): frames padded to a multiple of 32 for the net, cropped back."""
    mag = spec.abs()[..., :BINS].float()
    frames = mag.shape[1]
    padded = -(-frames // MULTIPLE) * MULTIPLE
    x = torch.nn.functional.pad(mag, (0, 0, 0, padded - frames))
    with torch.no_grad():
        m = model(torch.log1p(x).unsqueeze(0))[0, :, :, :frames]
    return full_masks(m, spec.shape[-1])


def load_model(path):
    model = UNet()
    saved = torch.load(path, weights_only=False)
    model.load_state_dict(saved["model"] if "model" in saved else saved)
    model.eval()
    return model


def upper_median(windows):
    """Median of each row of `windows` (…, n) holding NaN for missing values: the sorted upper middle, as Swift."""
    s = np.sort(windows, axis=-1)          # NaN last
    n = np.sum(~np.isnan(windows), axis=-1)
    return np.take_along_axis(s, (n // 2)[..., None], axis=-1)[..., 0]


def median_filter(mag, kernel, axis):
    half = kernel // 2
    m = np.moveaxis(mag, axis, -1)
    padded = np.pad(m, [(0, 0)] * (m.ndim - 1) + [(half, half)], constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, kernel, axis=-1)
    return np.moveaxis(upper_median(windows), -1, axis)


def hpss_mask(mag):
    """mag (F, K) → harmonic mask."""
    h = median_filter(mag, 31, 0)
    p = median_filter(mag, 31, 1)
    t, r = h * h, p * p
    out = np.full_like(mag, 0.5)
    np.divide(t, t + r, out=out, where=(t + r) > 0)
    return out


def repet_mask(mag, neighbours=10, separation=21):
    """mag (F, K) → background mask."""
    norms = np.linalg.norm(mag, axis=1)
    denom = np.outer(norms, norms)
    sim = np.divide(mag @ mag.T, denom, out=np.zeros_like(denom), where=denom > 0)
    np.fill_diagonal(sim, (norms > 0).astype(sim.dtype))
    mask = np.ones_like(mag)
    for f in range(mag.shape[0]):
        chosen = [f]
        for cand in np.argsort(-sim[f], kind="stable"):
            if len(chosen) >= neighbours:
                break
            if sim[f, cand] < 0:
                break
            if all(abs(c - cand) >= separation for c in chosen):
                chosen.append(cand)
        model = upper_median(mag[chosen].T)
        v = mag[f]
        mask[f] = np.divide(np.minimum(model, v), v, out=np.ones_like(v), where=v > 0)
    return mask


def classical(method, mix):
    """mix (S, C) → (part, rest) each (S, C): hpss → (percussive, harmonic); repet → (foreground, background)."""
    x = torch.from_numpy(mix.T.copy()).double()
    spec = stft(x)                                    # (C, F, K)
    mag = spec.abs().numpy()
    fn = hpss_mask if method == "hpss" else repet_mask
    keep = torch.from_numpy(np.stack([fn(m) for m in mag]))   # harmonic / background share
    first = istft(spec * (1 - keep), mix.shape[0]).numpy().T
    second = istft(spec * keep, mix.shape[0]).numpy().T
    return first, second


def separate(method, stems, mix, model):
    """→ (references (N, S, C), estimates (N, S, C), names)."""
    n = mix.shape[0]
    if method in ("hpss", "repet"):
        part, rest = classical(method, mix.astype(np.float64))
        target = STEMS.index("drums" if method == "hpss" else "vocals")
        others = [i for i in range(4) if i != target]
        refs = np.stack([stems[target], stems[others].sum(0)])
        names = ["drums", "rest"] if method == "hpss" else ["vocals", "rest"]
        return refs, np.stack([part, rest]), names
    x = torch.from_numpy(mix.T.copy()).double()
    spec = stft(x)                                    # (C, F, K)
    if method == "oracle":
        mags = stft(torch.from_numpy(stems.transpose(0, 2, 1).copy()).double()).abs()
        total = mags.sum(0, keepdim=True)
        masks = torch.where(total > 0, mags / total.clamp_min(1e-30), torch.full_like(mags, 0.25))
        est = masks * spec
    else:
        masks = unet_masks(model, spec).double()
        est = wiener(masks, spec) if method == "unet-wiener" else masks * spec
    out = istft(est, n).numpy().transpose(0, 2, 1)
    return stems, out, list(STEMS)


def score(refs, ests):
    """Median SDR per stem; None for a stem whose reference is silent in the whole song (museval refuses all-zero
    references: some valid songs leave a part out), which the other stems are then scored without."""
    sounding = [i for i in range(len(refs)) if np.any(refs[i])]
    out = [None] * len(refs)
    if not sounding:
        return out
    sdr, _, _, _ = museval.evaluate(refs[sounding].astype(np.float64), ests[sounding].astype(np.float64), win=44100, hop=44100)
    for i, s in zip(sounding, sdr):
        out[i] = float(np.nanmedian(s)) if np.any(~np.isnan(s)) else None
    return out


def table(path):
    """The medians over the songs every method has been scored on."""
    rows = [json.loads(line) for line in open(path)]
    common = set.intersection(*({r["song"] for r in rows if r["method"] == m} for m in {r["method"] for r in rows}))
    rows = [r for r in rows if r["song"] in common]
    print(f"test songs (seeds): {sorted(common)}")
    methods = sorted({r["method"] for r in rows}, key=["unet-wiener", "unet", "hpss", "repet", "oracle"].index)
    print("| method | songs | " + " | ".join(STEMS) + " | rest | Σ stems − mix |")
    print("|---" * (len(STEMS) + 4) + "|")
    for m in methods:
        rs = [r for r in rows if r["method"] == m]
        cells = []
        for s in STEMS + ("rest",):
            vals = [r["sdr"][s] for r in rs if r["sdr"].get(s) is not None]
            cells.append(f"{np.median(vals):.2f} dB" if vals else "–")
        add = np.median([r["sum_error_db"] for r in rs])
        print(f"| {m} | {len(rs)} | " + " | ".join(cells) + f" | {add:.1f} dB |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/tmp/stems_data")
    p.add_argument("--methods", default="oracle,hpss,repet,unet,unet-wiener")
    p.add_argument("--checkpoint")
    p.add_argument("--results", default=RESULTS)
    p.add_argument("--limit", type=int, default=0, help="only the first N test songs (by seed)")
    p.add_argument("--split", default="test", choices=["test", "valid"],
                   help="which songs; tune post-filter settings on valid only, never on test")
    p.add_argument("--table", action="store_true")
    args = p.parse_args()
    if args.table:
        table(args.results)
        return
    torch.set_num_threads(1)
    methods = args.methods.split(",")
    model = load_model(args.checkpoint) if any(m.startswith("unet") for m in methods) else None
    folders = sorted(glob.glob(os.path.join(args.data, args.split, "*", "song.json")), key=lambda p: int(p.split(os.sep)[-2]))
    folders = [os.path.dirname(f) for f in folders][: args.limit or None]
    done = set()
    if os.path.exists(args.results):
        done = {(r["method"], r["song"]) for r in map(json.loads, open(args.results))}
    os.makedirs(os.path.dirname(args.results), exist_ok=True)
    for folder in folders:
        song = int(os.path.basename(folder))
        todo = [m for m in methods if (m, song) not in done]
        if not todo:
            continue
        stems, mix = load(folder)
        for m in todo:
            started = time.time()
            refs, ests, names = separate(m, stems, mix, model)
            seconds = time.time() - started
            residual = mix - ests.sum(0)
            sum_error = 10 * np.log10(np.sum(residual.astype(np.float64) ** 2) / np.sum(mix.astype(np.float64) ** 2) + 1e-30)
            sdr = dict(zip(names, score(refs, ests)))
            row = {"method": m, "song": song, "sdr": sdr, "sum_error_db": round(float(sum_error), 2),
                   "separate_seconds": round(seconds, 2)}
            with open(args.results, "a") as f:
                f.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
