"""Speed of `kanade separate --model unet` against PyTorch running the same weights, in the same run (issue 17;
docs/models/separator.md, "Speed").

    /work/venv/bin/python Benchmarks/Peers/separation_peer.py .build/release/kanade [--rounds 3] [--threads 2]

The song: the synthetic test split's mixtures (/tmp/stems_data/test/*/mixture.wav, by seed) joined end to end and
cut to 180 s, 44.1 kHz stereo float, written to a scratch folder.

- kanade: `kanade separate SONG -o DIR --model unet --wiener N` (N from `--wiener`, default 0) as a whole process (read, 10-s chunks with 1-s cross-fades,
  U-Net, one Wiener/EM iteration, ISTFT, four float WAVs), and again with `--preview 30`.
- PyTorch: the bundled Sources/Models/Resources/separator.safetensors loaded into export.Folded (the folded
  float16-rounded weights, float32 compute), torch.set_num_threads(THREADS); timed from the loaded samples to the
  four stems written: STFT of the whole song, the network on the whole song in one pass, unet.wiener (float64) on 10-s blocks of frames,
  ISTFT, soundfile writes. Python start-up and imports are not counted; the kanade process's are.

Rounds alternate kanade and PyTorch; the table gives the minimum and median wall time of each and the ratio.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile
import torch

WIENER = 0
from safetensors.torch import load_file

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training" / "separation"))
from export import Folded  # noqa: E402
from unet import BINS, MULTIPLE, STEMS, full_masks, istft, stft, wiener  # noqa: E402


def make_song(path, seconds=180):
    parts = [soundfile.read(p, dtype="float32")[0]
             for p in sorted(glob.glob("/tmp/stems_data/test/*/mixture.wav"), key=lambda p: int(p.split("/")[-2]))]
    song = np.concatenate(parts)
    while len(song) < seconds * 44100:
        song = np.concatenate([song, song])
    soundfile.write(path, song[: seconds * 44100], 44100, subtype="FLOAT")


def torch_separate(net, path, out):
    audio, rate = soundfile.read(path, dtype="float32", always_2d=True)
    started = time.perf_counter()
    x = torch.from_numpy(audio.T.copy())
    spec = stft(x)                                            # (2, F, K)
    mag = spec.abs()[..., :BINS]
    frames = mag.shape[1]
    padded = -(-frames // MULTIPLE) * MULTIPLE
    inp = torch.log1p(torch.nn.functional.pad(mag, (0, 0, 0, padded - frames))).unsqueeze(0)
    with torch.no_grad():
        masks = full_masks(net(inp)[0, :, :, :frames], spec.shape[-1])
    # The Wiener filter on 861-frame (10-s) blocks, each with its own spatial covariance, as Swift's chunks; or,
    # with --wiener 0 (the shipped default since run3), the masks alone.
    if WIENER:
        est = torch.cat([wiener(masks[:, :, i:i + 861].double(), spec[:, i:i + 861]) for i in range(0, frames, 861)], dim=2)
    else:
        est = masks * spec
    stems = istft(est, audio.shape[0]).float().numpy()
    for name, s in zip(STEMS, stems):
        soundfile.write(os.path.join(out, f"{name}.wav"), s.T, rate, subtype="FLOAT")
    return time.perf_counter() - started


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kanade")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--wiener", type=int, default=0, choices=[0, 1],
                   help="Wiener/EM iterations on both sides (0: the masks alone, kanade's default since run3)")
    args = p.parse_args()
    global WIENER
    WIENER = args.wiener
    torch.set_num_threads(args.threads)
    weights = load_file(str(ROOT / "Sources/Models/Resources/separator.safetensors"))
    net = Folded({k: v.float() for k, v in weights.items()}).eval()
    scratch = tempfile.mkdtemp(prefix="kanade-sep-bench-")
    song = os.path.join(scratch, "song.wav")
    make_song(song)
    times = {"kanade 180 s": [], "kanade --preview 30": [], "pytorch 180 s": []}
    for r in range(args.rounds):
        for name, extra in (("kanade 180 s", []), ("kanade --preview 30", ["--preview", "30"])):
            out = os.path.join(scratch, f"k{r}{len(extra)}")
            t = time.perf_counter()
            subprocess.run([args.kanade, "separate", song, "-o", out, "--model", "unet", "--wiener", str(WIENER)] + extra, check=True)
            times[name].append(time.perf_counter() - t)
        out = os.path.join(scratch, f"p{r}")
        os.makedirs(out)
        times["pytorch 180 s"].append(torch_separate(net, song, out))
        print({k: round(v[-1], 2) for k, v in times.items()}, flush=True)
    print(f"\n{os.cpu_count()} CPUs, torch {torch.__version__}, {args.threads} torch threads, {args.rounds} rounds")
    print("| run | wall min s | wall median s |")
    print("|---|---|---|")
    for k, v in times.items():
        print(f"| {k} | {min(v):.2f} | {statistics.median(v):.2f} |")
    k, t = times["kanade 180 s"], times["pytorch 180 s"]
    print(f"\nPyTorch / kanade: {min(t) / min(k):.2f}× (min), {statistics.median(t) / statistics.median(k):.2f}× (median)")


if __name__ == "__main__":
    main()
