"""Write a model's weights as safetensors with the metadata block Kanade's ModelStore checks.

Every bundled model goes through `export_model`, so every file carries the same keys:
  kanade.model    model name, e.g. "melody-vae-2bar"
  kanade.version  integer version as a string; bump when the architecture or tensor names change
  kanade.config   JSON of the hyperparameters the Swift side needs to build the network
  kanade.data     one line describing the training data
  kanade.metrics  JSON of headline metrics (test split)
  kanade.git      git revision of the training code
  license         the weights' licence (SPDX), when given
  data_license    the training data's licences in one line, when given (training/common/licenses.py)
"""
from __future__ import annotations

import json
import math
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


def finite_or_none(value):
    """JSON has no NaN or infinity: a metric that is undefined (say, a correlation over constant
    outputs) is written as null, so every reader of the metadata can parse it."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_none(v) for v in value]
    return value


def export_model(path: str | os.PathLike, tensors: dict[str, torch.Tensor], *, model: str, version: int,
                 config: dict, data: str, metrics: dict, git: str | None = None,
                 dtype: torch.dtype = torch.float32, license: str | None = None,
                 data_license: str | None = None) -> Path:
    """Save contiguous tensors (float32, or `dtype`: float16 halves a large model's file; Kanade's loader widens
    it to Float) plus Kanade metadata to `path`, atomically (temp file + rename).

    `git` defaults to the current revision; pass the training run's revision when re-writing an
    existing model's metadata so its provenance stays true. `license` and `data_license` become the metadata keys
    of the same names (`kanade models` prints the first); set_license.py writes them into an existing file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = {name: t.detach().to(dtype).contiguous().cpu() for name, t in tensors.items()}
    metadata = {
        "kanade.model": model,
        "kanade.version": str(version),
        "kanade.config": json.dumps(finite_or_none(config), sort_keys=True, allow_nan=False),
        "kanade.data": data,
        "kanade.metrics": json.dumps(finite_or_none(metrics), sort_keys=True, allow_nan=False),
        "kanade.git": git or git_revision(),
    }
    if license is not None:
        metadata["license"] = license
    if data_license is not None:
        metadata["data_license"] = data_license
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        save_file(clean, tmp, metadata=metadata)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
