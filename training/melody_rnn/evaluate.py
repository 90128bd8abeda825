"""Evaluates a MelodyRNN checkpoint on the test split: `evaluate.py --run NAME`.

Writes results/eval.json:
- **Per-step log-likelihood** (nats per event, teacher-forced over every test run from its first step) of the
  model and of a **3-gram baseline** fitted on the train split (events; Jelinek-Mercer interpolation of the 3-, 2-
  and 1-gram with add-one 1-grams, the weights chosen on valid from a grid).
- **Continuations** (the issue's bars): for `--primers` test runs of at least 6 bars (drawn with seed 0), the first
  2 bars as the primer, 4
  bars continued at temperature 1 (seeded), free and with the key constraint Kanade applies (a primer whose
  best-fitting major scale holds at least 90 % of its notes only continues in that scale's notes). Their note
  density, pitch range and in-key ratio (training/melody/evaluate.py's `window_stats`, per 2-bar window) beside
  the same measures of the test runs' own bars 3-6; and, for held-out folk tunes whose primer is in a key (90 %
  of its notes in one major scale), the share of the continuations' notes in the primer's scale.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch

from data import runs
from model import CLASSES, MelodyRNN, continue_events, features

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "melody"))
import dataset  # noqa: E402


def _melody_measures():
    """training/melody/evaluate.py's `STAT_KEYS` and `window_stats`. That folder's evaluate.py, model.py and export.py
    share names with this one's, so it is loaded with its own folder first on the path and our modules set aside."""
    import importlib.util
    clashing = {name: sys.modules.pop(name) for name in ("model", "export", "evaluate") if name in sys.modules}
    sys.path.insert(0, str(HERE.parent / "melody"))
    try:
        spec = importlib.util.spec_from_file_location("melody_evaluate", HERE.parent / "melody" / "evaluate.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.STAT_KEYS, module.window_stats
    finally:
        sys.path.pop(0)
        for name in ("model", "export", "evaluate"):
            sys.modules.pop(name, None)
        sys.modules.update(clashing)


STAT_KEYS, window_stats = _melody_measures()

MIN_PITCH = 21


class TrigramModel:
    def __init__(self, train: list[list[int]]):
        self.uni, self.bi, self.tri = Counter(), Counter(), Counter()
        self.bi_ctx, self.tri_ctx = Counter(), Counter()
        for e in train:
            seq = [-1, -1] + list(e)
            for i in range(2, len(seq)):
                a, b, c = seq[i - 2], seq[i - 1], seq[i]
                self.uni[c] += 1
                self.bi[(b, c)] += 1
                self.bi_ctx[b] += 1
                self.tri[(a, b, c)] += 1
                self.tri_ctx[(a, b)] += 1
        self.total = sum(self.uni.values())
        self.weights = (0.6, 0.3, 0.1)

    def logp(self, a: int, b: int, c: int) -> float:
        p1 = (self.uni[c] + 1) / (self.total + CLASSES)
        p2 = self.bi[(b, c)] / self.bi_ctx[b] if self.bi_ctx[b] else 0.0
        p3 = self.tri[(a, b, c)] / self.tri_ctx[(a, b)] if self.tri_ctx[(a, b)] else 0.0
        w3, w2, w1 = self.weights
        return math.log(w3 * p3 + w2 * p2 + w1 * p1)

    def nll(self, runs_: list[list[int]]) -> float:
        total, n = 0.0, 0
        for e in runs_:
            seq = [-1, -1] + list(e)
            for i in range(3, len(seq)):  # from the second event, as the RNN (which predicts e[1:] from e[:-1])
                total -= self.logp(seq[i - 2], seq[i - 1], seq[i])
                n += 1
        return total / n

    def fit_weights(self, valid: list[list[int]]) -> None:
        best = None
        for w3 in np.arange(0.1, 0.95, 0.1):
            for w2 in np.arange(0.05, 1 - w3, 0.1):
                self.weights = (w3, w2, 1 - w3 - w2)
                v = self.nll(valid)
                if best is None or v < best[0]:
                    best = (v, self.weights)
        self.weights = best[1]


@torch.no_grad()
def rnn_nll(model: MelodyRNN, runs_: list[list[int]]) -> float:
    total, n = 0.0, 0
    for e in runs_:
        x = torch.tensor([e])
        logits, _ = model(features(x[:, :-1]))
        total += float(torch.nn.functional.cross_entropy(logits[0], x[0, 1:], reduction="sum"))
        n += len(e) - 1
    return total / n


def scale_mask(primer: list[int]) -> tuple[torch.Tensor | None, int]:
    """The classes allowed by the key constraint (None: the primer is not in a key) and the primer's tonic."""
    notes = np.array([e - 2 + MIN_PITCH for e in primer if e >= 2])
    if not len(notes):
        return None, 0
    tonic, held = dataset.best_major(notes)
    if held / len(notes) < 0.9:
        return None, tonic
    allowed = torch.zeros(CLASSES, dtype=torch.bool)
    allowed[0] = allowed[1] = True
    for c in range(2, CLASSES):
        if ((c - 2 + MIN_PITCH - tonic) % 12) in dataset.MAJOR:
            allowed[c] = True
    return allowed, tonic


def stats_of(windows: list[list[int]]) -> dict:
    w = window_stats(np.array(windows))
    return {k: round(float(np.mean(w[k])), 4) for k in STAT_KEYS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", required=True)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--primers", type=int, default=300, help="test runs (of at least 6 bars, drawn with seed 0) to continue")
    args = ap.parse_args()
    torch.set_num_threads(1)
    started = time.time()
    data = runs()
    state = torch.load(HERE / "runs" / args.run / "latest.pt", weights_only=False)
    model = MelodyRNN(state["config"]["hidden"], state["config"]["layers"])
    model.load_state_dict(state["model"])
    model.eval()
    train = [e for _, e in data["train"]]
    valid = [e for _, e in data["valid"]]
    test = [e for _, e in data["test"]]
    trigram = TrigramModel(train)
    trigram.fit_weights(valid)
    report = {"run": args.run, "step": state["step"], "test_runs": len(test),
              "nll_per_step": {"melody_rnn": round(rnn_nll(model, test), 4), "trigram": round(trigram.nll(test), 4),
                               "trigram_weights": [round(float(w), 2) for w in trigram.weights]}}
    g = torch.Generator().manual_seed(0)
    real, free, keyed, folk_free, folk_keyed = [], [], [], [], []
    long_runs = [(f, e) for f, e in data["test"] if len(e) >= 96]
    chosen = np.random.default_rng(0).choice(len(long_runs), min(args.primers, len(long_runs)), replace=False)
    for f, e in (long_runs[i] for i in sorted(chosen)):
        primer = e[:32]
        real += [e[32:64], e[64:96]]
        allowed, tonic = scale_mask(primer)
        out = continue_events(model, primer, 64, args.temperature, g)[32:]
        free += [out[:32], out[32:]]
        out_k = continue_events(model, primer, 64, args.temperature, g, allowed)[32:]
        keyed += [out_k[:32], out_k[32:]]
        if allowed is not None and dataset.group_of(f) == "folk":
            folk_free.append((out, tonic))
            folk_keyed.append((out_k, tonic))
    real_stats = stats_of(real)

    def rel(s):
        return {k: round(s[k] / real_stats[k] - 1, 4) for k in STAT_KEYS}

    def in_key(seqs):
        """The share of the continuations' notes inside their primer's major scale."""
        notes_in = notes_all = 0
        for s, tonic in seqs:
            notes = np.array([x - 2 + MIN_PITCH for x in s if x >= 2])
            notes_in += int(np.isin((notes - tonic) % 12, dataset.MAJOR).sum())
            notes_all += len(notes)
        return round(notes_in / max(notes_all, 1), 4)

    report["continuations"] = {
        "primers": len(real) // 2, "temperature": args.temperature,
        "test_bars_3_6": real_stats,
        "free": stats_of(free), "free_relative": rel(stats_of(free)),
        "key_constrained": stats_of(keyed), "key_constrained_relative": rel(stats_of(keyed)),
        "folk_in_key_primers": len(folk_free),
        "folk_in_key_ratio_free": in_key(folk_free), "folk_in_key_ratio_key_constrained": in_key(folk_keyed),
    }
    report["seconds"] = round(time.time() - started, 1)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "eval.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
