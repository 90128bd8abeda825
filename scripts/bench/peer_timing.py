"""The timing the PyTorch peers share (scripts/bench/*_peer.py): one warm-up call, then `repeats` timed calls."""
from __future__ import annotations

import statistics
import time


def measure(work, repeats: int) -> dict:
    """{"min_ms", "median_ms"} of `repeats` calls of `work` after one untimed call."""
    work()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return {"min_ms": round(min(times), 2), "median_ms": round(statistics.median(times), 2)}
