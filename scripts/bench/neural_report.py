"""Ratios for docs/benchmarks.md from one scripts/bench/neural.sh run: Swift (ordo-one text output) vs peers.

Arguments: the peer JSON files and the Swift text outputs of every round. Each figure is the best round of its
side (lowest min, lowest median), since on a shared machine the slower rounds measure the neighbours.
"""
from __future__ import annotations

import json
import re
import sys


def swift_times(text: str) -> dict[str, dict[str, float]]:
    """Wall-clock p0 and p50 in ms for each benchmark in ordo-one/benchmark's text table."""
    times, title = {}, None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(("╒", "│", "╞", "├", "╘", "=")) and "Baseline" not in stripped:
            title = stripped
        elif stripped.startswith("│ Time (wall clock)") and title:
            cells = [c.strip() for c in stripped.strip("│").split("│")]
            unit = 1e-3 if "(μs)" in cells[0] else 1.0 if "(ms)" in cells[0] else 1e-6
            times[title] = {"min": float(cells[1].replace(",", "")) * unit, "p50": float(cells[3].replace(",", "")) * unit}
    return times


def main() -> None:
    peers = [json.load(open(p)) for p in sys.argv[1:] if p.endswith(".json")]
    rounds = [swift_times(open(p).read()) for p in sys.argv[1:] if p.endswith(".txt")]

    def peer(key: str, stat: str) -> float:
        return min(p[key][stat] for p in peers)

    def find(prefix: str) -> dict[str, float]:
        found = [v for r in rounds for k, v in r.items() if k.startswith(prefix)]
        return {stat: min(v[stat] for v in found) for stat in ("min", "p50")}

    print(f"peer versions: {peers[0]['versions']}; rounds: {len(peers)} peer, {len(rounds)} Swift")
    rows = []
    for stat in ("min", "p50"):
        lstm1 = find("LSTM decode 2x512, 32 steps, batch 1, threads 1")[stat]
        lstm2 = find("LSTM decode 2x512, 32 steps, batch 1, threads 2")[stat]
        conv = find("Conv2d")[stat]
        sgemv = find("sgemv floor")[stat]
        rows += [
            (stat, "LSTM decode (Swift, 1 thread)", lstm1, "PyTorch eager", peer("lstm_torch", stat)),
            (stat, "LSTM decode (Swift, 1 thread)", lstm1, "PyTorch eager, 1 thread", peer("lstm_torch_1thread", stat)),
            (stat, "LSTM decode (Swift, 1 thread)", lstm1, "numpy matvec floor", peer("lstm_numpy_floor", stat)),
            (stat, "LSTM decode (Swift, 1 thread)", lstm1, "OpenBLAS sgemv floor (Swift)", sgemv),
            (stat, "LSTM decode (Swift, 2 threads)", lstm2, "PyTorch eager", peer("lstm_torch", stat)),
            (stat, "LSTM decode (Swift, 2 threads)", lstm2, "numpy matvec floor", peer("lstm_numpy_floor", stat)),
            (stat, "Conv2d 3x3 (Swift)", conv, "PyTorch eager", peer("conv_torch", stat)),
            (stat, "Conv2d 3x3 (Swift)", conv, "PyTorch eager, 1 thread", peer("conv_torch_1thread", stat)),
        ]
    print(f"{'stat':4} | {'Kanade':36} | {'ms':>8} | {'peer':30} | {'ms':>8} | Kanade/peer")
    for stat, ours, t, name, p in rows:
        print(f"{stat:4} | {ours:36} | {t:8.2f} | {name:30} | {p:8.2f} | {t / p:6.2f}x")


if __name__ == "__main__":
    main()
