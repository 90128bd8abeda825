"""The notes of MIDI files as mido reads them, as JSON: the oracle for Kanade's reader and writer.

    python3 training/midi_fixtures/mido_notes.py FILE.mid   # prints {"format", "ticksPerQuarter", "notes"}

Tests/Fixtures/midi/written/*.mido.json are its output on the files there (Kanade writes them; see
MIDIWriterTests). Notes are paired first-in first-out per channel and pitch (a note-off ends the oldest open note that began
before it), with seconds from the tempo changes of every track. Used by generate.py and by the Swift tests
(MIDIWriterTests), which run it when mido is installed.
"""
import json
import sys

import mido


def mido_notes(path):
    """Notes of a file via mido: (track, channel, pitch, velocity, start tick, end tick, start s, end s)."""
    mid = mido.MidiFile(path)
    tempo_changes = []  # (tick, tempo) from every track, as a format-1 conductor track would give
    for track in mid.tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            if msg.type == "set_tempo":
                tempo_changes.append((tick, msg.tempo))
    tempo_changes.sort(key=lambda c: c[0])

    def seconds(tick):
        s, last_tick, tempo = 0.0, 0, 500000
        for t, new_tempo in tempo_changes:
            if t > tick:
                break
            s += mido.tick2second(t - last_tick, mid.ticks_per_beat, tempo)
            last_tick, tempo = t, new_tempo
        return s + mido.tick2second(tick - last_tick, mid.ticks_per_beat, tempo)

    notes = []
    for index, track in enumerate(mid.tracks):
        tick, open_notes = 0, {}
        for msg in track:
            tick += msg.time
            if msg.type == "note_on" and msg.velocity > 0:
                open_notes.setdefault((msg.channel, msg.note), []).append((tick, msg.velocity))
            elif msg.type in ("note_off", "note_on"):
                started = open_notes.get((msg.channel, msg.note))
                if started:
                    earlier = [i for i, s in enumerate(started) if s[0] < tick]
                    start, velocity = started.pop(earlier[0] if earlier else 0)
                    notes.append(dict(track=index, channel=msg.channel, pitch=msg.note, velocity=velocity,
                                      startTick=start, endTick=tick))
    for n in notes:
        n["start"] = seconds(n["startTick"])
        n["end"] = seconds(n["endTick"])
    notes.sort(key=lambda n: (n["startTick"], n["channel"], n["pitch"], n["endTick"]))
    return mid, notes


if __name__ == "__main__":
    out = []
    for path in sys.argv[1:]:
        mid, notes = mido_notes(path)
        out.append(dict(file=path, format=mid.type, ticksPerQuarter=mid.ticks_per_beat, notes=notes))
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, indent=1)
    print()
