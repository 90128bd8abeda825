"""Synthetic multitrack songs, reproducible from a seed: stems, mix and note events.

One module for every model that needs songs with known parts (the separator of issue 17, the
chart generator of issue 19): `make_song(seed)` returns the arrangement (note events per stem,
with onsets in seconds, MIDI pitches and drum types) and `render_song(song, folder)` writes
`vocals/drums/bass/other/mixture.wav` (44.1 kHz stereo float) and `song.json` (the events and
every random choice), so a song can be rebuilt from its seed or read back without audio.

Sources, all from Debian packages or our own synthesis: melody and harmony from music21's
corpus (Bach chorales: soprano → lead and vocal, alto+tenor → chords, bass → bass), GM programs
through fluidsynth and three soundfonts, drum hits from hydrogen-drumkits and lmms-common, a
vocal from espeak-ng syllables re-pitched onto the melody (WORLD via pyworld, else sox).
"""
from __future__ import annotations

import dataclasses
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile

import numpy as np

SAMPLE_RATE = 44100
STEMS = ("vocals", "drums", "bass", "other")
SOUNDFONTS = ("/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/TimGM6mb.sf2",
              "/usr/share/sounds/sf3/MuseScore_General.sf3")
# GM programs (0-based) per role: varied but musically plausible.
PROGRAMS = {
    "bass": [32, 33, 34, 35, 36, 37, 38, 39],
    "chords": [0, 4, 5, 16, 18, 24, 25, 48, 49, 50, 52, 88, 89, 90, 91, 92, 94],
    "lead": [11, 26, 27, 29, 30, 40, 56, 60, 64, 65, 66, 71, 73, 80, 81],
    "choir": [52, 53, 54, 85],
}
DISTORTED = {29, 30}
DRUM_DIRS = ("/usr/share/hydrogen/data/drumkits", "/usr/share/lmms/samples/drums")
DRUM_KINDS = {
    "kick": r"kick|bassdrum|\bbd|_bd|bd_",
    "snare": r"snare|clap|\bsd",
    "hat": r"hat|\bhh|chh|ohh",
    "cymbal": r"crash|ride",
    "tom": r"tom",
}
# Grooves over 16 sixteenths: which kinds hit on which steps.
GROOVES = {
    "rock": {"kick": [0, 8, 10], "snare": [4, 12], "hat": list(range(0, 16, 2))},
    "four_on_floor": {"kick": [0, 4, 8, 12], "snare": [4, 12], "hat": [2, 6, 10, 14]},
    "half_time": {"kick": [0, 3, 10], "snare": [8], "hat": list(range(0, 16, 2))},
    "funk": {"kick": [0, 3, 6, 10], "snare": [4, 12, 15], "hat": list(range(16))},
    "shuffle": {"kick": [0, 8], "snare": [4, 12], "hat": [0, 3, 4, 7, 8, 11, 12, 15]},
    "breakbeat": {"kick": [0, 10, 11], "snare": [4, 12], "hat": list(range(0, 16, 2)), "tom": [14]},
}
SYLLABLES = ["la", "na", "do", "mi", "oh", "ya", "lo", "ne", "ri", "ah", "so", "ve"]


@dataclasses.dataclass
class Song:
    """An arrangement: everything random about a song, decided from its seed."""
    seed: int
    tempo: float
    transpose: int
    seconds: float
    groove: str
    corpus_piece: str
    programs: dict
    soundfonts: dict
    drum_samples: dict
    gains_db: dict
    pans: dict
    effects: dict
    events: dict  # stem -> list of {"onset", "offset", "pitch"} or {"onset", "drum", "velocity"}

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


def split_of(seed: int) -> str:
    """train/valid/test by seed: 80/10/10, fixed forever (a hash, not an order)."""
    bucket = (seed * 2654435761) % 100
    return "test" if bucket < 10 else "valid" if bucket < 20 else "train"


def _drum_pool() -> dict:
    pool = {kind: [] for kind in DRUM_KINDS}
    for root in DRUM_DIRS:
        for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
            if not re.search(r"\.(wav|flac|ogg|aiff?)$", path, re.I):
                continue
            name = os.path.basename(path).lower()
            try:  # some packaged samples do not open (lmms' kick04.ogg: "Malformed 'fmt ' chunk")
                import soundfile
                soundfile.info(path)
            except Exception:
                continue
            for kind, pattern in DRUM_KINDS.items():
                if re.search(pattern, name):
                    pool[kind].append(path)
                    break
    return pool


_CHORALES: list | None = None


def _chorales() -> list:
    global _CHORALES
    if _CHORALES is None:
        from music21 import corpus
        _CHORALES = sorted(str(p) for p in corpus.getComposer("bach") if str(p).endswith((".mxl", ".xml", ".krn")))
    return _CHORALES


