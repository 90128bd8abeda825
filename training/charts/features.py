"""DDC-style features for step placement, cached per song.

Log-mel at 100 frames/s (hop 441 at 44.1 kHz) from three FFT sizes 1024/2048/4096 (23/46/93 ms windows),
80 mel bands 27.5 Hz-16 kHz, log(mel + 1e-6), of the mono mixture; frame i is centred on i * 10 ms.
Beat phase (GenéLive!'s beat guide): sin/cos of 2*pi*k*beat for k = 1, 2, 4 (quarter, eighth, sixteenth
cycles), beat = (t - first_beat) * bpm / 60. Training uses each song's known tempo from song.json (events start
on beat 0 at t = 0); the shipped Swift side will use Kanade's beat tracker (`kanade bpm`) instead.

    nice -n 10 /work/venv/bin/python features.py --data /tmp/stems_data --out /tmp/charts/features
writes <out>/<split>/<seed>.npy, float16 [3, 80, frames].
"""
import argparse
import glob
import os

import librosa
import numpy as np
import soundfile as sf

SR, HOP, NMEL, FFTS = 44100, 441, 80, (1024, 2048, 4096)
N_BEAT = 6


def load_mono(path):
    y, sr = sf.read(path, dtype="float32")
    assert sr == SR, (path, sr)
    return y.mean(axis=1) if y.ndim == 2 else y


def logmel(y):
    """[3, 80, T] float32."""
    bands = []
    for n in FFTS:
        m = librosa.feature.melspectrogram(y=y, sr=SR, n_fft=n, hop_length=HOP, n_mels=NMEL, fmin=27.5,
                                           fmax=16000.0, center=True)
        bands.append(np.log(m + 1e-6))
    return np.stack(bands, axis=0).astype(np.float32)


def beat_phase(frames, bpm, first_beat=0.0):
    """[6, frames] float32: sin/cos of 2*pi*k*beat, k = 1, 2, 4, at frame times i / 100 s."""
    beat = (np.arange(frames) / 100.0 - first_beat) * bpm / 60.0
    out = []
    for k in (1, 2, 4):
        out += [np.sin(2 * np.pi * k * beat), np.cos(2 * np.pi * k * beat)]
    return np.stack(out).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/stems_data")
    ap.add_argument("--out", default="/tmp/charts/features")
    a = ap.parse_args()
    for split in ("train", "valid", "test"):
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        for d in sorted(glob.glob(os.path.join(a.data, split, "*"))):
            dst = os.path.join(a.out, split, os.path.basename(d) + ".npy")
            if os.path.exists(dst):
                continue
            np.save(dst + ".tmp.npy", logmel(load_mono(os.path.join(d, "mixture.wav"))).astype(np.float16))
            os.replace(dst + ".tmp.npy", dst)
        print(split, len(glob.glob(os.path.join(a.out, split, "*.npy"))), flush=True)


if __name__ == "__main__":
    main()
