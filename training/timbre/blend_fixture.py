"""Golden fixture for a blended morph point: Swift's TimbreGenerator.spectrogram(point:pitch:) and note(point:pitch:)
against this directory's PyTorch (model.Generator.mix: each corner's first feature map, G.trunk(z, pitch, 0),
mixed by NSynth Super's weights, then G.head), with the weights exactly as the shipped model file holds them.

    /work/venv/bin/python training/timbre/blend_fixture.py     # writes Tests/Fixtures/timbre/blend.safetensors

The point: four training instruments' named latents (as shipped in `instruments.latent`) at (0.3, 0.6), where all
four weights are non-zero, at two pitches; the audio of the first.
"""
import json
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

import evaluate as ev
import features
from model import pitch_one_hot

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MODEL = ROOT / "Sources/Models/Resources/timbre.safetensors"
CORNERS = ["flute.fluidr3", "cello.musescore", "trumpet.timgm6mb", "warm-pad.fluidr3"]
POINT = (0.3, 0.6)
PITCHES = [45, 71]


def main():
    torch.set_num_threads(1)
    G, _, _ = ev.load_models(MODEL)
    names = json.loads(safe_open(str(MODEL), "pt").metadata()["kanade.config"])["instruments"]
    latents = load_file(str(MODEL))["instruments.latent"].float()
    corners = torch.stack([latents[names.index(n)] for n in CORNERS])
    weights = ev.nsynth_weights(*POINT)
    assert all(w > 0 for w in weights), weights
    rep = features.Representation()
    rep.pinv, rep.mt = rep.pinv.half().double(), rep.mt.half().double()   # as the model file stores them (export.py)
    with torch.no_grad():
        spec = G.mix(corners, weights, pitch_one_hot(torch.tensor(PITCHES)), ev.BLEND_DEPTH)
        audio = rep.inverse(spec[:1]).float()[0]
    # The same point as evaluate.py measures it (one pitch a batch there: equal up to float rounding).
    check = torch.from_numpy(ev.generate_blended(G, rep, corners, [weights], PITCHES[:1], ev.BLEND_DEPTH)[0])
    assert float((check - audio).norm() / audio.norm()) < 1e-5
    out = ROOT / "Tests" / "Fixtures" / "timbre" / "blend.safetensors"
    save_file({"spectrogram": spec.contiguous(), "audio": audio.contiguous(),
               "weights": torch.tensor(weights, dtype=torch.float64), "pitch": torch.tensor(PITCHES, dtype=torch.float32)},
              str(out), metadata={"about": "training/timbre/blend_fixture.py", "corners": ",".join(CORNERS),
                                  "x": str(POINT[0]), "y": str(POINT[1])})
    print(json.dumps({"out": str(out), "bytes": out.stat().st_size, "weights": weights}))


if __name__ == "__main__":
    main()
