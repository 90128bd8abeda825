"""Refresh the headline figures (`kanade.metrics`) of the shipped timbre.safetensors after a re-evaluation of the
same weights, leaving every tensor byte as it was (training/common/set_license.set_metadata rewrites the header).

    /work/venv/bin/python training/timbre/set_metrics.py [MODEL]

Reads results/evaluation.json and results/pitch-full-grid-blend.json, and takes a figure only from a file that
measured MODEL as it is now (its `sha256_12` is MODEL's): the morph and timbre figures and how points mix their
corners from the first, the grid points' pitch from the second. Every other key is kept. `kanade models` prints
the result. The file's digest changes with its header, so a later evaluation names the new one.
"""
import json
import sys
from pathlib import Path

from safetensors import safe_open

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "training" / "common"))
from set_license import set_metadata  # noqa: E402
from evaluate import checkpoint_digest  # noqa: E402


def main():
    model = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Sources/Models/Resources/timbre.safetensors"
    digest = checkpoint_digest(model)
    metrics = json.loads(safe_open(str(model), "pt").metadata()["kanade.metrics"])
    taken = []
    ev = json.loads((HERE / "results" / "evaluation.json").read_text())
    if ev.get("sha256_12") == digest:
        metrics |= {"blend": ev["blend"],
                    "timbre_training": ev["timbre_training_corners"]["closest_to_own"],
                    "timbre_held_out": ev["timbre_held_out_encoded_from_one_note"]["closest_to_own"],
                    "morph_mean_abs_spearman": ev["morph"]["centroid_mean_abs_spearman"]}
        taken.append("evaluation.json")
    grid = json.loads((HERE / "results" / "pitch-full-grid-blend.json").read_text())
    if grid.get("sha256_12") == digest and grid.get("blend") == metrics.get("blend"):
        metrics["pitch_grid_points"] = grid["pitch_grid_points"]["within_50_cents"]
        taken.append("pitch-full-grid-blend.json")
    if not taken:
        raise SystemExit(f"{model}: no results file measured this file (sha256_12 {digest}); nothing changed")
    set_metadata(model, {"kanade.metrics": json.dumps(metrics, sort_keys=True, allow_nan=False)})
    print(json.dumps({"model": str(model), "from": taken, "metrics": metrics}))


if __name__ == "__main__":
    main()
