"""The melody corpus as whole runs for MelodyRNN: the same parse (training/melody/corpus.py, cached) and the same
split by source file (training/melody/dataset.py: md5 of the path mod 20, 0-15 train, 16-17 valid, 18-19 test) as
the melody VAEs, so no tune the VAEs were tested on is trained on here and the other way round.

Collections: the folk ones and Bach's chorale lines; Palestrina's mass voices (half the VAEs' files) are left out:
their long-note polyphonic lines are not the tunes a person continues, and the folk tunes are what the issue
measures continuations on.

A run is a stretch of complete 4/4-rebarred bars of one voice (corpus.py). Runs shorter than two bars are dropped;
runs are deduplicated per split (an identical run in test is dropped from valid and train, one in valid from
train), as dataset.py does for windows.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "melody"))  # after this folder, so our model.py wins
import corpus  # noqa: E402
import dataset  # noqa: E402


def runs() -> dict[str, list[tuple[str, list[int]]]]:
    """{split: [(file, events)]} in file order."""
    out = {"train": [], "valid": [], "test": []}
    files = [f for f in corpus.source_files() if dataset.collection_of(f) != "palestrina"]
    missing = [f for f in files if not corpus.cache_path(f).exists()]
    if missing:
        raise SystemExit(f"{len(missing)} corpus files are not parsed yet (first: {missing[0]}): run training/melody/corpus.py")
    for parsed in corpus.load_all(files):
        if parsed.get("error"):
            continue
        split = dataset.split_of(parsed["file"])
        for tune in parsed["tunes"]:
            if len(tune["events"]) >= 32:
                out[split].append((parsed["file"], tune["events"]))
    seen: set[tuple[int, ...]] = set()
    for split in ("test", "valid", "train"):
        kept = []
        for f, e in out[split]:
            key = tuple(e)
            if key not in seen:
                seen.add(key)
                kept.append((f, e))
        out[split] = kept
    return out
