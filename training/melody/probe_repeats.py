"""Would expanding repeats give the 16-bar model more folk windows? A probe on every Nth folk file.

  python probe_repeats.py --every 40

For each sampled file (folk collections only: Bach and Palestrina have no repeat signs to speak of), every tune
is parsed twice, as written and through music21's `expandRepeats()`, cut into runs by corpus.part_runs, and
its windows counted with dataset.windows (raw counts, before de-duplication). Also prints the tunes' meters and,
for the duple ones, the longest run in 16-step bars (two 2/4 bars make one), as written and expanded.
Parses from the corpus directly (no cache); about a minute for --every 40.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from music21 import converter, meter, stream

import corpus
import dataset


def score_runs(sc) -> list[list[int]]:
    return [ev for p in (list(sc.parts) if sc.parts else [sc]) for ev in corpus.part_runs(p)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--every", type=int, default=40, help="probe every Nth folk source file")
    args = ap.parse_args()
    folk = [f for f in corpus.source_files() if dataset.group_of(f) == "folk"]
    sample = folk[::args.every]
    t0 = time.time()
    meters, longest, longest_x = Counter(), Counter(), Counter()
    windows = {"plain": Counter(), "expanded": Counter()}
    failures = tunes = 0
    for rel in sample:
        s = converter.parse(str(corpus.corpus_root() / rel), forceSource=True)
        for sc in (list(s.scores) if isinstance(s, stream.Opus) else [s]):
            tunes += 1
            ts = sc.recurse().getElementsByClass(meter.TimeSignature).first()
            meters[ts.ratioString if ts else None] += 1
            try:
                expanded = sc.expandRepeats()
            except Exception:  # music21 refuses some repeat structures: count the tune as written
                failures += 1
                expanded = sc
            for key, version, hist in (("plain", sc, longest), ("expanded", expanded, longest_x)):
                runs = score_runs(version)
                for bars in (2, 16):
                    windows[key][f"{bars}bar"] += sum(1 for ev in runs for _ in dataset.windows(ev, bars))
                if ts is not None and ts.ratioString in corpus.DUPLE_METERS:
                    hist[max((len(ev) // 16 for ev in runs), default=0)] += 1
    print(json.dumps({"files": len(sample), "folk_files": len(folk), "tunes": tunes,
                      "expand_failures": failures, "windows": windows,
                      "meters": dict(meters.most_common()),
                      "duple_tunes_by_longest_run_bars": {"plain": dict(sorted(longest.items())),
                                                          "expanded": dict(sorted(longest_x.items()))},
                      "seconds": round(time.time() - t0)}, indent=1))


if __name__ == "__main__":
    main()
