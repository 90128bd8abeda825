"""Spectrograms of `kanade separate --model unet` on one synthetic test song beside the true stems (model card).

    /work/venv/bin/python training/separation/figures.py .build/release/kanade --song /tmp/stems_data/test/0 \
        --out docs/models/separator-song0.png

Left column: the true stems (and the mixture on top); right: kanade's estimates. Log-magnitude STFT 2048/512 of
the left channel, 0–11 kHz, the first 10 s.
"""
import argparse
import os
import subprocess
import tempfile

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import soundfile  # noqa: E402

STEMS = ("vocals", "drums", "bass", "other")


def spec(x, rate):
    x = x[: 10 * rate, 0]
    frames = np.lib.stride_tricks.sliding_window_view(np.pad(x, 1024), 2048)[::512] * np.hanning(2048)
    return 20 * np.log10(np.abs(np.fft.rfft(frames))[:, :512].T + 1e-5)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("kanade")
    p.add_argument("--song", default="/tmp/stems_data/test/0")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    out = tempfile.mkdtemp(prefix="kanade-sep-fig-")
    subprocess.run([args.kanade, "separate", os.path.join(args.song, "mixture.wav"), "-o", out, "--model", "unet"], check=True)
    fig, axes = plt.subplots(5, 2, figsize=(10, 11), sharex=True, sharey=True)
    mix, rate = soundfile.read(os.path.join(args.song, "mixture.wav"), always_2d=True)
    rows = [("mixture", mix, mix)] + [(s, soundfile.read(os.path.join(args.song, f"{s}.wav"), always_2d=True)[0],
                                        soundfile.read(os.path.join(out, f"{s}.wav"), always_2d=True)[0]) for s in STEMS]
    extent = [0, 10, 0, 512 * rate / 2048 / 1000]
    for r, (name, true, est) in enumerate(rows):
        for c, (label, x) in enumerate((("true", true), ("kanade unet", est))):
            axes[r, c].imshow(spec(x, rate), origin="lower", aspect="auto", vmin=-80, vmax=20, extent=extent, cmap="magma")
            axes[r, c].set_title(f"{name}: {label}" if r else name, fontsize=9)
    for a in axes[:, 0]:
        a.set_ylabel("kHz")
    for a in axes[-1]:
        a.set_xlabel("s")
    fig.tight_layout()
    fig.savefig(args.out, dpi=40)
    print("wrote", args.out, os.path.getsize(args.out), "bytes")


if __name__ == "__main__":
    main()
