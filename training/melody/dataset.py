"""Cut parsed corpus runs into 2-bar and 16-bar windows, split by source file, remove duplicates.

Split (deterministic, by source file): md5(relative corpus path, e.g. "essenFolksong/altdeu10.abc") as an
integer, mod 20: 0..15 train, 16..17 valid, 18..19 test. Every tune and voice of one file lands in one split.
Windows start on every bar of a run (hop 1 bar). A window needs at least one note-on per bar on average
(>= 2 for 2 bars, >= 16 for 16 bars), so long rests (e.g. a Palestrina voice waiting to enter) are skipped.
Duplicates: identical windows are kept once; a window present in test is dropped from valid and train, one in
valid is dropped from train, so no evaluation window is seen in training (before augmentation).
Transposition augmentation (train only) happens in train.py at batch time.

Medleys (16 bars, train split only, used with train.py / pretrain_codes.py --medleys): only 651 of the 7,513
folk runs and 126 of the 2,632 Bach voices in the train split are 16 bars long, so the 16-bar set holds 3.4 k folk
windows where the 2-bar set holds 36 k. For each folk collection and for Bach, the train split's runs are joined
end to end in file order (a run that opens on no-event gets a note-off there, so no note is held across the
join) and cut into 16-bar windows at every bar, as real ones. Only windows that cross a join are kept: the rest
are real windows already. They are stored apart (`medley`, `medley_file`: the file of the window's first bar)
and never reach valid or test.

Keyed medleys (`medley_keyed`, `medley_keyed_file`; train.py --medleys --medley-keys): the same joins, but each run
is first transposed into the key signature of the run before it (after that one's own transposition), so a whole
collection's stream stays in its first run's key: the shift is the one congruent, mod 12, to the difference of the
two runs' best-fitting major scales (as evaluate.py's in-key ratio fits them) that brings the run's mean pitch
nearest the previous run's, within MIDI 21-108. The plain medleys join tunes in whatever keys and registers they
were written in, so a window may change key or leap an octave at a join, which real windows never do.

Usage: python dataset.py   -> data/windows_{2,16}bar.npz (+ data/windows_stats.json), prints counts.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

import corpus

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SPLITS = ("train", "valid", "test")
GROUPS = ("folk", "bach", "palestrina")


def collection_of(rel: str) -> str:
    """The corpus collection of a file: "essenFolksong/altdeu10.abc" -> "essenFolksong"."""
    return str(rel).split("/")[0]


def group_of(rel: str) -> str:
    """The evaluation group of a corpus file: bach, palestrina, or folk (every folk collection)."""
    coll = collection_of(rel)
    return coll if coll in ("bach", "palestrina") else "folk"


def window_groups(data: dict, split: str) -> np.ndarray:
    """The group of each window of one split of `load(bars)`."""
    return np.array([group_of(data["files"][fi]) for fi in data[split + "_file"]])


def mix_probabilities(groups: np.ndarray, mix: dict) -> np.ndarray:
    """Per-window sampling probabilities giving each group the share `mix[group]` of draws (uniform within a
    group); groups absent from `mix` keep their natural share."""
    p = np.ones(len(groups), dtype=np.float64) / len(groups)
    for g, share in mix.items():
        sel = groups == g
        if sel.any():
            p[sel] = share / sel.sum()
    return p / p.sum()


def parse_mix(text: str) -> dict:
    """'folk=0.35,bach=0.15,palestrina=0.5' -> {'folk': 0.35, ...}."""
    out = {}
    for part in filter(None, text.split(",")):
        g, _, v = part.partition("=")
        if g not in GROUPS:
            raise SystemExit(f"--mix: unknown group {g!r} (groups: {', '.join(GROUPS)})")
        out[g] = float(v)
    return out


def split_of(rel: str) -> str:
    h = int(hashlib.md5(rel.encode()).hexdigest(), 16) % 20
    return "train" if h < 16 else ("valid" if h < 18 else "test")


def dense_enough(w, bars: int) -> bool:
    """A window keeps at least one note-on per bar on average (skips e.g. a voice resting before it enters)."""
    return sum(1 for e in w if e >= 2) >= bars


def windows(events: list[int], bars: int):
    steps = bars * 16
    n_bars = len(events) // 16
    for b in range(0, n_bars - bars + 1):
        w = events[b * 16:b * 16 + steps]
        if dense_enough(w, bars):
            yield tuple(w)


MEDLEY_GROUPS = ("folk", "bach")
MAJOR = np.array([0, 2, 4, 5, 7, 9, 11])


def best_major(midi: np.ndarray) -> tuple[int, int]:
    """The tonic pitch class of the major scale (or its relative natural minor) holding the most of `midi`'s notes,
    the lowest on a tie, and how many notes it holds."""
    pcs = np.bincount(np.asarray(midi) % 12, minlength=12)
    held = [int(pcs[(MAJOR + k) % 12].sum()) for k in range(12)]
    tonic = int(np.argmax(held))  # the first maximum: the lowest tonic on a tie
    return tonic, held[tonic]


def key_and_mean(run: list[int]) -> tuple[int, float] | None:
    """The tonic pitch class of a run's best-fitting major scale (`best_major`) and its mean MIDI pitch."""
    notes = np.array([e - 2 + corpus.MIN_PITCH for e in run if e >= 2])
    if not len(notes):
        return None
    return best_major(notes)[0], float(notes.mean())


