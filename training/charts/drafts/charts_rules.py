"""Reference charts by rule from a song's own notes (song.json), and the step-selection rules.

Both the reference charts and the model's charts get their arrows from `choose_lanes`, so the rules that
keep a pattern steppable live in one place.

Grid: the song generator starts its first bar at t = 0 (the first drum hit), one beat = 60 / tempo s.
Every event is quantised to the nearest 1/12 beat (which holds 4ths, 8ths, 12ths and 16ths' 1/4 by
rounding to 1/48 first and then to the difficulty's snaps).
"""
from fractions import Fraction
import json
import math

DIFFICULTIES = ["beginner", "easy", "medium", "hard", "challenge"]

# Per difficulty: allowed snaps (as divisions of a beat), minimum gap in beats between notes, which sources.
RULES = {
    "beginner": dict(snaps=(1,), min_gap=Fraction(1), sources=("kick", "snare")),
    "easy": dict(snaps=(1, 2), min_gap=Fraction(1, 2), sources=("kick", "snare", "melody")),
    "medium": dict(snaps=(1, 2), min_gap=Fraction(1, 2), sources=("kick", "snare", "tom", "cymbal", "melody", "bass")),
    "hard": dict(snaps=(1, 2, 4), min_gap=Fraction(1, 4), sources=("kick", "snare", "tom", "cymbal", "melody", "bass")),
    "challenge": dict(snaps=(1, 2, 3, 4), min_gap=Fraction(1, 4),
                      sources=("kick", "snare", "tom", "cymbal", "hat", "melody", "bass")),
}
# Sources' priority when two events compete inside min_gap (lower wins).
PRIORITY = {"kick": 0, "snare": 1, "cymbal": 2, "melody": 3, "tom": 4, "bass": 5, "hat": 6}
# Beginner/easy also drop off-beat 8ths unless they come from kick/snare; a 3/4-beat jump is not made.


def snap_of(beat: Fraction) -> int:
    """The smallest division of a beat that holds this position (1 = quarter note, 2 = 8th, 3 = 12th, 4 = 16th…)."""
    return beat.limit_denominator(192).denominator


def load_events(song_path):
    """(beat as Fraction, source, pitch or None) for every event, quantised to 1/12 or 1/16 of a beat."""
    song = json.load(open(song_path))
    tempo = float(song["tempo"])
    spb = 60.0 / tempo
    out = []
    ev = song["events"]
    for d in ev.get("drums", []):
        out.append((d["onset"], d["drum"], None))
    melody = ev.get("lead") or ev.get("vocals") or []
    for n in melody:
        out.append((n["onset"], "melody", n["pitch"]))
    for n in ev.get("bass", []):
        out.append((n["onset"], "bass", n["pitch"]))
    q = []
    for t, src, p in out:
        b = t / spb
        # nearest of the 16th or 12th grid
        b16 = Fraction(round(b * 4), 4)
        b12 = Fraction(round(b * 3), 3)
        beat = b16 if abs(float(b16) - b) <= abs(float(b12) - b) + 1e-9 else b12
        q.append((beat, src, p))
    return song, tempo, q


def thin(events, difficulty, seconds, tempo):
    """Pick note beats for a difficulty: allowed snaps, sources, minimum gap; priority decides."""
    r = RULES[difficulty]
    last_beat = Fraction(int((seconds - 0.05) * tempo / 60.0 * 48), 48)
    cand = {}
    for beat, src, p in events:
        if src not in r["sources"] or beat < 0 or beat > last_beat:
            continue
        if snap_of(beat) not in r["snaps"]:
            continue
        if difficulty in ("beginner", "easy") and snap_of(beat) > 1 and src not in ("kick", "snare"):
            continue
        old = cand.get(beat)
        if old is None or PRIORITY[src] < PRIORITY[old[0]]:
            cand[beat] = (src, p)
    beats = sorted(cand)
    # Greedy by priority then time: keep a note unless one already kept is within min_gap.
    order = sorted(beats, key=lambda b: (PRIORITY[cand[b][0]], b))
    kept = []
    import bisect
    for b in order:
        i = bisect.bisect_left(kept, b)
        if i > 0 and b - kept[i - 1] < r["min_gap"]:
            continue
        if i < len(kept) and kept[i] - b < r["min_gap"]:
            continue
        kept.insert(i, b)
    return [(b, cand[b][0], cand[b][1]) for b in kept]


