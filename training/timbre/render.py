"""Render the mini-NSynth the timbre model trains on: General MIDI programs from Debian's three soundfonts,
played by libfluidsynth in-process (ctypes), 16 kHz mono, 4-second notes (3 s held, 1 s release) as NSynth.

    nice -n 10 /work/venv/bin/python training/timbre/render.py            # writes training/timbre/data/
    nice -n 10 /work/venv/bin/python training/timbre/render.py --check    # renders 3 notes twice, compares
    nice -n 10 /work/venv/bin/python training/timbre/render.py --reference   # evaluate.py's reference split

Deterministic: fluidsynth has no randomness with reverb and chorus off; the split comes from a seeded shuffle.
Outputs (not committed; `data/` is ignored): `data/<split>.npy` int16 [notes, 64000] and `data/<split>.json`
(one label row per note); `results/manifest_stats.json` (committed) holds the counts and the render time.

Split by instrument (program × soundfont): `test` instruments are never seen in training. Train instruments
are rendered on every 3rd pitch (offset 0, 1 or 2 by instrument, so all 61 pitches are in training) at
velocities 75 and 127; every 2nd of their other pitches at velocity 100 is the `valid` split (unseen pitches of
seen instruments); test instruments get all 61 pitches at 75 and 127.
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SAMPLE_RATE = 16_000
HELD_S, RELEASE_S = 3.0, 1.0
NOTE_SAMPLES = int((HELD_S + RELEASE_S) * SAMPLE_RATE)     # 64,000 as NSynth
PITCHES = list(range(24, 85))                             # 61 pitches, as GANSynth


def train_pitches(index: int) -> list[int]:
    """Every 3rd pitch, starting at 24, 25 or 26 by the instrument's index: each instrument is heard on 20–21
    pitches, and every one of the 61 pitches is in training (pitch is a one-hot: a pitch no training note has
    would leave its generator input untrained)."""
    return PITCHES[index % 3::3]


def valid_pitches(index: int) -> list[int]:
    """Every 2nd of the pitches the instrument is not trained on (20 pitches)."""
    train = set(train_pitches(index))
    return [p for p in PITCHES if p not in train][::2]

VELOCITIES = [75, 127]
VALID_VELOCITY = 100
GAIN = 1.0                                                # fluidsynth default 0.2 peaks near 0.02; at 1.5 ten notes clipped
SEED = 18

SOUNDFONTS = {
    "fluidr3": "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "musescore": "/usr/share/sounds/sf3/MuseScore_General_Full.sf3",
    "timgm6mb": "/usr/share/sounds/sf2/TimGM6mb.sf2",
}

# Two pitched programs from each of 13 GM families (synth effects, percussive and sound effects are left out:
# mostly unpitched or pitch-sweeping, and NSynth-style pitch labels would lie).
PROGRAMS = {
    0: "acoustic-grand-piano", 4: "electric-piano-1",
    11: "vibraphone", 14: "tubular-bells",
    16: "drawbar-organ", 19: "church-organ",
    24: "nylon-guitar", 29: "overdriven-guitar",
    32: "acoustic-bass", 38: "synth-bass-1",
    40: "violin", 42: "cello",
    48: "string-ensemble-1", 52: "choir-aahs",
    56: "trumpet", 60: "french-horn",
    65: "alto-sax", 71: "clarinet",
    73: "flute", 75: "pan-flute",
    80: "square-lead", 81: "saw-lead",
    88: "new-age-pad", 89: "warm-pad",
    104: "sitar", 105: "banjo",
}
FAMILIES = ["piano", "chromatic-percussion", "organ", "guitar", "bass", "strings", "ensemble", "brass",
            "reed", "pipe", "synth-lead", "synth-pad", "synth-effects", "ethnic", "percussive", "sound-effects"]
TEST_INSTRUMENTS = 13          # of 78: one in six never seen in training


def family(program: int) -> str:
    return FAMILIES[program // 8]


def instrument_name(program: int, font: str) -> str:
    return f"{PROGRAMS[program]}.{font}"


def split_instruments() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Seeded choice of held-out instruments; no two from one program, so every held-out instrument's
    program is still in training through another soundfont (the test asks about new *instruments*)."""
    rng = random.Random(SEED)
    programs = sorted(PROGRAMS)
    rng.shuffle(programs)
    fonts = sorted(SOUNDFONTS)
    test = sorted((p, rng.choice(fonts)) for p in programs[:TEST_INSTRUMENTS])
    train = sorted((p, f) for p in PROGRAMS for f in fonts if (p, f) not in test)
    return train, test


