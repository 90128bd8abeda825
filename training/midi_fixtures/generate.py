"""Generates the MIDI interop fixtures in Tests/Fixtures/midi/interop/ (run once; outputs are committed).

Each fixture is written by a real tool (mido, pretty_midi, music21, or raw bytes for quirks real files have)
and comes with <name>.json: the notes as mido's messages give them (ticks, paired first-in first-out per
channel and pitch) with seconds from mido's tempo map, cross-checked against pretty_midi's reading.
Kanade's reader must give the same notes (Tests/MusicTests/MIDIInteropTests.swift).

    /work/venv/bin/python training/midi_fixtures/generate.py
"""
import json
import pathlib
import struct

import mido
import music21
import pretty_midi

from mido_notes import mido_notes
from smf_bytes import chunk, vlq

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "midi" / "interop"


def overlapping_pitches(notes):
    """(channel, pitch) pairs where a note starts before the previous one of that pitch has ended."""
    keys, last_end = set(), {}
    for n in notes:
        key = (n["channel"], n["pitch"])
        if key in last_end and n["startTick"] < last_end[key]:
            keys.add(key)
        last_end[key] = max(last_end.get(key, 0), n["endTick"])
    return keys


def check_with_pretty_midi(path, notes):
    """pretty_midi must agree, except on overlapping notes of one pitch: there a note-off ends every open
    note in pretty_midi, the oldest one in mido, Kanade and most sequencers (first in, first out)."""
    pm = pretty_midi.PrettyMIDI(str(path))
    skip = {pitch for _, pitch in overlapping_pitches(notes)}
    theirs = sorted((n.start, n.pitch, n.end, n.velocity)
                    for inst in pm.instruments for n in inst.notes if n.pitch not in skip)
    ours = sorted((n["start"], n["pitch"], n["end"], n["velocity"]) for n in notes if n["pitch"] not in skip)
    same = len(theirs) == len(ours) and all(
        a[1] == b[1] and a[3] == b[3] and abs(a[0] - b[0]) < 1e-6 and abs(a[2] - b[2]) < 1e-6
        for a, b in zip(theirs, ours))
    theirs, ours = (theirs, ours) if not same else (0, 0)
    assert theirs == ours, f"{path.name}: pretty_midi disagrees with mido\n{theirs[:5]}\n{ours[:5]}"


def save(name, extra=None):
    path = OUT / name
    mid, notes = mido_notes(path)
    check_with_pretty_midi(path, notes)
    meta = dict(file=name, format=mid.type, ticksPerQuarter=mid.ticks_per_beat, notes=notes)
    meta.update(extra or {})
    (OUT / (path.stem + ".json")).write_text(json.dumps(meta, indent=1) + "\n")
    print(f"{name}: format {mid.type}, {len(notes)} notes")


def mido_format0():
    """Format 0, several channels and programs, tempo change, sysex, running status (mido writes it)."""
    mid = mido.MidiFile(type=0, ticks_per_beat=96)
    t = mido.MidiTrack()
    mid.tracks.append(t)
    t += [mido.MetaMessage("time_signature", numerator=3, denominator=4, time=0),
          mido.MetaMessage("key_signature", key="Bb", time=0),
          mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(100), time=0),
          mido.Message("program_change", channel=0, program=40, time=0),
          mido.Message("program_change", channel=1, program=32, time=0),
          mido.Message("sysex", data=[0x7E, 0x7F, 0x09, 0x01], time=0)]
    melody = [70, 72, 74, 75, 77, 79, 81, 82]
    for i, p in enumerate(melody):
        t.append(mido.Message("note_on", channel=0, note=p, velocity=60 + i * 5, time=0 if i == 0 else 24))
        t.append(mido.Message("note_on", channel=1, note=p - 24, velocity=80, time=0))
        t.append(mido.Message("note_on", channel=0, note=p, velocity=0, time=72))  # velocity-0 note-offs
        t.append(mido.Message("note_off", channel=1, note=p - 24, velocity=64, time=0))
        if i == 3:
            t.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(140), time=0))
    mid.save(OUT / "mido_format0.mid")
    save("mido_format0.mid", dict(program={"0": 40, "1": 32}, timeSignature=[3, 4], keySharps=-2))


def mido_format1():
    """Format 1: conductor track, two parts, overlapping and re-struck notes, a track name."""
    mid = mido.MidiFile(type=1, ticks_per_beat=480)
    conductor = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=600000, time=0),
                                mido.MetaMessage("time_signature", numerator=6, denominator=8, time=0),
                                mido.MetaMessage("set_tempo", tempo=400000, time=1920)])
    lead = mido.MidiTrack([mido.MetaMessage("track_name", name="Lead", time=0),
                           mido.Message("program_change", channel=2, program=73, time=0)])
    events = []  # (tick, message) then delta-encoded
    for k in range(12):
        start = k * 240
        events.append((start, mido.Message("note_on", channel=2, note=60 + (k * 7) % 12, velocity=90)))
        events.append((start + 200, mido.Message("note_off", channel=2, note=60 + (k * 7) % 12)))
    # Re-struck pitch: second note-on before the first note's off (first-in first-out pairing).
    events += [(3000, mido.Message("note_on", channel=2, note=67, velocity=70)),
               (3100, mido.Message("note_on", channel=2, note=67, velocity=110)),
               (3200, mido.Message("note_off", channel=2, note=67)),
               (3400, mido.Message("note_off", channel=2, note=67))]
    last = 0
    for tick, msg in sorted(events, key=lambda e: (e[0], e[1].type == "note_on")):
        lead.append(msg.copy(time=tick - last))
        last = tick
    bass = mido.MidiTrack([mido.MetaMessage("track_name", name="Bass", time=0),
                           mido.Message("program_change", channel=3, program=33, time=0)])
    for k in range(6):
        bass.append(mido.Message("note_on", channel=3, note=36 + k, velocity=100, time=0 if k == 0 else 120))
        bass.append(mido.Message("note_off", channel=3, note=36 + k, time=480))
    mid.tracks += [conductor, lead, bass]
    mid.save(OUT / "mido_format1.mid")
    save("mido_format1.mid", dict(trackNames=["Lead", "Bass"]))


