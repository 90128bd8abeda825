"""numpy / scipy / librosa peers for the Signal STFT benchmark (docs/benchmarks.md).

The same STFT as Kanade's: n_fft 2048, hop 512, periodic Hann, no centring, magnitudes,
float32 input. Usage: stft_python.py INPUT.f32 ITERATIONS  (prints "name wall-ms cpu-ms" per iteration).
"""
import sys
import time

import numpy as np

path, iterations = sys.argv[1], int(sys.argv[2])
x = np.fromfile(path, dtype=np.float32)
n, hop = 2048, 512
window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)).astype(np.float32)


def frames():
    return np.lib.stride_tricks.sliding_window_view(x, n)[::hop] * window


def numpy_stft():
    return np.abs(np.fft.rfft(frames(), axis=-1))


peers = {"numpy": numpy_stft}
try:
    import scipy.fft

    peers["scipy"] = lambda: np.abs(scipy.fft.rfft(frames(), axis=-1, workers=1))
except ImportError:
    print("scipy: not installed, skipped", file=sys.stderr)
try:
    import librosa

    peers["librosa"] = lambda: np.abs(librosa.stft(x, n_fft=n, hop_length=hop, window="hann", center=False))
except ImportError:
    print("librosa: not installed, skipped", file=sys.stderr)

for name, run in peers.items():
    result = run()  # warm-up (librosa/numba compile, FFT caches)
    print(f"{name}: {result.shape[-2] if name != 'librosa' else result.shape[-1]} frames", file=sys.stderr)
    for _ in range(iterations):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"{name} {wall * 1e3:.3f} {cpu * 1e3:.3f}", flush=True)