# Lanes: 0 left, 1 down, 2 up, 3 right (dance-single).
def choose_lanes(notes, difficulty):
    """Arrows for (beat, source, pitch) notes by rule.

    - kick → left or right, snare → down or up, melody/bass/other → follows the pitch contour (up → up/right,
      down → down/left), unknown pitch (model output) → alternates feet.
    - Feet alternate: the left foot takes left/down/up, the right foot right/down/up, and a note within one beat
      of the previous goes to the other foot's side; left↔right directly within a beat (a crossover-prone
      swing) is not made below Hard, and never within half a beat.
    - No jacks (the same arrow twice) closer than 1 beat on Beginner/Easy/Medium or 1/2 beat on Hard/Challenge.
    """
    jack_gap = Fraction(1) if difficulty in ("beginner", "easy", "medium") else Fraction(1, 2)
    swing_gap = Fraction(1) if difficulty in ("beginner", "easy", "medium") else Fraction(1, 2)
    lanes = []
    prev_lane, prev_beat, prev_pitch, foot = None, None, None, 0  # foot 0 = left next
    for beat, src, pitch in notes:
        if src == "kick":
            prefs = [0, 3] if foot == 0 else [3, 0]
        elif src == "snare":
            prefs = [1, 2] if foot == 0 else [2, 1]
        elif pitch is not None and prev_pitch is not None and pitch != prev_pitch:
            prefs = [2, 3, 1, 0] if pitch > prev_pitch else [1, 0, 2, 3]
        else:
            prefs = [0, 1, 2, 3] if foot == 0 else [3, 2, 1, 0]
        close = prev_beat is not None and beat - prev_beat < swing_gap
        ok = []
        for lane in prefs + [0, 1, 2, 3]:
            if prev_lane is not None and lane == prev_lane and beat - prev_beat < jack_gap:
                continue
            if close and prev_lane is not None and {lane, prev_lane} == {0, 3}:
                continue
            # the foot that just stepped on the left arrow cannot step the right arrow next (and vice versa)
            # when it is close; require the lane to be on the other foot's side or centre.
            if close and prev_lane == 0 and lane == 0:
                continue
            ok.append(lane)
        lane = ok[0]
        lanes.append(lane)
        if lane == 0:
            foot = 1
        elif lane == 3:
            foot = 0
        else:
            foot = 1 - foot
        prev_lane, prev_beat = lane, beat
        if pitch is not None:
            prev_pitch = pitch
    return lanes


def check_playable(beats, lanes, difficulty):
    """Problems with a pattern at this difficulty (empty when playable by the rules above)."""
    jack_gap = Fraction(1) if difficulty in ("beginner", "easy", "medium") else Fraction(1, 2)
    swing_gap = Fraction(1) if difficulty in ("beginner", "easy", "medium") else Fraction(1, 2)
    r = RULES[difficulty]
    probs = []
    for i in range(1, len(beats)):
        g = beats[i] - beats[i - 1]
        if g < r["min_gap"]:
            probs.append(f"gap {g} < {r['min_gap']} at beat {beats[i]}")
        if lanes[i] == lanes[i - 1] and g < jack_gap:
            probs.append(f"jack at beat {beats[i]}")
        if {lanes[i], lanes[i - 1]} == {0, 3} and g < swing_gap:
            probs.append(f"left-right swing at beat {beats[i]}")
    for b in beats:
        if snap_of(b) not in r["snaps"]:
            probs.append(f"snap {snap_of(b)} at beat {b}")
    return probs


def reference_chart(song_path, difficulty):
    song, tempo, events = load_events(song_path)
    notes = thin(events, difficulty, float(song["seconds"]), tempo)
    lanes = choose_lanes(notes, difficulty)
    return tempo, [(b, lane) for (b, _, _), lane in zip(notes, lanes)]


def beat_seconds(beat, tempo, offset=0.0):
    return float(beat) * 60.0 / tempo - offset
