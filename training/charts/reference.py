"""Reference dance-single charts derived by rule from the synthetic songs' own note events (issue 19).

Rules (documented in docs/models/charts.md, "Reference charts"):

1. Candidates: every drum hit (kind from song.json) and every melodic onset of vocals, lead and bass.
   Each is snapped to the nearest sixteenth or, when that is more than 0.1 beat off (shuffle swing), to the
   nearest eighth-note triplet. Song events start on beat 0 at t = 0 s at a constant tempo.
2. Each grid position gets a salience: kick 3, snare 3, cymbal 2, tom 1.5, hat 0.5, vocal/lead onset 2,
   bass onset 1, chords 0.5, summed over the events landing on it; +1 on a beat, +0.5 on an off-beat eighth.
3. Difficulty = which snaps are allowed, the least gap between notes, and a salience floor:
   Beginner quarters only, gap >= 1 beat; Easy quarters, eighths only with salience >= 5, gap >= 1/2 beat;
   Medium quarters and eighths, gap >= 1/2 beat; Hard sixteenths/triplets with salience >= 4, gap >= 1/4;
   Challenge everything, gap >= 1/4 beat. Positions are taken greedily, highest salience first
   (ties: earlier first), keeping each only if it respects the gap to every accepted note.
   Hard also forbids more than 3 notes in a row at a 1/4-beat gap (no sixteenth runs over 4 notes).
4. Lanes (0 L, 1 D, 2 U, 3 R), single notes only (no jumps, holds, mines in this first version):
   feet alternate from note to note; the left foot may step L/D/U, the right R/D/U, so no crossover is ever
   made. Among the foot's lanes, the preferred one follows the melody contour (pitch of the highest
   melodic onset at the position, rising -> U or R side, falling -> D or L side) or, for a drum-only
   position, the kind (kick -> D/L/R, snare -> U/R/L, others -> the foot's outer lane). The same lane twice
   in a row (a jack) is not used below Challenge, and never at a gap under 1/2 beat.

    python reference.py --data /tmp/stems_data --out data/reference   # writes data/reference/<split>/<seed>.json
"""
import argparse
import glob
import json
import os
from collections import Counter, defaultdict
from fractions import Fraction

DIFFS = ["Beginner", "Easy", "Medium", "Hard", "Challenge"]
DRUM_W = {"kick": 3.0, "snare": 3.0, "cymbal": 2.0, "tom": 1.5, "hat": 0.5}
MEL_W = {"vocals": 2.0, "lead": 2.0, "bass": 1.0, "chords": 0.5}
# allowed snaps ('q' quarter, 'e' eighth, 's' sixteenth or triplet), min gap in beats, salience floor per snap
RULES = {
    "Beginner": dict(snaps={"q": 0.0}, gap=Fraction(1)),
    "Easy": dict(snaps={"q": 0.0, "e": 5.0}, gap=Fraction(1, 2)),
    "Medium": dict(snaps={"q": 0.0, "e": 0.0}, gap=Fraction(1, 2)),
    "Hard": dict(snaps={"q": 0.0, "e": 0.0, "s": 4.0}, gap=Fraction(1, 4)),
    "Challenge": dict(snaps={"q": 0.0, "e": 0.0, "s": 0.0}, gap=Fraction(1, 4)),
}
LEFT, RIGHT = (0, 1, 2), (3, 1, 2)


def snap(beats):
    s16 = Fraction(round(beats * 4), 4)
    if abs(beats - float(s16)) <= 0.1:
        return s16
    return Fraction(round(beats * 3), 3)


def kind_of(b):
    if b.denominator == 1:
        return "q"
    if b.denominator == 2:
        return "e"
    return "s"


