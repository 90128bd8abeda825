"""Write a model's weights as safetensors with the metadata block Kanade's ModelStore checks.

Every bundled model goes through `export_model`, so every file carries the same keys:
  kanade.model    model name, e.g. "melody-vae-2bar"
  kanade.version  integer version as a string; bump when the architecture or tensor names change
  kanade.config   JSON of the hyperparameters the Swift side needs to build the network
  kanade.data     one line describing the training data
  kanade.metrics  JSON of headline metrics (test split)
  kanade.git      git revision of the training code
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import torch
from safetensors.torch import save_file


def git_revision() -> str:
    """The current commit of the repository, with '-dirty' when the tree has changes."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout.strip()
        return rev + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def export_model(path: str | os.PathLike, tensors: dict[str, torch.Tensor], *, model: str, version: int,
                 config: dict, data: str, metrics: dict) -> Path:
    """Save float32 contiguous tensors plus Kanade metadata to `path`, atomically (temp file + rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = {name: t.detach().to(torch.float32).contiguous().cpu() for name, t in tensors.items()}
    metadata = {
        "kanade.model": model,
        "kanade.version": str(version),
        "kanade.config": json.dumps(config, sort_keys=True),
        "kanade.data": data,
        "kanade.metrics": json.dumps(metrics, sort_keys=True),
        "kanade.git": git_revision(),
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        save_file(clean, tmp, metadata=metadata)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
