"""Renders a `songgen.Song` to stems, mixture and song.json (see songgen's docstring)."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile

import numpy as np
import soundfile

from songgen import SAMPLE_RATE, STEMS, SYLLABLES, Song


def _fit(audio: np.ndarray, frames: int) -> np.ndarray:
    if audio.ndim == 1:
        audio = np.stack([audio, audio], axis=1)
    audio = audio[:, :2] if audio.shape[1] >= 2 else np.repeat(audio, 2, axis=1)
    out = np.zeros((frames, 2), dtype=np.float32)
    n = min(frames, len(audio))
    out[:n] = audio[:n]
    return out


def _resample(x: np.ndarray, rate: float) -> np.ndarray:
    if rate == SAMPLE_RATE or len(x) == 0:
        return x
    n = int(round(len(x) * SAMPLE_RATE / rate))
    t = np.linspace(0, len(x) - 1, n)
    if x.ndim == 1:
        return np.interp(t, np.arange(len(x)), x).astype(np.float32)
    return np.stack([np.interp(t, np.arange(len(x)), x[:, c]) for c in range(x.shape[1])], axis=1).astype(np.float32)


def _fluidsynth(notes, program: int, soundfont: str, seconds: float, rng, tmp: str) -> np.ndarray:
    import pretty_midi
    midi = pretty_midi.PrettyMIDI()
    inst = pretty_midi.Instrument(program=program)
    for n in notes:
        inst.notes.append(pretty_midi.Note(velocity=int(rng.integers(70, 115)), pitch=int(np.clip(n["pitch"], 0, 127)),
                                           start=n["onset"], end=max(n["offset"], n["onset"] + 0.05)))
    midi.instruments.append(inst)
    mid, wav = os.path.join(tmp, "part.mid"), os.path.join(tmp, "part.wav")
    midi.write(mid)
    subprocess.run(["fluidsynth", "-ni", "-q", "-g", "0.6", "-r", str(SAMPLE_RATE), "-F", wav, "-T", "wav", soundfont, mid],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    audio, rate = soundfile.read(wav, dtype="float32", always_2d=True)
    return _fit(_resample(audio, rate), int(seconds * SAMPLE_RATE))


def _drums(song: Song, rng) -> np.ndarray:
    frames = int(song.seconds * SAMPLE_RATE)
    out = np.zeros((frames, 2), dtype=np.float32)
    cache = {}
    for e in song.events["drums"]:
        path = song.drum_samples.get(e["drum"])
        if path is None:
            continue
        if path not in cache:
            audio, rate = soundfile.read(path, dtype="float32", always_2d=True)
            audio = _fit(_resample(audio, rate), min(len(audio), 2 * SAMPLE_RATE) if rate == SAMPLE_RATE
                         else min(int(len(audio) * SAMPLE_RATE / rate), 2 * SAMPLE_RATE))
            cache[path] = audio / max(1e-6, float(np.abs(audio).max()))
        hit = cache[path] * e["velocity"]
        start = int(e["onset"] * SAMPLE_RATE)
        n = min(len(hit), frames - start)
        if n > 0:
            out[start:start + n] += hit[:n]
    return out


def _vocal(song: Song, rng, tmp: str) -> np.ndarray:
    """espeak-ng syllables, each re-pitched to its note and stretched to its length with WORLD."""
    import pyworld
    frames = int(song.seconds * SAMPLE_RATE)
    out = np.zeros(frames, dtype=np.float64)
    voice = str(rng.choice(["en", "en+f3", "en+m3", "en+f2", "it", "es"]))
    wav = os.path.join(tmp, "syllable.wav")
    for n in song.events["vocals"]:
        syllable = str(rng.choice(SYLLABLES))
        subprocess.run(["espeak-ng", "-v", voice, "-s", "120", "-w", wav, syllable], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        x, rate = soundfile.read(wav, dtype="float64")
        if x.ndim > 1:
            x = x.mean(axis=1)
        x = np.trim_zeros(np.where(np.abs(x) > 1e-4, x, 0)) if np.any(np.abs(x) > 1e-4) else x
        if len(x) < rate // 20:
            continue
        f0, sp, ap = pyworld.wav2world(x, rate)
        length = max(0.08, n["offset"] - n["onset"])
        count = max(2, int(length * 1000 / 5))  # WORLD's 5 ms frames
        index = np.linspace(0, len(f0) - 1, count).round().astype(int)
        hz = 440.0 * 2 ** ((n["pitch"] - 69) / 12)
        target = np.where(f0[index] > 0, hz, 0.0)
        voiced = np.where(target == 0, hz, target)  # sustain the vowel through unvoiced frames
        y = pyworld.synthesize(voiced, np.ascontiguousarray(sp[index]), np.ascontiguousarray(ap[index]), rate)
        y = _resample(y.astype(np.float32), rate).astype(np.float64)
        start = int(n["onset"] * SAMPLE_RATE)
        m = min(len(y), frames - start)
        if m > 0:
            ramp = np.minimum(1, np.minimum(np.arange(m), m - 1 - np.arange(m)) / 220.0)
            out[start:start + m] += y[:m] * ramp
    peak = np.abs(out).max()
    return _fit((out / peak if peak > 0 else out).astype(np.float32), frames)


def _effects(audio: np.ndarray, fx: dict, pan: float, gain_db: float) -> np.ndarray:
    import pedalboard
    chain = [pedalboard.HighpassFilter(cutoff_frequency_hz=fx["highpass_hz"])]
    if fx.get("distortion"):
        chain.append(pedalboard.Distortion(drive_db=18))
    if fx["compress"]:
        chain.append(pedalboard.Compressor(threshold_db=-18, ratio=4))
    if fx["reverb"] > 0.02:
        chain.append(pedalboard.Reverb(room_size=0.5, wet_level=fx["reverb"], dry_level=1 - fx["reverb"] / 2))
    y = pedalboard.Pedalboard(chain)(audio.T.copy(), SAMPLE_RATE).T
    angle = (pan + 1) * np.pi / 4
    y = y * np.array([np.cos(angle), np.sin(angle)], dtype=np.float32) * np.sqrt(2)
    return (y * 10 ** (gain_db / 20)).astype(np.float32)


def render_song(song: Song, folder: str) -> dict:
    """Writes the four stems, the mixture and song.json into `folder`; returns the stems' RMS in dB."""
    rng = np.random.default_rng([song.seed, 1])
    frames = int(song.seconds * SAMPLE_RATE)
    with tempfile.TemporaryDirectory() as tmp:
        parts = {
            "bass": _fluidsynth(song.events["bass"], song.programs["bass"], song.soundfonts["bass"], song.seconds, rng, tmp),
            "chords": _fluidsynth(song.events["chords"], song.programs["chords"], song.soundfonts["chords"], song.seconds, rng, tmp),
            "lead": (_fluidsynth(song.events["lead"], song.programs["lead"], song.soundfonts["lead"], song.seconds, rng, tmp)
                     if song.events["lead"] else np.zeros((frames, 2), np.float32)),
            "drums": _drums(song, rng),
        }
        if rng.random() < 0.25:  # the soundfonts' choir and voice programs sing the melody instead
            parts["vocals"] = _fluidsynth(song.events["vocals"], song.programs["choir"], song.soundfonts["choir"], song.seconds, rng, tmp)
        else:
            parts["vocals"] = _vocal(song, rng, tmp)
    for name, audio in parts.items():
        peak = float(np.abs(audio).max())
        parts[name] = _effects(audio / peak if peak > 0 else audio, song.effects[name], song.pans[name], song.gains_db[name])
    stems = {"vocals": parts["vocals"], "drums": parts["drums"], "bass": parts["bass"], "other": parts["chords"] + parts["lead"]}
    mixture = sum(stems.values())
    scale = 0.95 / max(1e-6, float(np.abs(mixture).max()))
    os.makedirs(folder, exist_ok=True)
    for name in STEMS:
        soundfile.write(os.path.join(folder, f"{name}.wav"), stems[name] * scale, SAMPLE_RATE, subtype="FLOAT")
    soundfile.write(os.path.join(folder, "mixture.wav"), mixture * scale, SAMPLE_RATE, subtype="FLOAT")
    with open(os.path.join(folder, "song.json.tmp"), "w") as f:
        json.dump(song.to_json(), f, indent=1)
    os.replace(os.path.join(folder, "song.json.tmp"), os.path.join(folder, "song.json"))
    return {name: round(float(10 * np.log10(np.mean((stems[name] * scale) ** 2) + 1e-12)), 2) for name in STEMS}