def positions(song):
    spb = 60.0 / song["tempo"]
    pos = defaultdict(lambda: {"sal": 0.0, "drums": set(), "pitch": None})
    for stem, evs in song["events"].items():
        for e in evs:
            b = snap(e["onset"] / spb)
            p = pos[b]
            if stem == "drums":
                p["sal"] += DRUM_W.get(e["drum"], 1.0)
                p["drums"].add(e["drum"])
            else:
                p["sal"] += MEL_W.get(stem, 0.5)
                if stem in ("vocals", "lead") and (p["pitch"] is None or e["pitch"] > p["pitch"]):
                    p["pitch"] = e["pitch"]
    for b, p in pos.items():
        p["sal"] += 1.0 if b.denominator == 1 else (0.5 if b.denominator == 2 else 0.0)
    return pos, spb


def select(pos, diff):
    r = RULES[diff]
    cands = [b for b, p in pos.items() if kind_of(b) in r["snaps"] and p["sal"] >= r["snaps"][kind_of(b)]]
    cands.sort(key=lambda b: (-pos[b]["sal"], b))
    chosen = []
    for b in cands:
        if all(abs(b - c) >= r["gap"] for c in chosen):
            trial = sorted(chosen + [b])
            if diff == "Hard" and longest_run(trial, Fraction(1, 4)) > 3:
                continue
            chosen = trial
    return sorted(chosen)


def longest_run(beats, gap):
    best = run = 0
    for a, b in zip(beats, beats[1:]):
        run = run + 1 if b - a <= gap else 0
        best = max(best, run)
    return best


def lanes(beats, pos, diff):
    out, prev_lane, prev_pitch, foot = [], None, None, 0
    prev_b = None
    for b in beats:
        p = pos[b]
        allowed = list(LEFT if foot == 0 else RIGHT)
        if prev_lane is not None and (diff != "Challenge" or (b - prev_b) < Fraction(1, 2)):
            allowed = [l for l in allowed if l != prev_lane]
        if p["pitch"] is not None and prev_pitch is not None and p["pitch"] != prev_pitch:
            pref = [2, 3, 1, 0] if p["pitch"] > prev_pitch else [1, 0, 2, 3]
        elif "kick" in p["drums"]:
            pref = [1, 0, 3, 2]
        elif "snare" in p["drums"]:
            pref = [2, 3, 0, 1]
        else:
            pref = [0, 3, 1, 2] if foot == 0 else [3, 0, 2, 1]
        lane = next(l for l in pref if l in allowed)
        out.append(lane)
        prev_lane, prev_b, foot = lane, b, 1 - foot
        if p["pitch"] is not None:
            prev_pitch = p["pitch"]
    return out


def chart(song):
    pos, spb = positions(song)
    charts = {}
    for d in DIFFS:
        beats = select(pos, d)
        ls = lanes(beats, pos, d)
        charts[d] = [{"beat": str(b), "seconds": round(float(b) * spb, 5), "lane": l} for b, l in zip(beats, ls)]
    return {"tempo": song["tempo"], "seconds": song["seconds"], "charts": charts}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/stems_data")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data", "reference"))
    ap.add_argument("--counts", default=os.path.join(os.path.dirname(__file__), "results", "reference_counts.json"))
    a = ap.parse_args()
    counts = {}
    for split in ("train", "valid", "test"):
        c, songs = Counter(), 0
        os.makedirs(os.path.join(a.out, split), exist_ok=True)
        for f in sorted(glob.glob(os.path.join(a.data, split, "*", "song.json"))):
            seed = os.path.basename(os.path.dirname(f))
            ch = chart(json.load(open(f)))
            json.dump(ch, open(os.path.join(a.out, split, seed + ".json"), "w"))
            songs += 1
            for d in DIFFS:
                c[d] += len(ch["charts"][d])
                c[d + "_snap_" + "".join(sorted({kind_of(Fraction(n["beat"])) for n in ch["charts"][d]}))] += 1
        counts[split] = {"songs": songs, "notes": {d: c[d] for d in DIFFS},
                         "notes_per_song": {d: round(c[d] / max(songs, 1), 1) for d in DIFFS}}
    os.makedirs(os.path.dirname(a.counts), exist_ok=True)
    json.dump(counts, open(a.counts, "w"), indent=1)
    print(json.dumps(counts, indent=1))


if __name__ == "__main__":
    main()
