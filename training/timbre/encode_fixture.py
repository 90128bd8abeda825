"""Golden fixture for encoding a recording: Swift's representation (TimbreGenerator.representation(of:)) and the
encoder, on a real note, against this directory's PyTorch (features.Representation.forward, model.Encoder) with
the weights exactly as the shipped model file holds them.

    /work/venv/bin/python training/timbre/encode_fixture.py     # writes Tests/Fixtures/timbre/encode.safetensors

The note is a real fluidsynth render of a held-out instrument (never seen in training) from render.py's test
split: the first note at MIDI 60, velocity 127.
"""
import json
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file

import features
from model import Encoder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main():
    torch.set_num_threads(1)
    weights = load_file(str(ROOT / "Sources/Models/Resources/timbre.safetensors"))
    encoder_state = {k[len("encoder."):]: v.float() for k, v in weights.items() if k.startswith("encoder.")}
    blocks = sorted(int(k.split(".")[2]) for k in encoder_state if k.startswith("trunk.blocks.") and k.endswith(".weight"))
    widths = [encoder_state["trunk.inp.weight"].shape[0]] + [encoder_state[f"trunk.blocks.{i}.weight"].shape[0] for i in blocks]
    E = Encoder(z_dim=weights["instruments.latent"].shape[1], widths=tuple(widths))
    E.load_state_dict(encoder_state)
    E.eval()
    rows = json.loads((HERE / "data" / "test.json").read_text())
    index = next(i for i, r in enumerate(rows) if r["pitch"] == 60 and r["velocity"] == 127)
    audio = torch.tensor(np.load(HERE / "data" / "test.npy", mmap_mode="r")[index].astype(np.float32) / 32768.0)
    rep = features.Representation().forward(audio[None])          # [1, 2, frames, bands], float64 inside
    with torch.no_grad():
        z, _ = E(rep)
    out = ROOT / "Tests" / "Fixtures" / "timbre" / "encode.safetensors"
    save_file({"audio": audio.contiguous(), "representation": rep[0].contiguous(), "z": z[0].contiguous()}, str(out),
              metadata={"about": "training/timbre/encode_fixture.py", "instrument": rows[index]["instrument"],
                        "pitch": "60", "velocity": "127"})
    print(json.dumps({"out": str(out), "bytes": out.stat().st_size, "instrument": rows[index]["instrument"]}))


if __name__ == "__main__":
    main()
