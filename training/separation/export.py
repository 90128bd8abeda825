"""Export a separation checkpoint to Kanade's safetensors and write the golden fixtures the Swift UNetSeparator is
tested against.

    /work/venv/bin/python training/separation/export.py /tmp/stems_ckpt/unet.pt --metrics training/separation/results/eval.jsonl
        → Sources/Models/Resources/separator.safetensors, Tests/Fixtures/separator/golden.safetensors

Each BatchNorm (evaluation mode: running statistics) is folded into the convolution before it — Conv2d's weight
[out, in, kh, kw] and ConvTranspose2d's [in, out, kh, kw] scaled per output channel, the bias shifted — so the
file holds only down.i / up.i / head weights and biases. Weights are stored as float16 (Kanade widens them to
Float on load); the fixtures are computed from the float16-rounded folded weights in float32, so Swift and
PyTorch run the same numbers.

Fixtures: `input` [1, 2, 32, 512] (log1p magnitudes of 32 frames of test song 0's mixture from 5 s on) and the
network's `masks` [4, 2, 32, 512]; `wiener_mix` / `wiener_masks` / `wiener_out` (a small complex example,
real and imaginary parts stacked last) for one Wiener/EM iteration.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import soundfile
import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "training"))
from common.kanade_export import export_model  # noqa: E402
from common.licenses import SEPARATOR_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402
from unet import BINS, CHANNELS, HOP, N_FFT, SAMPLE_RATE, STEMS, UNet, stft, wiener  # noqa: E402

VERSION = 1


def folded(model):
    """{name: tensor} with every BatchNorm folded into the convolution before it."""
    out = {}
    for prefix, blocks, transposed in (("down", model.down, False), ("up", model.up, True)):
        for i, block in enumerate(blocks):
            conv, norm = block[0], block[1]
            scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
            w = conv.weight * (scale[None, :, None, None] if transposed else scale[:, None, None, None])
            b = (conv.bias - norm.running_mean) * scale + norm.bias
            out[f"{prefix}.{i}.weight"], out[f"{prefix}.{i}.bias"] = w.detach(), b.detach()
    out["head.weight"], out["head.bias"] = model.head.weight.detach(), model.head.bias.detach()
    return out


class Folded(torch.nn.Module):
    """The exported network in PyTorch: convolutions with folded weights, ELU, skips, softmax over stems."""

    def __init__(self, t):
        super().__init__()
        self.t = t

    def forward(self, x):
        f = torch.nn.functional
        skips, h = [], x
        for i in range(len(CHANNELS)):
            h = f.elu(f.conv2d(h, self.t[f"down.{i}.weight"], self.t[f"down.{i}.bias"], stride=2, padding=2))
            skips.append(h)
        skips.pop()
        for i in range(len(CHANNELS)):
            h = f.elu(f.conv_transpose2d(h, self.t[f"up.{i}.weight"], self.t[f"up.{i}.bias"], stride=2, padding=2, output_padding=1))
            if skips:
                h = torch.cat([h, skips.pop()], 1)
        logits = f.conv2d(torch.cat([h, x], 1), self.t["head.weight"], self.t["head.bias"], padding=1)
        b, _, fr, k = logits.shape
        return torch.softmax(logits.view(b, len(STEMS), 2, fr, k), 1)


def metrics_from(path):
    if not path or not os.path.exists(path):
        return {}
    rows = [json.loads(line) for line in open(path)]
    out = {}
    for method in ("unet-wiener", "unet"):
        rs = [r for r in rows if r["method"] == method]
        for s in STEMS:
            vals = [r["sdr"][s] for r in rs if r["sdr"].get(s) is not None]
            if vals:
                out[f"{method}_sdr_{s}_db"] = round(float(np.median(vals)), 2)
        if rs:
            out[f"{method}_songs"] = len(rs)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint")
    p.add_argument("--out", default=str(ROOT / "Sources/Models/Resources/separator.safetensors"))
    p.add_argument("--fixture", default=str(ROOT / "Tests/Fixtures/separator/golden.safetensors"))
    p.add_argument("--song", default="/tmp/stems_data/test/0/mixture.wav")
    p.add_argument("--metrics", default=str(HERE / "results" / "eval.jsonl"))
    p.add_argument("--wiener-iterations", type=int, default=0,
                   help="the post-filter Kanade runs by default, chosen on the validation songs: for run3 the masks "
                        "alone (0) beat one Wiener/EM iteration on vocals, drums and bass (results/eval_valid_run3.jsonl)")
    args = p.parse_args()
    torch.set_num_threads(1)
    saved = torch.load(args.checkpoint, weights_only=False)
    model = UNet()
    model.load_state_dict(saved["model"])
    model.eval()
    tensors = {k: v.half().float() for k, v in folded(model).items()}   # as stored
    config = {"sample_rate": SAMPLE_RATE, "n_fft": N_FFT, "hop": HOP, "bins": BINS, "channels": list(CHANNELS),
              "stems": list(STEMS), "audio_channels": 2, "kernel": 5, "wiener_iterations": args.wiener_iterations,
              "train_steps": saved["state"]["step"]}
    data = "240 synthetic 20-s songs (training/separation/generate.py seeds 0-239; 192 train, 1.07 h)"
    export_model(args.out, tensors, model="separator", version=VERSION, config=config, data=data,
                 metrics=metrics_from(args.metrics), dtype=torch.float16, license=WEIGHTS_LICENSE,
                 data_license=SEPARATOR_DATA_LICENSE)
    print("wrote", args.out, os.path.getsize(args.out), "bytes")

    net = Folded(tensors)
    audio, rate = soundfile.read(args.song, dtype="float32", always_2d=True)
    assert rate == SAMPLE_RATE
    piece = torch.from_numpy(audio[5 * rate: 5 * rate + 31 * HOP].T.copy())
    mag = stft(piece).abs()[:, :32, :BINS]
    x = torch.log1p(mag).unsqueeze(0).float()
    with torch.no_grad():
        masks = net(x)[0]
        check = model(x)[0]
    print("folded vs training model, max |Δmask|:", (masks - check).abs().max().item())

    g = torch.Generator().manual_seed(7)
    mix = torch.complex(torch.randn(2, 6, 9, generator=g), torch.randn(2, 6, 9, generator=g)).to(torch.complex128)
    wm = torch.softmax(torch.randn(4, 2, 6, 9, generator=g), 0).double()
    wout = wiener(wm, mix)
    fixture = {"input": x[0].contiguous(), "masks": masks.contiguous(),
               "wiener_mix": torch.stack([mix.real, mix.imag], -1).float().contiguous(),
               "wiener_masks": wm.float().contiguous(),
               "wiener_out": torch.stack([wout.real, wout.imag], -1).float().contiguous()}
    Path(args.fixture).parent.mkdir(parents=True, exist_ok=True)
    save_file(fixture, args.fixture, metadata={"source": "training/separation/export.py", "song": args.song})
    print("wrote", args.fixture, os.path.getsize(args.fixture), "bytes")


if __name__ == "__main__":
    main()
