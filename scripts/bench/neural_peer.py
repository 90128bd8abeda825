"""Peers for Kanade's Neural benchmarks: PyTorch CPU eager and the numpy BLAS floor, on the same weights.

Writes the weights the Swift benchmark loads (DIR/lstm.safetensors, DIR/conv.safetensors) and prints
best and median times in milliseconds as JSON. Run by scripts/bench/neural.sh, which runs the Swift side in the
same session; see docs/benchmarks.md.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from safetensors.torch import save_file

HIDDEN, LAYERS, STEPS = 512, 2, 32
CONV_SHAPE = (1, 32, 128, 256)


def timed_ms(fn, repeats: int, warmup: int = 3) -> dict[str, float]:
    """Best and median of `repeats` runs, in ms (the best is the figure least disturbed by other processes)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"min": round(min(times), 3), "p50": round(statistics.median(times), 3)}


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kanade-neural-bench")
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    lstm = nn.LSTM(HIDDEN, HIDDEN, num_layers=LAYERS).eval()
    conv = nn.Conv2d(32, 32, 3, padding=1).eval()
    steps = torch.randn(STEPS, 1, HIDDEN)
    image = torch.randn(*CONV_SHAPE)
    save_file({**{k: v.contiguous() for k, v in lstm.state_dict().items()}, "steps": steps}, str(out / "lstm.safetensors"))
    save_file({**conv.state_dict(), "input": image}, str(out / "conv.safetensors"))

    with torch.inference_mode():
        def torch_decode():
            state = None
            for t in range(STEPS):
                _, state = lstm(steps[t:t + 1], state)

        def torch_conv():
            conv(image)

        lstm_torch = timed_ms(torch_decode, 30)
        conv_torch = timed_ms(torch_conv, 100)
        # The same on one thread: on a busy 2-core machine PyTorch's spinning worker threads can cost more than they give.
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        lstm_torch_1 = timed_ms(torch_decode, 30)
        conv_torch_1 = timed_ms(torch_conv, 60)
        torch.set_num_threads(threads)

    # The floor: only the matrix-vector products an LSTM step needs (W_ih·x and W_hh·h per layer), nothing else.
    weights = [(lstm.state_dict()[f"weight_ih_l{l}"].numpy().copy(), lstm.state_dict()[f"weight_hh_l{l}"].numpy().copy())
               for l in range(LAYERS)]
    xs = steps.numpy()[:, 0, :].copy()
    h = np.zeros(HIDDEN, dtype=np.float32)

    def numpy_floor():
        for t in range(STEPS):
            x = xs[t]
            for w_ih, w_hh in weights:
                w_ih @ x
                w_hh @ h

    floor = timed_ms(numpy_floor, 200)
    print(json.dumps({
        "versions": {"torch": torch.__version__, "torch_threads": threads, "numpy": np.__version__},
        "lstm_torch": lstm_torch, "lstm_torch_1thread": lstm_torch_1, "lstm_numpy_floor": floor,
        "conv_torch": conv_torch, "conv_torch_1thread": conv_torch_1,
    }))


if __name__ == "__main__":
    main()
