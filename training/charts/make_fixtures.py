"""The step-rule fixture: what steps.py makes of the golden fixture's probabilities, for Swift's StepRules.

    /work/venv/bin/python training/charts/make_fixtures.py
        -> Tests/Fixtures/charts/steps.json

For each difficulty: the peak frames of the fixture's probabilities at the shipped tracker-grid threshold
(steps.peaks, radius 2), the beats `steps.place` keeps at the fixture's tempo with the first beat at 0 s,
the lanes `steps.arrows` gives them, and `steps.problems` of that chart (empty: playable). Swift must make the
same beats and lanes from the same probabilities (Tests/ModelsTests/ChartGeneratorGoldenTests.swift).
"""
import json
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from reference import DIFFS  # noqa: E402
from steps import arrows, peaks, place, problems  # noqa: E402


def main():
    fx = load_file(str(ROOT / "Tests/Fixtures/charts/golden.safetensors"))
    meta = json.loads(__import__("safetensors").safe_open(
        str(ROOT / "Sources/Models/Resources/charts.safetensors"), "np").metadata()["kanade.config"])
    tempo = float(fx["tempo"][0])
    out = {"about": "training/charts/make_fixtures.py", "tempo": tempo, "first_beat": 0.0, "charts": {}}
    for k, d in enumerate(DIFFS):
        p = fx["probs"][k].astype(np.float32)
        thr = meta["thresholds"][d]
        fr = peaks(p, thr).tolist()
        beats = place(fr, p, d, tempo, 0.0)
        lanes = arrows(beats, d)
        out["charts"][d] = {"threshold": thr, "peaks": fr, "beats": [[b.numerator, b.denominator] for b in beats],
                            "lanes": lanes, "problems": problems(beats, lanes, d)}
    path = ROOT / "Tests/Fixtures/charts/steps.json"
    path.write_text(json.dumps(out) + "\n")
    print({d: len(c["beats"]) for d, c in out["charts"].items()})


if __name__ == "__main__":
    main()
