"""Parse the music21 corpus into monophonic 4/4 melody event sequences (MusicVAE's 90-class encoding).

Encoding (MusicVAE `OneHotMelodyConverter`, min pitch 21, max 108):
  0 = no event (hold the previous state), 1 = note-off, 2 + (midi - 21) = note-on for MIDI 21..108.
Quantization: 4 steps per quarter note, 16 steps per bar. Only complete bars (no pickup, no short
final bar) in simple duple/quadruple meters (4/4 and C, 2/2 and cut time, 2/4, 4/2) are kept; consecutive
such bars form a span that is re-barred into 4-quarter bars from its start (two 2/4 bars = one bar,
one 4/2 bar = two). Triple and compound meters (3/4, 3/2, 6/8, 9/8, 12/8 ...) are skipped.
A chord (rare in these lines) keeps its top note; grace notes are dropped; onsets and ends are rounded to
the nearest 16th (triplets are approximated). A pitch outside MIDI 21..108 drops its span.

Each source file is parsed once and cached as JSON under training/melody/data/cache/ (gitignored).
Usage: python corpus.py [--jobs 2]    (prints the wall time of the parse)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "data" / "cache"

NO_EVENT, NOTE_OFF, MIN_PITCH, MAX_PITCH = 0, 1, 21, 108
NUM_CLASSES = 2 + MAX_PITCH - MIN_PITCH + 1  # 90
DUPLE_METERS = {"4/4", "2/4", "2/2", "4/2"}
STEPS_PER_QUARTER, STEPS_PER_BAR = 4, 16

# Collections used, in the order they are parsed. (collection dir, glob)
COLLECTIONS = [
    ("ryansMammoth", "*.abc"), ("oneills1850", "*.abc"), ("essenFolksong", "*.abc"), ("airdsAirs", "*.abc"),
    ("nottingham-dataset", "*.abc"), ("miscFolk", "*.abc"),
    ("bach", "*.mxl"), ("bach", "*.xml"), ("bach", "*.krn"),
    ("palestrina", "*.krn"),
]


def corpus_root() -> Path:
    import music21
    return Path(music21.__file__).parent / "corpus"


def source_files() -> list[str]:
    """Relative paths (collection/file) of every source file, sorted, deterministic."""
    root = corpus_root()
    out = []
    for coll, pattern in COLLECTIONS:
        out += sorted(str(p.relative_to(root)) for p in (root / coll).glob(pattern))
    return list(dict.fromkeys(out))


def cache_path(rel: str) -> Path:
    return CACHE / (rel.replace("/", "__") + ".json")


def part_runs(part) -> list[list[int]]:
    """Event sequences for the complete duple-meter bars of one part, split where such bars stop being consecutive."""
    from music21 import chord, stream
    part = part.stripTies()
    measures = list(part.getElementsByClass(stream.Measure))
    if not measures:
        return []
    # Complete bars of a simple duple/quadruple meter (2/4, 4/4, 2/2, 4/2), by absolute offset and length.
    full = []
    ts_ok, ts_len = False, None
    for m in measures:
        ts = m.timeSignature
        if ts is not None:
            ts_ok = ts.ratioString in DUPLE_METERS
            ts_len = float(ts.barDuration.quarterLength)
        if ts_ok and abs(float(m.duration.quarterLength) - ts_len) < 1e-6:
            full.append((float(m.offset), ts_len))
    if not full:
        return []
    # Notes with absolute offsets; a chord keeps its top note (voices are monophonic lines, chords are rare).
    notes = []
    for n in part.flatten().notes:
        ql = float(n.duration.quarterLength)
        if ql <= 0:  # grace notes
            continue
        midi = max(p.midi for p in n.pitches) if isinstance(n, chord.Chord) else n.pitch.midi
        notes.append((float(n.offset), float(n.offset) + ql, midi))
    notes.sort()
    # Consecutive complete bars form a span; a span is cut into 4-quarter (16-step) bars from its start,
    # so two 2/4 bars make one bar and a 4/2 bar makes two.
    spans = []
    cur_start, cur_end = full[0][0], full[0][0] + full[0][1]
    for off, ln in full[1:]:
        if abs(off - cur_end) < 1e-6:
            cur_end = off + ln
        else:
            spans.append((cur_start, cur_end))
            cur_start, cur_end = off, off + ln
    spans.append((cur_start, cur_end))
    out = []
    for start, span_end in spans:
        bars = int((span_end - start + 1e-6) // 4.0)
        if bars == 0:
            continue
        end = start + 4.0 * bars
        steps = bars * STEPS_PER_BAR
        ev = [NO_EVENT] * steps
        ok = True
        for on, off, midi in notes:
            if on < start - 1e-6 or on >= end - 1e-6:
                continue
            if not MIN_PITCH <= midi <= MAX_PITCH:
                ok = False
                break
            s = int(round((on - start) * STEPS_PER_QUARTER))
            e = int(round((off - start) * STEPS_PER_QUARTER))
            if s >= steps:
                continue
            e = max(e, s + 1)
            ev[s] = 2 + midi - MIN_PITCH  # notes are in onset order: a later onset overwrites a note-off
            if e < steps and ev[e] == NO_EVENT:
                ev[e] = NOTE_OFF
        if ok:
            out.append(ev)
    return out


def parse_file(rel: str) -> dict:
    """Parse one corpus file (all tunes of an opus, all parts of a score) and cache the runs."""
    cp = cache_path(rel)
    if cp.exists():
        return json.loads(cp.read_text())
    from music21 import converter, stream
    t0 = time.time()
    result = {"file": rel, "tunes": [], "error": None}
    try:
        s = converter.parse(str(corpus_root() / rel), forceSource=True)
        scores = list(s.scores) if isinstance(s, stream.Opus) else [s]
        for ti, sc in enumerate(scores):
            parts = list(sc.parts) if sc.parts else [sc]
            for pi, p in enumerate(parts):
                for run in part_runs(p):
                    result["tunes"].append({"tune": ti, "part": pi, "events": run})
    except Exception as exc:  # a file music21 cannot read is recorded and skipped, not fatal
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    result["seconds"] = round(time.time() - t0, 3)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cp.with_suffix(".tmp")
    tmp.write_text(json.dumps(result))
    os.replace(tmp, cp)
    return result


def load_all(files: list[str] | None = None) -> list[dict]:
    return [json.loads(cache_path(f).read_text()) for f in (files or source_files()) if cache_path(f).exists()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    files = source_files()
    todo = [f for f in files if not cache_path(f).exists()]
    print(f"{len(files)} source files, {len(todo)} to parse with {args.jobs} processes", flush=True)
    t0 = time.time()
    done = 0
    with Pool(args.jobs) as pool:
        for r in pool.imap_unordered(parse_file, todo, chunksize=4):
            done += 1
            if done % 100 == 0 or r.get("error"):
                print(f"[{time.time() - t0:7.1f}s] {done}/{len(todo)} {r['file']} {r.get('error') or ''}", flush=True)
    wall = time.time() - t0
    allr = load_all(files)
    cpu = sum(r.get("seconds", 0) for r in allr)
    errors = [r["file"] for r in allr if r.get("error")]
    stats = {"files": len(files), "parsed_now": len(todo), "wall_seconds_now": round(wall, 1),
             "sum_parse_seconds_all_files": round(cpu, 1), "jobs": args.jobs, "errors": errors}
    (CACHE.parent / "parse_stats.json").write_text(json.dumps(stats, indent=1))
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    sys.exit(main())