def pretty_midi_song():
    """pretty_midi: three instruments including drums, time signature and key changes, resolution 220."""
    pm = pretty_midi.PrettyMIDI(initial_tempo=132.0)
    piano = pretty_midi.Instrument(program=0, name="Piano")
    strings = pretty_midi.Instrument(program=48, name="Strings")
    drums = pretty_midi.Instrument(program=0, is_drum=True, name="Drums")
    beat = 60 / 132
    for i in range(16):
        piano.notes.append(pretty_midi.Note(velocity=70 + i, pitch=60 + [0, 4, 7, 12][i % 4],
                                            start=i * beat / 2, end=i * beat / 2 + beat / 2))
        drums.notes.append(pretty_midi.Note(velocity=100, pitch=[36, 42, 38, 42][i % 4],
                                            start=i * beat / 2, end=i * beat / 2 + 0.05))
    for i, chord in enumerate([[48, 52, 55], [53, 57, 60]]):
        for p in chord:
            strings.notes.append(pretty_midi.Note(velocity=50, pitch=p, start=i * 4 * beat, end=(i + 1) * 4 * beat))
    pm.instruments += [piano, strings, drums]
    pm.time_signature_changes += [pretty_midi.TimeSignature(4, 4, 0), pretty_midi.TimeSignature(2, 4, 8 * beat)]
    pm.key_signature_changes += [pretty_midi.KeySignature(pretty_midi.key_name_to_key_number("E major"), 0),
                                 pretty_midi.KeySignature(pretty_midi.key_name_to_key_number("C# minor"), 4 * beat)]
    pm.write(str(OUT / "pretty_midi_song.mid"))
    save("pretty_midi_song.mid", dict(drumChannel=9))


def music21_melody():
    """music21: 3/4, triplets, a dotted rhythm, tempo 84, two flats; music21 writes 10080 ticks per quarter."""
    s = music21.stream.Stream()
    s.append(music21.tempo.MetronomeMark(number=84))
    s.append(music21.meter.TimeSignature("3/4"))
    s.append(music21.key.KeySignature(-2))
    for name, ql in [("B-4", 1.5), ("C5", 0.5), ("D5", 1), ("E-5", 1 / 3), ("D5", 1 / 3), ("C5", 1 / 3),
                     ("B-4", 2), ("F4", 1), ("G4", 0.25), ("A4", 0.25), ("B-4", 0.5), ("C5", 2)]:
        n = music21.note.Note(name, quarterLength=ql)
        n.volume.velocity = 88
        s.append(n)
    s.write("midi", fp=str(OUT / "music21_melody.mid"))
    save("music21_melody.mid")


def raw_quirks():
    """Raw bytes with what real files do: running status continuing across meta and SysEx events,
    an unknown chunk between tracks, a text event, note-on velocity 0 as note-off."""
    body = bytearray()
    body += vlq(0) + bytes([0x90, 60, 100])          # note on, sets running status
    body += vlq(0) + bytes([0xFF, 0x01, 3]) + b"abc"  # text meta
    body += vlq(0) + bytes([64, 90])                   # running status after a meta event: note on E4
    body += vlq(240) + bytes([60, 0])                  # velocity 0 = off (C4)
    body += vlq(0) + bytes([0xF0, 3, 0x7E, 0x01, 0xF7])  # SysEx
    body += vlq(0) + bytes([64, 0])                    # running status after SysEx: off E4
    body += vlq(240) + bytes([0x80, 67, 0])            # stray note-off (no note): ignored
    body += vlq(0) + bytes([0x91, 72, 50])             # channel 1
    body += vlq(480) + bytes([0x81, 72, 64])
    body += vlq(0) + bytes([0xFF, 0x2F, 0])
    data = chunk(b"MThd", struct.pack(">HHH", 1, 1, 120)) + chunk(b"XFIH", b"\x00" * 10) + chunk(b"MTrk", bytes(body))
    (OUT / "quirks_running_status.mid").write_bytes(data)
    # mido resets running status at SysEx (it keeps 0xF0), so the expected notes are written here by hand.
    notes = [dict(track=0, channel=0, pitch=60, velocity=100, startTick=0, endTick=240),
             dict(track=0, channel=0, pitch=64, velocity=90, startTick=0, endTick=240),
             dict(track=0, channel=1, pitch=72, velocity=50, startTick=480, endTick=960)]
    for n in notes:
        n["start"], n["end"] = n["startTick"] / 120 * 0.5, n["endTick"] / 120 * 0.5
    meta = dict(file="quirks_running_status.mid", format=1, ticksPerQuarter=120, notes=notes)
    (OUT / "quirks_running_status.json").write_text(json.dumps(meta, indent=1) + "\n")
    print("quirks_running_status.mid: hand-written expectations")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    mido_format0()
    mido_format1()
    pretty_midi_song()
    music21_melody()
    raw_quirks()
