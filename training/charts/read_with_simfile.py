"""Reads StepMania files with the `simfile` library (PyPI, 2.1.x) and writes what it read as JSON.

The Swift tests compare our reader and writer against these readings (Tests/Fixtures/charts/*/NAME.simfile.json),
so they need no Python. Regenerate after changing a fixture or the writer:

    /work/venv/bin/python training/charts/read_with_simfile.py Tests/Fixtures/charts/handmade Tests/Fixtures/charts/written

Beats are exact fractions "n/d"; times are simfile's TimingEngine.time_at for each note (seconds as a decimal
string, 6 places).
"""
import json
import sys
from pathlib import Path

import simfile
from simfile.notes import NoteData
from simfile.timing import TimingData
from simfile.timing.engine import TimingEngine


def fraction(beat):
    return f"{beat.numerator}/{beat.denominator}"


def beat_values(values):
    return [[fraction(v.beat), str(v.value)] for v in values]


def reading(path: Path):
    sim = simfile.open(str(path), strict=True)
    song = TimingData(sim)
    out = {
        "title": sim.title or "",
        "artist": sim.artist or "",
        "music": sim.music or "",
        "offset": str(song.offset),
        "bpms": beat_values(song.bpms),
        "stops": beat_values(song.stops),
        "delays": beat_values(song.delays),
        "charts": [],
    }
    for chart in sim.charts:
        timing = TimingData(sim, chart)
        engine = TimingEngine(timing)
        notes = list(NoteData(chart))
        out["charts"].append({
            "stepstype": chart.stepstype,
            "difficulty": chart.difficulty,
            "meter": chart.meter,
            "offset": str(timing.offset),
            "bpms": beat_values(timing.bpms),
            "stops": beat_values(timing.stops),
            "delays": beat_values(timing.delays),
            "notes": [[fraction(n.beat), n.column, n.note_type.value] for n in notes],
            "seconds": [f"{float(engine.time_at(n.beat)):.6f}" for n in notes],
        })
    return out


def main(folders):
    for folder in map(Path, folders):
        for path in sorted(list(folder.glob("*.sm")) + list(folder.glob("*.ssc"))):
            target = path.with_name(path.name + ".simfile.json")
            target.write_text(json.dumps(reading(path), indent=1) + "\n")
            print(f"{path} -> {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
