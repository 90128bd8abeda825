"""Set the licence keys in the metadata block of existing safetensors files, leaving every tensor byte as it was.

  python set_license.py FILE... --license GPL-3.0-or-later --data-license "…"
  python set_license.py Sources/Models/Resources/melody-vae-*.safetensors --melody   # the melody VAEs' licences

A safetensors file is an 8-byte little-endian header length, a JSON header (tensor names → dtype, shape and
offsets relative to the data section, plus `__metadata__`), then the data section. This rewrites only the
header: it parses it, sets `license` and `data_license` in `__metadata__` (keeping every other key), pads it
with spaces to a multiple of 8 bytes as the safetensors writers do (so the data section stays aligned), and
writes the new header followed by the original data bytes, copied unchanged, to a temporary file in the same
folder that then replaces the original (rename). Needs only the standard library, so it runs without torch.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from licenses import MELODY_DATA_LICENSE, SEPARATOR_DATA_LICENSE, TIMBRE_DATA_LICENSE, WEIGHTS_LICENSE  # noqa: E402


def read_header(path: Path) -> tuple[dict, int]:
    """(the JSON header, where the data section starts)."""
    with path.open("rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise ValueError(f"{path}: shorter than a safetensors header")
        (length,) = struct.unpack("<Q", raw)
        if length > 100_000_000:
            raise ValueError(f"{path}: header length {length} is implausible")
        header = json.loads(f.read(length))
    if not isinstance(header, dict):
        raise ValueError(f"{path}: header is not a JSON object")
    return header, 8 + length


def set_metadata(path: str | os.PathLike, updates: dict[str, str]) -> Path:
    """Rewrite `path`'s header with `updates` merged into `__metadata__`; the data section is copied as is."""
    path = Path(path)
    header, data_start = read_header(path)
    metadata = dict(header.get("__metadata__") or {})
    metadata.update({k: str(v) for k, v in updates.items()})
    header = {"__metadata__": metadata, **{k: v for k, v in header.items() if k != "__metadata__"}}
    encoded = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    encoded += b" " * (-len(encoded) % 8)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            out.write(struct.pack("<Q", len(encoded)))
            out.write(encoded)
            src.seek(data_start)
            shutil.copyfileobj(src, out, 1 << 20)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--license", help="the weights' licence (SPDX expression)")
    ap.add_argument("--data-license", help="the training data's licences, one line")
    ap.add_argument("--melody", action="store_true",
                    help="use the melody VAEs' licences (training/common/licenses.py)")
    ap.add_argument("--timbre", action="store_true",
                    help="use the timbre model's licences (training/common/licenses.py)")
    ap.add_argument("--separator", action="store_true",
                    help="use the stem separator's licences (training/common/licenses.py)")
    args = ap.parse_args()
    if args.separator:
        args.license = args.license or WEIGHTS_LICENSE
        args.data_license = args.data_license or SEPARATOR_DATA_LICENSE
    if args.timbre:
        args.license = args.license or WEIGHTS_LICENSE
        args.data_license = args.data_license or TIMBRE_DATA_LICENSE
    if args.melody:
        args.license = args.license or WEIGHTS_LICENSE
        args.data_license = args.data_license or MELODY_DATA_LICENSE
    if not args.license or not args.data_license:
        ap.error("give --license and --data-license, or --melody, --timbre or --separator")
    for f in args.files:
        set_metadata(f, {"license": args.license, "data_license": args.data_license})
        print(f, "license:", args.license)


if __name__ == "__main__":
    main()
