"""Write each checkpoint's validation history (train.py's `history`) to results/valid-history-<section>.jsonl.

  python history.py melody-vae-2bar=2bar melody-vae-2bar-base=2bar-base melody-vae-16bar=16bar ...
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for arg in sys.argv[1:]:
        name, section = arg.split("=")
        ck = torch.load(HERE / f"checkpoints/{name}/final.pt", weights_only=False)
        out = HERE / f"results/valid-history-{section}.jsonl"
        out.write_text("".join(json.dumps(h) + "\n" for h in ck["history"]))
        print(out, len(ck["history"]), "rows")
