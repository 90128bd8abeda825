"""Peers for the Music benchmarks (docs/benchmarks.md, "Music"): mido reading the demo song, and fluidsynth
rendering it. Run right after the Swift benchmarks, on the same machine:

    cd Benchmarks && swift package --allow-writing-to-package-directory benchmark --target MusicBenchmarks
    /work/venv/bin/python Peers/music_peers.py      # needs mido; fluidsynth and a GM soundfont if present

The demo song file is Tests/Fixtures/midi/written/demo_song.mid, byte for byte what Kanade's writer makes of
`NoteSequence.demoSong` (a test checks this).
"""
import io
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit

import mido

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEMO = ROOT / "Tests" / "Fixtures" / "midi" / "written" / "demo_song.mid"
sys.path.insert(0, str(ROOT / "training" / "midi_fixtures"))
from mido_notes import mido_notes  # noqa: E402


def per_call(stmt, number):
    """Median seconds per call over 7 repeats of `number` calls."""
    return statistics.median(t / number for t in timeit.repeat(stmt, number=number, repeat=7))


def main():
    data = DEMO.read_bytes()
    parse = per_call(lambda: mido.MidiFile(file=io.BytesIO(data)), 50)
    notes = per_call(lambda: mido_notes(DEMO), 20)
    print(f"mido parse, demo song ({len(data)} bytes): {parse * 1e6:,.0f} us per read")
    print(f"mido parse + note pairing + tempo map:  {notes * 1e6:,.0f} us per read")

    fluidsynth = shutil.which("fluidsynth")
    soundfont = pathlib.Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
    if not fluidsynth or not soundfont.exists():
        print("fluidsynth or FluidR3_GM.sf2 missing: no synth peer")
        return
    with tempfile.TemporaryDirectory() as folder:
        empty = pathlib.Path(folder) / "empty.mid"
        mid = mido.MidiFile(ticks_per_beat=480)
        mid.tracks.append(mido.MidiTrack())
        mid.save(empty)

        def render(path):
            start = time.perf_counter()
            subprocess.run([fluidsynth, "-ni", "-q", "-R", "0", "-C", "0", "-F", f"{folder}/out.wav", "-r", "48000", str(soundfont), str(path)],
                           check=True, capture_output=True)
            return time.perf_counter() - start

        song = min(render(DEMO) for _ in range(3))
        load = min(render(empty) for _ in range(3))
    music_seconds = 38.4
    print(f"fluidsynth render of the demo song at 48 kHz: {song:.3f} s, of an empty file (soundfont load): {load:.3f} s")
    print(f"fluidsynth synthesis alone: {song - load:.3f} s for {music_seconds} s of music"
          f" = {music_seconds / max(song - load, 1e-9):.0f}x real time")


if __name__ == "__main__":
    main()
