"""Export trained melody VAEs to Sources/Models/Resources/<name>.safetensors via kanade_export
(melody-vae-2bar, melody-vae-16bar, and melody-vae-2bar-lokl, the 2-bar sampling flavor).

  python export.py [--models melody-vae-2bar melody-vae-16bar melody-vae-2bar-lokl]

Tensor names are PyTorch's state_dict names (listed with shapes in docs/models/melody-vae.md), plus prior.weights /
prior.means / prior.stds where fit_prior.py left a prior.pt beside the checkpoint (the 16-bar sampling mixture). LSTM weights use
PyTorch's layout: weight_ih_l{k}[_reverse] [4H, in], weight_hh_l{k}[_reverse] [4H, H], bias_ih / bias_hh [4H],
gate order i, f, g, o. Metrics come from results/eval.json (the committed evaluation). The `license` and
`data_license` keys come from training/common/licenses.py (the model card's "Licences" says why).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent / "common"))
from kanade_export import export_model  # noqa: E402
from licenses import MELODY_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402

VERSION = 1
# Exported as float16: in float32 the 16-bar model's file is 35.7 MB, over what the repository should carry.
# Its test figures (evaluate.py, --sixteen-float16) are measured with the weights rounded the same way.
FLOAT16 = ("melody-vae-16bar",)


def swift_config(cfg: dict) -> dict:
    """The hyperparameters the Swift side needs to build the network, plus the event encoding."""
    keys = ("bars", "enc_hidden", "enc_layers", "z", "dec_hidden", "dec_layers", "cond_hidden", "cond_layers",
            "cond_proj", "hierarchical", "enc_block_steps", "enc_block_z", "enc_top_hidden", "enc_flat")
    out = {k: cfg[k] for k in keys if k in cfg}
    out.setdefault("enc_layers", 1)
    out.setdefault("hierarchical", False)
    out.update(classes=90, steps_per_bar=16, steps_per_quarter=4, min_pitch=21, max_pitch=108,
               event_no_event=0, event_note_off=1, event_first_note=2, lstm_gate_order="ifgo",
               training={k: cfg[k] for k in ("free_bits", "max_beta", "beta_rate", "batch", "lr", "sample_prob", "bf16",
                                          "schedule", "sampling_rate", "max_sample_prob", "distill_weight", "mix",
                                          "medleys")
                         if k in cfg})
    return out


def medley_note(medleys, stats: dict) -> str:
    """The data line's words on the medley windows a model was trained with (train.py --medleys [--medley-keys])."""
    if medleys == "keyed":
        return (f"{stats['medley_keyed']} keyed medley windows (train folk and Bach runs joined end to end, each "
                f"transposed into the key of the one before); ")
    if medleys:
        return f"{stats['medley']} medley windows (train folk and Bach runs joined end to end); "
    return ""


def headline(results: dict, name: str) -> dict:
    """The test figures of `name` from eval.json (sections "2bar", "16bar", "2bar-lokl")."""
    r = results.get(name.removeprefix("melody-vae-"), {})
    keys = ("teacher_forced_accuracy", "greedy_reconstruction_accuracy",
            "two_bar_model_block_by_block_greedy_accuracy")
    out = {k: round(r[k], 4) for k in keys if k in r}
    if "interpolation" in r:
        out["interpolation_mean_spearman"] = round(r["interpolation"]["mean_spearman"], 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", nargs="+", default=["melody-vae-2bar", "melody-vae-16bar", "melody-vae-2bar-lokl"],
                    help="checkpoint names under checkpoints/ (each exported under the same model name)")
    args = ap.parse_args()
    eval_path = HERE / "results/eval.json"
    results = json.loads(eval_path.read_text()) if eval_path.exists() else {}
    stats = json.loads((HERE / "data/windows_stats.json").read_text())
    for name in args.models:
        ck = torch.load(HERE / f"checkpoints/{name}/final.pt", weights_only=False)
        bars = ck["cfg"]["bars"]
        s = stats[f"{bars}bar"]
        data = (f"music21 corpus folk collections, Bach chorale voices, Palestrina voices; duple-meter bars, "
                f"{bars}-bar windows train/valid/test {s['train']}/{s['valid']}/{s['test']} split by source file; "
                + medley_note(ck["cfg"].get("medleys"), s) +
                f"{ck['step']} steps, {ck['elapsed'] / 60:.0f} min CPU")
        tensors = dict(ck["model"])
        prior = HERE / f"checkpoints/{name}/prior.pt"
        if prior.exists():  # fit_prior.py's sampling mixture: what MelodyVAE.sample draws z from
            tensors.update({f"prior.{k}": v for k, v in torch.load(prior).items()})
            data += f"; samples z from a {len(tensors['prior.weights'])}-component Gaussian mixture fitted to train codes"
        path = export_model(ROOT / f"Sources/Models/Resources/{name}.safetensors", tensors,
                            model=name, version=VERSION, config=swift_config(ck["cfg"]),
                            data=data, metrics=headline(results, name),
                            dtype=torch.float16 if name in FLOAT16 else torch.float32,
                            license=WEIGHTS_LICENSE, data_license=MELODY_DATA_LICENSE)
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