class FluidSynth:
    """The few libfluidsynth calls an offline render needs (docs: ../shared/reference/instruments.md §2)."""

    def __init__(self, font_path: str):
        lib = ctypes.CDLL(ctypes.util.find_library("fluidsynth") or "libfluidsynth.so.3")
        lib.new_fluid_settings.restype = ctypes.c_void_p
        lib.new_fluid_synth.restype = ctypes.c_void_p
        lib.new_fluid_synth.argtypes = [ctypes.c_void_p]
        lib.fluid_settings_setnum.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_double]
        lib.fluid_settings_setint.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.fluid_synth_sfload.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.fluid_synth_program_select.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_int]
        lib.fluid_synth_noteon.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.fluid_synth_noteoff.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.fluid_synth_all_sounds_off.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.fluid_synth_write_float.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                                                ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.delete_fluid_synth.argtypes = [ctypes.c_void_p]
        lib.delete_fluid_settings.argtypes = [ctypes.c_void_p]
        lib.fluid_set_log_function.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
        for level in range(5):
            lib.fluid_set_log_function(level, None, None)
        self.lib = lib
        self.settings = lib.new_fluid_settings()
        lib.fluid_settings_setnum(self.settings, b"synth.sample-rate", float(SAMPLE_RATE))
        lib.fluid_settings_setnum(self.settings, b"synth.gain", GAIN)
        lib.fluid_settings_setint(self.settings, b"synth.reverb.active", 0)
        lib.fluid_settings_setint(self.settings, b"synth.chorus.active", 0)
        lib.fluid_settings_setint(self.settings, b"synth.cpu-cores", 1)
        self.synth = lib.new_fluid_synth(self.settings)
        self.font = lib.fluid_synth_sfload(self.synth, font_path.encode(), 1)
        if self.font < 0:
            raise RuntimeError(f"fluidsynth could not load {font_path}")

    def note(self, program: int, pitch: int, velocity: int) -> np.ndarray:
        """One note from silence: `HELD_S` held, then `RELEASE_S` of release; mono float32 (L+R)/2."""
        lib, synth = self.lib, self.synth
        if lib.fluid_synth_program_select(synth, 0, self.font, 0, program) != 0:
            raise RuntimeError(f"program {program} missing")
        stereo = np.zeros((NOTE_SAMPLES, 2), dtype=np.float32)
        held = int(HELD_S * SAMPLE_RATE)
        lib.fluid_synth_noteon(synth, 0, pitch, velocity)
        ptr = stereo.ctypes.data
        lib.fluid_synth_write_float(synth, held, ptr, 0, 2, ptr, 1, 2)
        lib.fluid_synth_noteoff(synth, 0, pitch)
        tail = stereo[held:]
        tptr = tail.ctypes.data
        lib.fluid_synth_write_float(synth, NOTE_SAMPLES - held, tptr, 0, 2, tptr, 1, 2)
        # Cut whatever still rings and let the synth run dry, so the next note starts from silence.
        lib.fluid_synth_all_sounds_off(synth, 0)
        scratch = np.zeros((SAMPLE_RATE // 4, 2), dtype=np.float32)
        sptr = scratch.ctypes.data
        lib.fluid_synth_write_float(synth, len(scratch), sptr, 0, 2, sptr, 1, 2)
        return stereo.mean(axis=1)

    def close(self):
        self.lib.delete_fluid_synth(self.synth)
        self.lib.delete_fluid_settings(self.settings)


def plan() -> dict[str, list[dict]]:
    train, test = split_instruments()
    rows: dict[str, list[dict]] = {"train": [], "valid": [], "test": []}

    def add(split, program, font, pitches, velocities):
        for pitch in pitches:
            for velocity in velocities:
                rows[split].append({"instrument": instrument_name(program, font), "program": program,
                                    "family": family(program), "soundfont": font, "pitch": pitch,
                                    "velocity": velocity})
    for index, (program, font) in enumerate(train):
        add("train", program, font, train_pitches(index), VELOCITIES)
        add("valid", program, font, valid_pitches(index), [VALID_VELOCITY])
    for program, font in test:
        add("test", program, font, PITCHES, VELOCITIES)
    return rows


def render(out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    rows = plan()
    audio = {split: np.zeros((len(r), NOTE_SAMPLES), dtype=np.int16) for split, r in rows.items()}
    seconds_per_font = {}
    peaks, silent = [], 0
    start_all = time.perf_counter()
    for font, path in sorted(SOUNDFONTS.items()):
        t0 = time.perf_counter()
        synth = FluidSynth(path)
        load_s = time.perf_counter() - t0
        for split, split_rows in rows.items():
            for i, row in enumerate(split_rows):
                if row["soundfont"] != font:
                    continue
                note = synth.note(row["program"], row["pitch"], row["velocity"])
                peak = float(np.abs(note).max())
                peaks.append(peak)
                silent += peak < 1e-3
                row["peak"] = round(peak, 5)
                audio[split][i] = np.round(np.clip(note, -1, 1) * 32767).astype(np.int16)
        synth.close()
        seconds_per_font[font] = {"load_s": round(load_s, 2), "total_s": round(time.perf_counter() - t0, 2)}
    render_s = time.perf_counter() - start_all
    digest = hashlib.sha256()
    for split in sorted(rows):
        np.save(out / f"{split}.npy", audio[split])
        (out / f"{split}.json").write_text(json.dumps(rows[split]))
        digest.update(audio[split].tobytes())
    notes = sum(len(r) for r in rows.values())
    train, test = split_instruments()
    return {
        "sample_rate": SAMPLE_RATE, "note_samples": NOTE_SAMPLES, "held_s": HELD_S, "release_s": RELEASE_S,
        "gain": GAIN, "seed": SEED, "soundfonts": SOUNDFONTS, "programs": {str(p): n for p, n in PROGRAMS.items()},
        "train_pitches": "every 3rd pitch from 24 + (instrument index mod 3)", "valid_pitches":
        "every 2nd of the others", "velocities": VELOCITIES,
        "valid_velocity": VALID_VELOCITY,
        "instruments": {"train": len(train), "test": len(test)},
        "test_instruments": [instrument_name(p, f) for p, f in test],
        "notes": {split: len(r) for split, r in rows.items()}, "notes_total": notes,
        "audio_hours": round(notes * (HELD_S + RELEASE_S) / 3600, 2),
        "render_s": round(render_s, 1), "per_font": seconds_per_font,
        "realtime_factor": round(notes * (HELD_S + RELEASE_S) / render_s, 1),
        "near_silent_notes": int(silent), "clipped_notes": int(sum(p >= 1.0 for p in peaks)),
        "peak_median": round(float(np.median(peaks)), 4),
        "sha256_int16": digest.hexdigest(),
    }


def render_reference(out: Path, velocity: int = VALID_VELOCITY) -> dict:
    """The evaluation's reference renders (`evaluate.py`): every training instrument at all 61 pitches, one
    velocity (100, the valid split's), as `data/reference.npy|json`. Not training data: a yardstick that has
    every instrument at every pitch, so a generated note and four instruments' real notes share the pitch."""
    train, _ = split_instruments()
    rows = [{"instrument": instrument_name(p, f), "program": p, "family": family(p), "soundfont": f,
             "pitch": pitch, "velocity": velocity} for p, f in train for pitch in PITCHES]
    audio = np.zeros((len(rows), NOTE_SAMPLES), dtype=np.int16)
    start = time.perf_counter()
    for font, path in sorted(SOUNDFONTS.items()):
        synth = FluidSynth(path)
        for i, row in enumerate(rows):
            if row["soundfont"] == font:
                audio[i] = np.round(np.clip(synth.note(row["program"], row["pitch"], velocity), -1, 1)
                                    * 32767).astype(np.int16)
        synth.close()
    np.save(out / "reference.npy", audio)
    (out / "reference.json").write_text(json.dumps(rows))
    return {"notes": len(rows), "render_s": round(time.perf_counter() - start, 1),
            "sha256_int16": hashlib.sha256(audio.tobytes()).hexdigest()}


def check() -> None:
    """Render three notes twice from fresh synths: the same bytes, or rendering is not deterministic."""
    for font, path in sorted(SOUNDFONTS.items()):
        a = FluidSynth(path); x = [a.note(0, 60, 100), a.note(40, 48, 75)]; a.close()
        b = FluidSynth(path); y = [b.note(0, 60, 100), b.note(40, 48, 75)]; b.close()
        same = all(np.array_equal(u, v) for u, v in zip(x, y))
        print(font, "deterministic" if same else "DIFFERENT", [float(np.abs(u).max()) for u in x])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "data")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--reference", action="store_true",
                        help="render only the evaluation's reference split (data/reference.npy)")
    args = parser.parse_args()
    if args.check:
        check()
        return
    if args.reference:
        print(json.dumps(render_reference(args.out)))
        return
    stats = render(args.out)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "manifest_stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    print(json.dumps({k: stats[k] for k in ("notes", "render_s", "realtime_factor", "near_silent_notes",
                                            "clipped_notes", "per_font")}))


if __name__ == "__main__":
    main()
