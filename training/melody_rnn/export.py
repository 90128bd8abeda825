"""Export a MelodyRNN checkpoint to Kanade's safetensors and write the golden fixture Swift's MelodyContinuer is
tested on.

    nice -n 10 /work/venv/bin/python training/melody_rnn/export.py training/melody_rnn/runs/run1/latest.pt
        -> Sources/Models/Resources/melody-rnn.safetensors, Tests/Fixtures/melody-rnn/logits.safetensors

The fixture: the first 48 events of two test runs and the network's teacher-forced logits after each event.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT / "training"))
from common.kanade_export import export_model  # noqa: E402
from common.licenses import MELODY_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402
from data import runs  # noqa: E402
from model import MelodyRNN, features  # noqa: E402

VERSION = 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--out", type=Path, default=ROOT / "Sources/Models/Resources/melody-rnn.safetensors")
    p.add_argument("--fixture", type=Path, default=ROOT / "Tests/Fixtures/melody-rnn/logits.safetensors")
    args = p.parse_args()
    torch.set_num_threads(1)
    state = torch.load(args.checkpoint, weights_only=False)
    cfg = state["config"]
    model = MelodyRNN(cfg["hidden"], cfg["layers"])
    model.load_state_dict(state["model"])
    model.eval()
    data = runs()
    counts = {s: len(v) for s, v in data.items()}
    results = HERE / "results" / "eval.json"
    metrics = json.loads(results.read_text()) if results.exists() else {}
    metrics = {"nll_per_step": metrics.get("nll_per_step"), "continuations": metrics.get("continuations", {}).get("free_relative")} if metrics else {}
    config = dict(cfg) | {"step": state["step"]}
    data_line = (f"music21 corpus melodies (training/melody/corpus.py): {counts['train']} train / {counts['valid']} valid / "
                 f"{counts['test']} test runs, split by file as the melody VAEs, transposed ±5 in training")
    export_model(args.out, model.state_dict(), model="melody-rnn", version=VERSION, config=config, data=data_line,
                 metrics=metrics, license=WEIGHTS_LICENSE, data_license=MELODY_DATA_LICENSE)
    events = torch.tensor([e[:48] for _, e in data["test"][:2]])
    with torch.no_grad():
        logits, _ = model(features(events))
    args.fixture.parent.mkdir(parents=True, exist_ok=True)
    save_file({"events": events.float().contiguous(), "logits": logits.contiguous()}, str(args.fixture),
              metadata={"about": "training/melody_rnn/export.py"})
    print(json.dumps({"out": str(args.out), "bytes": args.out.stat().st_size, "fixture_bytes": args.fixture.stat().st_size,
                      "step": state["step"]}))


if __name__ == "__main__":
    main()
