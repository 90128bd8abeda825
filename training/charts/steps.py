"""Step selection (which arrows) for the model's placements, and the playability check (issue 19, "Placement").

Rules, one set for reference and model charts (reference.py's RULES per difficulty):
1. Peaks of the placement probability (frame is the maximum of its +-2 frames and >= the difficulty's threshold)
   are put on the beat grid at the nearest allowed snap of the difficulty (Beginner/Easy/Medium quarters
   and eighths as reference.py allows, Hard/Challenge also sixteenths and eighth-note triplets);
   two peaks on one position keep the stronger.
2. Strongest first, a position is kept only if it is at least the difficulty's gap (reference.py RULES) from every
   kept one; Hard also refuses more than 3 gaps of 1/4 beat in a row (a sixteenth run of more than 4 notes).
3. Arrows (0 L, 1 D, 2 U, 3 R), single notes: feet alternate; the left foot steps L/D/U, the right foot R/D/U
   (so no crossover); the foot takes its outer arrow on a beat, and a centre arrow (D on the first of the two
   centre choices, then U) off the beat; never the previous arrow again (no jack) below Challenge, and on
   Challenge not within 1/2 beat.
The check (`problems`) is what a player cannot step at that difficulty: a gap under the rule, a snap the
difficulty does not allow, a foot on the other side's arrow (crossover), a jack where rule 3 forbids it,
a sixteenth run longer than Hard allows. Applied to every reference chart and every model chart in evaluate.py.
"""
from fractions import Fraction

import numpy as np

from reference import DIFFS, RULES, kind_of, longest_run

LEFT, RIGHT = (0, 1, 2), (3, 1, 2)


def snap_candidates(b, diff):
    out = [Fraction(round(b)), Fraction(round(b * 2), 2)]
    if "s" in RULES[diff]["snaps"]:
        out += [Fraction(round(b * 4), 4), Fraction(round(b * 3), 3)]
    return [q for q in out if kind_of(q) in RULES[diff]["snaps"]]


def place(frames, p, diff, bpm, first_beat=0.0):
    """Peak frames -> sorted beats (Fractions) by rules 1-2."""
    cand = {}
    for f in frames:
        b = (f / 100.0 - first_beat) * bpm / 60.0
        q = min(snap_candidates(b, diff), key=lambda q: abs(float(q) - b))
        if q < 0:
            continue
        if q not in cand or p[f] > cand[q]:
            cand[q] = float(p[f])
    gap = RULES[diff]["gap"]
    kept = []
    for q in sorted(cand, key=lambda q: (-cand[q], q)):
        if all(abs(q - k) >= gap for k in kept):
            trial = sorted(kept + [q])
            if diff == "Hard" and longest_run(trial, Fraction(1, 4)) > 3:
                continue
            kept = trial
    return kept


def arrows(beats, diff):
    out, foot, centre = [], 0, 1
    for i, b in enumerate(beats):
        side = LEFT if foot == 0 else RIGHT
        if b.denominator == 1:
            pref = [side[0], centre, 3 - centre]
        else:
            pref = [centre, 3 - centre, side[0]]
        prev = out[-1] if out else None
        no_jack = prev is not None and (diff != "Challenge" or b - beats[i - 1] < Fraction(1, 2))
        lane = next(l for l in pref if l in side and not (no_jack and l == prev))
        if lane in (1, 2):
            centre = 3 - lane
        out.append(lane)
        foot = 1 - foot
    return out


def problems(beats, lanes, diff):
    """Empty when playable at this difficulty; otherwise one line per problem."""
    r, out = RULES[diff], []
    beats = [Fraction(b) for b in beats]
    for i, (b, l) in enumerate(zip(beats, lanes)):
        if kind_of(b) not in r["snaps"]:
            out.append(f"snap {b}")
        foot_side = LEFT if i % 2 == 0 else RIGHT
        if l not in foot_side:
            out.append(f"crossover at beat {b}")
        if i:
            g = b - beats[i - 1]
            if g < r["gap"]:
                out.append(f"gap {g} at beat {b}")
            if l == lanes[i - 1] and (diff != "Challenge" or g < Fraction(1, 2)):
                out.append(f"jack at beat {b}")
    if diff == "Hard" and longest_run(beats, Fraction(1, 4)) > 3:
        out.append("sixteenth run over 4 notes")
    return out


def peaks(p, thr, radius=2):
    """Step frames of a probability row: at least `thr`, the maximum of its +-radius frames, and above every
    frame before it there (a plateau gives its first frame). evaluate.py and make_fixtures.py use it."""
    out = []
    for i in range(len(p)):
        if p[i] < thr:
            continue
        lo, hi = max(0, i - radius), min(len(p), i + radius + 1)
        if p[i] == p[lo:hi].max() and (i == lo or p[lo:i].max() < p[i]):
            out.append(i)
    return np.array(out, dtype=int)
