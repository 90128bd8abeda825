"""Bach chorales from music21's corpus as four-voice piano rolls at 16th-note steps (Coconet's data, issue 20).

Every MusicXML chorale file (.mxl, .xml; the three Humdrum .krn files are (c) CCARH and left out) in
`music21.corpus.getComposer('bach')` with four singing parts (parts named Soprano, Alto,
Tenor, Bass, or exactly four parts, taken top to bottom) becomes an int array [4, T]: the MIDI pitch each voice
sounds on each 16th step, voice 0 = soprano. A rest holds the voice's previous pitch (Coconet's roll has one
pitch per voice per step and no rests; the chorales rest rarely, mostly at a fermata) and a chorale that
opens on a rest takes the voice's first pitch. A chorale with a voice outside MIDI 36-81 (Coconet's 46
pitches, `../shared/reference/generative.md` §2), a chord inside one voice, or a note that does not fall on
the 16th grid is skipped, and the reason is counted.

The same chorale tune often appears more than once in the corpus: Bach harmonised many tunes several
times, and a harmonisation reused in several cantatas is there once per cantata. A roll identical to one
already kept is dropped. Rolls are grouped by their soprano line (transposed to start on the same pitch) and a
group's split is its md5 mod 10: 0 test, 1 valid, the rest train, so no tune is both trained on and tested.

Usage: python data.py  -> data/chorales.npz (+ results/data_stats.json), prints the counts and the time.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MIN_PITCH, NUM_PITCHES = 36, 46  # MIDI 36..81
STEPS_PER_QUARTER = 4
VOICE_NAMES = ("soprano", "alto", "tenor", "bass")


def singing_parts(score):
    parts = list(score.parts)
    named = {}
    for p in parts:
        name = (p.partName or "").strip().lower()
        for v in VOICE_NAMES:
            if name.startswith(v) and v not in named:
                named[v] = p
    if len(named) == 4:
        return [named[v] for v in VOICE_NAMES]
    if len(parts) == 4:
        return parts
    return None


def voice_steps(part, total_steps: int) -> tuple[list[int] | None, str]:
    """Pitch per 16th step of one part (rests hold the previous pitch), or None and why not."""
    from music21 import chord, note
    steps = [-1] * total_steps
    for n in part.flatten().notesAndRests:
        start = float(n.offset) * STEPS_PER_QUARTER
        length = float(n.duration.quarterLength) * STEPS_PER_QUARTER
        if length == 0:  # grace note
            continue
        if abs(start - round(start)) > 1e-6 or abs(length - round(length)) > 1e-6:
            return None, "off the 16th grid"
        if isinstance(n, chord.Chord):
            return None, "chord in a voice"
        if isinstance(n, note.Rest):
            continue
        a, b = int(round(start)), int(round(start + length))
        for t in range(a, min(b, total_steps)):
            steps[t] = n.pitch.midi
    # Rests hold the previous pitch; a leading rest takes the first pitch.
    first = next((p for p in steps if p >= 0), None)
    if first is None:
        return None, "silent voice"
    last = first
    for t in range(total_steps):
        if steps[t] < 0:
            steps[t] = last
        last = steps[t]
    return steps, ""


def chorale_roll(path: str) -> tuple[np.ndarray | None, str]:
    from music21 import corpus
    score = corpus.parse(path)
    parts = singing_parts(score)
    if parts is None:
        return None, "not four voices"
    total = int(round(max(float(p.highestTime) for p in parts) * STEPS_PER_QUARTER))
    rows = []
    for p in parts:
        steps, why = voice_steps(p, total)
        if steps is None:
            return None, why
        rows.append(steps)
    roll = np.array(rows, dtype=np.int16)
    if roll.min() < MIN_PITCH or roll.max() >= MIN_PITCH + NUM_PITCHES:
        return None, "pitch outside MIDI 36-81"
    return roll, ""


def soprano_key(roll: np.ndarray) -> str:
    """The soprano line transposed to start at 0, so a tune reharmonised or transposed is one key."""
    s = roll[0] - roll[0][0]
    onsets = [int(s[0])] + [int(s[t]) for t in range(1, len(s)) if s[t] != s[t - 1]]
    return hashlib.md5(json.dumps(onsets).encode()).hexdigest()


def split_of(key: str) -> str:
    r = int(key, 16) % 10
    return "test" if r == 0 else "valid" if r == 1 else "train"


def main() -> None:
    from music21 import corpus
    started = time.time()
    paths = [str(p) for p in corpus.getComposer("bach") if str(p).endswith((".mxl", ".xml"))]
    paths.sort()
    skipped = Counter()
    kept: list[tuple[str, str, np.ndarray]] = []
    seen: set[bytes] = set()
    for path in paths:
        try:
            roll, why = chorale_roll(path)
        except Exception as error:  # a file music21 cannot read is counted, not fatal
            roll, why = None, f"unreadable ({type(error).__name__})"
        if roll is None:
            skipped[why] += 1
            continue
        digest = hashlib.md5(roll.tobytes()).digest()
        if digest in seen:
            skipped["identical to a chorale already kept"] += 1
            continue
        seen.add(digest)
        kept.append((soprano_key(roll), Path(path).name, roll))
    splits = {"train": [], "valid": [], "test": []}
    for key, name, roll in kept:
        splits[split_of(key)].append((name, roll))
    stats_tunes = {s: len({k for k, _, _ in kept if split_of(k) == s}) for s in splits}
    out = HERE / "data"
    out.mkdir(exist_ok=True)
    arrays = {}
    for split, items in splits.items():
        arrays[f"{split}_names"] = np.array([n for n, _ in items])
        arrays[f"{split}_lengths"] = np.array([r.shape[1] for _, r in items], dtype=np.int32)
        arrays[f"{split}_rolls"] = np.concatenate([r for _, r in items], axis=1) if items else np.zeros((4, 0), np.int16)
    np.savez_compressed(out / "chorales.npz", **arrays)
    stats = {
        "files": len(paths),
        "kept": {s: len(v) for s, v in splits.items()},
        "tunes": stats_tunes,
        "steps": {s: int(sum(r.shape[1] for _, r in v)) for s, v in splits.items()},
        "skipped": dict(skipped),
        "seconds": round(time.time() - started, 1),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "data_stats.json").write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n")
    print(json.dumps(stats, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