def into_key(run: list[int], anchor: tuple[int, float]) -> list[int]:
    """`run` transposed into `anchor`'s key signature, to the octave whose mean pitch is nearest the anchor's."""
    own = key_and_mean(run)
    if own is None:
        return run
    notes = [e for e in run if e >= 2]
    lo, hi = 2 - min(notes), corpus.NUM_CLASSES - 1 - max(notes)  # shifts that keep every note in range
    base = (anchor[0] - own[0]) % 12
    shifts = [base + 12 * k for k in range(-8, 9) if lo <= base + 12 * k <= hi]
    if not shifts:
        return run
    shift = min(shifts, key=lambda d: (abs(own[1] + d - anchor[1]), abs(d)))
    return [e + shift if e >= 2 else e for e in run]


def medleys(bars: int, parsed: list[dict], existing: set, keyed: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Train-split windows cut across the joins of runs laid end to end per collection (see the docstring); with
    `keyed`, each run transposed into the key of the one before it first."""
    streams: dict[str, list] = {}
    for fi, rec in enumerate(parsed):
        if split_of(rec["file"]) != "train" or group_of(rec["file"]) not in MEDLEY_GROUPS:
            continue
        for tune in rec["tunes"]:
            n = len(tune["events"]) // 16 * 16
            if n:
                streams.setdefault(collection_of(rec["file"]), []).append((fi, tune["events"][:n]))
    seen, out, src = set(existing), [], []
    for coll in sorted(streams):
        events, first_file, starts, anchor = [], [], set(), None
        for fi, run in streams[coll]:
            run = list(run)
            if keyed:
                run = into_key(run, anchor) if anchor is not None else run
                anchor = key_and_mean(run) or anchor
            if events and run[0] == corpus.NO_EVENT:
                run[0] = corpus.NOTE_OFF
            starts.add(len(events) // 16)
            first_file += [fi] * (len(run) // 16)
            events += run
        n_bars = len(events) // 16
        for b in range(n_bars - bars + 1):
            if not any(j in starts for j in range(b + 1, b + bars)):
                continue  # inside one run: a real window
            w = tuple(events[b * 16:(b + bars) * 16])
            if dense_enough(w, bars) and w not in seen:
                seen.add(w)
                out.append(w)
                src.append(first_file[b])
    return np.array(out, dtype=np.uint8).reshape(-1, bars * 16), np.array(src, dtype=np.int32)


def build(bars: int, parsed: list[dict]) -> dict:
    per_split = {s: {} for s in SPLITS}  # window -> (file index) for provenance
    raw = Counter()
    collection_counts = {s: Counter() for s in SPLITS}
    for fi, rec in enumerate(parsed):
        s = split_of(rec["file"])
        for tune in rec["tunes"]:
            for w in windows(tune["events"], bars):
                raw[s] += 1
                if w not in per_split[s]:
                    per_split[s][w] = fi
    # Cross-split de-duplication: test keeps everything, valid loses test windows, train loses both.
    seen = set(per_split["test"])
    for s in ("valid", "train"):
        for w in list(per_split[s]):
            if w in seen:
                del per_split[s][w]
        seen |= set(per_split[s])
    out, stats = {}, {"bars": bars, "raw_windows": dict(raw)}
    for s in SPLITS:
        items = sorted(per_split[s].items(), key=lambda kv: (kv[1], kv[0]))
        arr = np.array([w for w, _ in items], dtype=np.uint8).reshape(-1, bars * 16)
        src = np.array([fi for _, fi in items], dtype=np.int32)
        out[s] = arr
        out[s + "_file"] = src
        for fi in src:
            collection_counts[s][collection_of(parsed[fi]["file"])] += 1
        stats[s] = int(len(arr))
        stats[s + "_by_collection"] = dict(collection_counts[s])
        stats[s + "_files"] = len({parsed[fi]["file"] for fi in src})
    if bars == 16:
        existing = {tuple(w) for s in SPLITS for w in out[s].tolist()}
        out["medley"], out["medley_file"] = medleys(bars, parsed, existing)
        stats["medley"] = int(len(out["medley"]))
        stats["medley_by_collection"] = dict(Counter(collection_of(parsed[fi]["file"]) for fi in out["medley_file"]))
        out["medley_keyed"], out["medley_keyed_file"] = medleys(bars, parsed, existing, keyed=True)
        stats["medley_keyed"] = int(len(out["medley_keyed"]))
    return out, stats


def main() -> None:
    files = corpus.source_files()
    parsed = corpus.load_all(files)
    missing = len(files) - len(parsed)
    if missing:
        raise SystemExit(f"{missing} source files not parsed yet: run corpus.py first")
    all_stats = {"source_files": len(files), "files_by_split": dict(Counter(split_of(r["file"]) for r in parsed)),
                 "parse_errors": [r["file"] for r in parsed if r.get("error")],
                 "files_without_duple_bars": sum(1 for r in parsed if not r["tunes"])}
    names = np.array([r["file"] for r in parsed])
    for bars in (2, 16):
        arrays, stats = build(bars, parsed)
        np.savez_compressed(DATA / f"windows_{bars}bar.npz", files=names, **arrays)
        all_stats[f"{bars}bar"] = stats
        print(json.dumps(stats))
    (DATA / "windows_stats.json").write_text(json.dumps(all_stats, indent=1))
    print({k: v for k, v in all_stats.items() if not k.endswith("bar")})


def load(bars: int, medley: bool | str = False) -> dict:
    """The windows of `windows_<bars>bar.npz`; with `medley` (True, or "keyed" for the keyed medleys), the medley
    windows are appended to train."""
    d = np.load(DATA / f"windows_{bars}bar.npz")
    out = {k: d[k] for k in d.files}
    if medley:
        key = "medley_keyed" if medley == "keyed" else "medley"
        if key not in out:
            raise SystemExit(f"{DATA / f'windows_{bars}bar.npz'} has no {key} windows: run dataset.py")
        out["train"] = np.concatenate([out["train"], out[key]])
        out["train_file"] = np.concatenate([out["train_file"], out[key + "_file"]])
    return out


if __name__ == "__main__":
    main()