def _parts_from_corpus(path: str, rng: np.random.Generator):
    """(soprano, inner, bass) as lists of (beat_onset, beat_length, midi) from a four-part piece."""
    from music21 import converter
    score = converter.parse(path)
    parts = []
    for part in score.parts[:4]:
        notes = []
        for n in part.flatten().notes:
            pitches = [p.midi for p in n.pitches]
            for midi in pitches:
                notes.append((float(n.offset), float(n.quarterLength), int(midi)))
        parts.append(notes)
    if len(parts) < 4:
        raise ValueError(f"{path}: fewer than four parts")
    return parts[0], parts[1] + parts[2], parts[3]


def make_song(seed: int, seconds: float = 25.0) -> Song:
    """The arrangement for `seed`: the same seed always gives the same song."""
    rng = np.random.default_rng(seed)
    chorales = _chorales()
    for _ in range(20):
        piece = chorales[int(rng.integers(len(chorales)))]
        try:
            soprano, inner, bass = _parts_from_corpus(piece, rng)
            break
        except Exception:
            continue
    else:
        raise RuntimeError(f"seed {seed}: no four-part piece found in 20 draws")
    tempo = float(rng.uniform(70, 160))
    beat = 60.0 / tempo
    transpose = int(rng.integers(-5, 7))
    total_beats = seconds / beat
    start = float(rng.integers(0, max(1, int(max(n[0] for n in soprano) - total_beats) + 1)) // 4 * 4)

    def window(notes, shift=0):
        out = []
        for onset, length, midi in notes:
            if start <= onset < start + total_beats:
                t = (onset - start) * beat
                out.append({"onset": round(t, 4), "offset": round(min(seconds, t + length * beat), 4),
                            "pitch": midi + transpose + shift})
        return out

    lead = window(soprano, 12 * int(rng.integers(0, 2)))
    events = {
        "vocals": window(soprano),
        "bass": window(bass, -12),
        "chords": window(inner),
        "lead": lead if rng.random() < 0.6 else [],
    }
    groove = str(rng.choice(sorted(GROOVES)))
    drums = []
    step = beat / 4
    swing = float(rng.uniform(0, 0.15)) if groove == "shuffle" else 0.0
    for bar in range(int(total_beats // 4) + 1):
        for kind, steps in GROOVES[groove].items():
            for s in steps:
                t = (bar * 16 + s) * step + (swing * step if s % 2 else 0)
                if t < seconds and rng.random() > 0.05:
                    drums.append({"onset": round(t, 4), "drum": kind, "velocity": round(float(rng.uniform(0.6, 1)), 3)})
        if bar % 4 == 0 and bar * 16 * step < seconds:
            drums.append({"onset": round(bar * 16 * step, 4), "drum": "cymbal", "velocity": 0.9})
    events["drums"] = sorted(drums, key=lambda e: e["onset"])

    pool = _drum_pool()
    stems_fx = {}
    for stem in ("vocals", "drums", "bass", "chords", "lead"):
        stems_fx[stem] = {"reverb": round(float(rng.uniform(0, 0.4)), 3),
                          "compress": bool(rng.random() < 0.5),
                          "highpass_hz": round(float(rng.uniform(20, 200 if stem != "bass" else 40)), 1)}
    programs = {"bass": int(rng.choice(PROGRAMS["bass"])), "chords": int(rng.choice(PROGRAMS["chords"])),
                "lead": int(rng.choice(PROGRAMS["lead"])), "choir": int(rng.choice(PROGRAMS["choir"]))}
    stems_fx["lead"]["distortion"] = programs["lead"] in DISTORTED
    return Song(
        seed=seed, tempo=round(tempo, 3), transpose=transpose, seconds=seconds, groove=groove,
        corpus_piece=os.path.relpath(piece, os.path.dirname(os.path.dirname(piece))),
        programs=programs,
        soundfonts={role: SOUNDFONTS[int(rng.integers(len(SOUNDFONTS)))] for role in ("bass", "chords", "lead", "choir")},
        drum_samples={kind: (paths[int(rng.integers(len(paths)))] if paths else None) for kind, paths in pool.items()},
        gains_db={stem: round(float(rng.uniform(-9, 0)), 2) for stem in ("vocals", "drums", "bass", "chords", "lead")},
        pans={stem: round(float(rng.uniform(-0.6, 0.6)) if stem not in ("bass", "vocals") else float(rng.uniform(-0.1, 0.1)), 3)
              for stem in ("vocals", "drums", "bass", "chords", "lead")},
        effects=stems_fx, events=events,
    )
