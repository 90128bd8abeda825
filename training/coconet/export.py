"""Export a Coconet checkpoint to Kanade's safetensors and write the golden fixture Swift's Harmonizer is tested on.

    nice -n 10 /work/venv/bin/python training/coconet/export.py training/coconet/runs/run1/latest.pt
        -> Sources/Models/Resources/coconet.safetensors, Tests/Fixtures/coconet/logits.safetensors

The fixture: two rolls of 32 steps cut from test chorales (MIDI pitches), each with a known-cell mask (the
first: soprano known, the rest unknown, the harmonisation case; the second: a random half of the cells known),
and the network's logits for them, float32, from the weights as stored (float32). Then the voice-leading check
(voice_leading.py): a third test chorale's first 128 steps harmonised by `gibbs` (24 steps, seed 3) with its
parallels in ("vl_raw", MIDI pitches; "vl_known" its mask), and what `fix_parallels` makes of it ("vl_fixed").
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "training"))
from common.kanade_export import export_model  # noqa: E402
from common.licenses import CHORALE_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402
from model import Coconet, dilations, gibbs, one_hot  # noqa: E402
import voice_leading  # noqa: E402
from train import CROP, MIN_PITCH, load_split  # noqa: E402

VERSION = 1


def swift_dilations(config: dict, layers: int) -> list[tuple[int, int]]:
    """The dilations as Swift's CoconetNetwork.dilations makes them from the config."""
    t, q = config["time_dilations"], config["pitch_dilations"]
    return [(t[i % len(t)], q[i % len(q)]) for i in range(layers)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("--out", type=Path, default=ROOT / "Sources/Models/Resources/coconet.safetensors")
    p.add_argument("--fixture", type=Path, default=ROOT / "Tests/Fixtures/coconet/logits.safetensors")
    args = p.parse_args()
    torch.set_num_threads(1)
    state = torch.load(args.checkpoint, weights_only=False)
    cfg = state["config"]
    model = Coconet(cfg["channels"], cfg["layers"])
    model.load_state_dict(state["model"])
    model.eval()
    config = {"channels": cfg["channels"], "layers": cfg["layers"], "voices": 4, "pitches": cfg["pitches"],
              "lowest_pitch": MIN_PITCH, "time_dilations": [1, 2, 4, 8, 16], "pitch_dilations": [1, 2, 4],
              "steps_per_quarter": 4, "train_crop": CROP, "step": state["step"]}
    # Swift rebuilds the dilations from these two cycles; check they are model.py's.
    assert dilations(cfg["layers"]) == swift_dilations(config, cfg["layers"])
    stats = json.loads((HERE / "results" / "data_stats.json").read_text())
    data = (f"J. S. Bach's chorales from music21's corpus: {stats['kept']['train']} train / {stats['kept']['valid']} valid / "
            f"{stats['kept']['test']} test, split by soprano tune, 16th steps, MIDI 36-81, transposed ±6 in training")
    def result(name: str) -> dict:
        path = HERE / "results" / name
        return json.loads(path.read_text()) if path.exists() else {}
    nll, checked = result("eval.json"), result("eval-checked.json")  # evaluate.py; the second with --skip-nll
    metrics = {"framewise_nll": (nll.get("framewise_nll") or {}).get("mean"),
               "parallel_rate_raw_gibbs": checked.get("harmonize", {}).get("parallel_rate_raw_gibbs"),
               "parallel_rate_checked": checked.get("harmonize", {}).get("parallel_rate_checked"),
               "parallel_rate_bach": checked.get("harmonize", {}).get("parallel_rate_bach")}
    export_model(args.out, model.state_dict(), model="coconet", version=VERSION, config=config, data=data,
                 metrics=metrics, license=WEIGHTS_LICENSE, data_license=CHORALE_DATA_LICENSE)
    # state_dict holds BatchNorm's num_batches_tracked (int64) too: export_model casts everything to float32,
    # and Swift reads only what it needs.

    test = load_split("test")
    rng = np.random.default_rng(20)
    rolls, knowns = [], []
    for i, chorale in enumerate(test[:2]):
        start = int(rng.integers(0, chorale.shape[1] - CROP + 1))
        rolls.append(chorale[:, start:start + CROP])
        known = np.zeros((4, CROP), dtype=np.float32)
        if i == 0:
            known[0] = 1
        else:
            known = (rng.random((4, CROP)) < 0.5).astype(np.float32)
        knowns.append(known)
    roll = torch.from_numpy(np.stack(rolls)).long()
    known = torch.from_numpy(np.stack(knowns))
    with torch.no_grad():
        logits = model(one_hot(roll), known)
    chorale = test[2][:, :128]
    vl_known = np.zeros(chorale.shape, dtype=bool)
    vl_known[0] = True
    raw = gibbs(model, torch.from_numpy(chorale[None]), torch.from_numpy(vl_known[None]).float(), 24,
                torch.Generator().manual_seed(3)).numpy()[0]
    fixed, repairs = voice_leading.fix_parallels(model, raw, vl_known)
    assert len(voice_leading.violations(raw)) >= 3 and repairs > 0, "the fixture should hold parallels to mend"
    args.fixture.parent.mkdir(parents=True, exist_ok=True)
    save_file({"roll": (roll + MIN_PITCH).float().contiguous(), "known": known.contiguous(), "logits": logits.contiguous(),
               "vl_raw": torch.from_numpy(raw + MIN_PITCH).float(), "vl_known": torch.from_numpy(vl_known).float(),
               "vl_fixed": torch.from_numpy(fixed + MIN_PITCH).float()},
              str(args.fixture), metadata={"about": "training/coconet/export.py"})
    print(json.dumps({"out": str(args.out), "bytes": args.out.stat().st_size, "fixture_bytes": args.fixture.stat().st_size,
                      "step": state["step"], "fixture_parallels": [len(voice_leading.violations(raw)),
                                                                   len(voice_leading.violations(fixed))],
                      "fixture_repairs": repairs}))


if __name__ == "__main__":
    main()
