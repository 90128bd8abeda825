"""Generates synthetic songs: `generate.py --out DIR --first 0 --count 40 --seconds 25`.

Each song goes to DIR/<split>/<seed>/ (stems, mixture.wav, song.json); DIR/stats.json lists every
song's split, corpus piece, tempo, groove, stem levels and render time, and the hours per split.
Songs already rendered (song.json present) are skipped, so a run can be resumed.
"""
import argparse
import json
import os
import time

import numpy as np

import render
import songgen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--stats", default=None, help="where stats.json goes (default OUT/stats.json)")
    args = parser.parse_args()
    stats_path = args.stats or os.path.join(args.out, "stats.json")
    stats = {"songs": {}}
    if os.path.exists(stats_path):
        with open(stats_path) as f:
            stats = json.load(f)
    for seed in range(args.first, args.first + args.count):
        split = songgen.split_of(seed)
        folder = os.path.join(args.out, split, str(seed))
        if os.path.exists(os.path.join(folder, "song.json")) and str(seed) in stats["songs"]:
            continue
        started = time.time()
        song = songgen.make_song(seed, args.seconds)
        levels = render.render_song(song, folder)
        elapsed = time.time() - started
        stats["songs"][str(seed)] = {"split": split, "piece": song.corpus_piece, "tempo": song.tempo,
                                     "groove": song.groove, "seconds": song.seconds, "rms_db": levels,
                                     "render_seconds": round(elapsed, 2)}
        print(f"seed {seed} ({split}): {song.corpus_piece}, {song.tempo:.0f} BPM, {song.groove}, {elapsed:.1f} s", flush=True)
        songs = stats["songs"].values()
        stats["hours"] = {s: round(sum(v["seconds"] for v in songs if v["split"] == s) / 3600, 4) for s in ("train", "valid", "test")}
        times = [v["render_seconds"] for v in songs]
        stats["render_seconds_per_song"] = {"mean": round(float(np.mean(times)), 2), "max": round(float(np.max(times)), 2)}
        os.makedirs(os.path.dirname(os.path.abspath(stats_path)), exist_ok=True)
        with open(stats_path + ".tmp", "w") as f:
            json.dump(stats, f, indent=1, sort_keys=True)
        os.replace(stats_path + ".tmp", stats_path)


if __name__ == "__main__":
    main()
