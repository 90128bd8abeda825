"""The voice-leading check Kanade runs after Gibbs sampling: no parallel fifths or octaves (unisons included).

The network alone writes them far more often than Bach did (docs/models/coconet.md: 7.5 % of both-moving voice
pairs against Bach's 0.07 %), so `Harmonizer` repairs them the way a student corrects an exercise, keeping the
network as the judge of what sounds right:

1. Find the first parallel in time order (voice pairs top-down at each step): two voices that both move, in the
   same direction, between two perfect fifths or two octaves/unisons (intervals mod 12 of 7 or 0).
2. For each of the two voices that may be written (the soprano of `harmonize` may not), take its note that starts
   at that step (the run of equal pitches from there, up to the first cell that may not be written), hide it from
   the network with everything else visible, and score every pitch by the sum over the note's steps of the
   network's log-probabilities.
3. Keep the best-scoring pitch, over both voices, that is a change and makes no parallel with any voice, neither
   into the note nor out of it. If there is none, the parallel stays and the search moves past it.

A note only meets the other voices at its two ends (it holds still in between), so checking those two steps is
exact: every repair removes at least one parallel and adds none, and the pass ends after at most as many repairs
as there were parallels. Deterministic (argmax, ties to the lower pitch), so Swift's `Harmonizer` and this file
give the same roll for the same network; `export.py` writes a golden fixture of it.
"""
from __future__ import annotations

import numpy as np
import torch

from model import VOICES, one_hot

PERFECT = (0, 7)


def moves_in_parallel(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Voice a goes a0 -> a1 and voice b goes b0 -> b1: both move, the same way, between equal perfect intervals
    (unisons/octaves or fifths, compound or not)."""
    da, db = a1 - a0, b1 - b0
    if da == 0 or db == 0 or (da > 0) != (db > 0):
        return False
    # The interval between the voices whichever is above (crossed voices a fifth apart still make fifths), so
    # the test is symmetric in the two voices: `fits` asks it with the written voice first.
    before, after = abs(a0 - b0) % 12, abs(a1 - b1) % 12
    return before == after and before in PERFECT


def violations(roll: np.ndarray) -> list[tuple[int, int, int]]:
    """Every (step, upper voice, lower voice) where two voices move in parallel fifths or octaves into `step`,
    in time order, pairs top-down. roll: [4, T] pitches (MIDI numbers or indices: only differences matter)."""
    found = []
    for t in range(1, roll.shape[1]):
        for a in range(VOICES):
            for b in range(a + 1, VOICES):
                if moves_in_parallel(roll[a, t - 1], roll[a, t], roll[b, t - 1], roll[b, t]):
                    found.append((t, a, b))
    return found


def both_moving(roll: np.ndarray) -> int:
    """Voice-pair transitions where both voices move: the denominator of the parallel rate."""
    moving = 0
    for t in range(1, roll.shape[1]):
        changed = roll[:, t] != roll[:, t - 1]
        n = int(changed.sum())
        moving += n * (n - 1) // 2
    return moving


def fits(roll: np.ndarray, voice: int, start: int, end: int, pitch: int) -> bool:
    """Whether `voice` holding `pitch` over steps [start, end) makes no parallel with any voice at either end."""
    steps = roll.shape[1]
    for other in range(VOICES):
        if other == voice:
            continue
        if start > 0 and moves_in_parallel(roll[voice, start - 1], pitch, roll[other, start - 1], roll[other, start]):
            return False
        if end < steps and moves_in_parallel(pitch, roll[voice, end], roll[other, end - 1], roll[other, end]):
            return False
    return True


@torch.no_grad()
def fix_parallels(model, roll: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, int]:
    """The roll ([4, T] pitch indices) with its parallels repaired where a writable note allows; `known` ([4, T]
    bool) marks the cells that may not change. Returns (roll, repairs made)."""
    model.eval()
    roll = roll.copy()
    skipped: set[tuple[int, int, int]] = set()
    repairs = 0
    limit = len(violations(roll))  # each repair removes at least one parallel; the bound only guards that proof
    while repairs < limit:
        pending = [v for v in violations(roll) if v not in skipped]
        if not pending:
            break
        t, a, b = pending[0]
        best = None  # (score, voice, pitch, end)
        for voice in (a, b):
            if known[voice, t]:
                continue
            end = t
            while end < roll.shape[1] and roll[voice, end] == roll[voice, t] and not known[voice, end]:
                end += 1
            visible = torch.from_numpy((~np.zeros_like(known)).astype(np.float32))
            visible[voice, t:end] = 0
            logits = model(one_hot(torch.from_numpy(roll)[None]), visible[None])[0, voice, t:end]
            scores = torch.log_softmax(logits.double(), dim=-1).sum(0).numpy()
            for pitch in np.argsort(-scores, kind="stable"):
                if pitch != roll[voice, t] and fits(roll, voice, t, end, int(pitch)):
                    if best is None or scores[pitch] > best[0]:
                        best = (float(scores[pitch]), voice, int(pitch), end)
                    break
        if best is None:
            skipped.add((t, a, b))
            continue
        _, voice, pitch, end = best
        roll[voice, t:end] = pitch
        repairs += 1
    return roll, repairs
