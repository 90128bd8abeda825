"""Measure what the representation loses (features.py), on every 50th training note:

    nice -n 10 /work/venv/bin/python training/timbre/probe.py      # writes results/representation.json

- linear path (per-bin magnitude and IF, DC dropped) → ISTFT vs the note minus its DC bin: exact up to rounding;
- magnitudes through B bands and back (pseudo-inverse), relative L2 error, for B = 256, 384, 512;
- the full band representation → audio: relative L2 error of the re-analysed magnitudes (phase-blind) and SNR.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features as F  # noqa: E402

torch.set_num_threads(1)
audio = np.load(HERE / "data" / "train.npy", mmap_mode="r")
x = torch.tensor(audio[::50].astype(np.float64) / 32767)
spec = F.stft(x)
mag, phase = spec.abs(), torch.angle(spec)
advance = torch.diff(phase, dim=1, prepend=torch.zeros_like(phase[:, :1]))
inst = torch.angle(torch.exp(1j * advance)) / np.pi
linear = F.reconstruct(mag, inst, 64_000)
# The same note without its DC bin (what any DC-dropping representation can give back).
full = torch.stft(torch.nn.functional.pad(x, (0, F.PADDED - 64_000)), F.N_FFT, F.HOP,
                  window=torch.hann_window(F.N_FFT, periodic=True, dtype=torch.float64), center=True,
                  pad_mode="constant", return_complex=True)
dc_share = (full[:, 0].abs().norm() / full.abs().norm()).item()
full[:, 0] = 0
no_dc = torch.istft(full, F.N_FFT, F.HOP, window=torch.hann_window(F.N_FFT, periodic=True, dtype=torch.float64),
                    center=True, length=F.PADDED)[:, :64_000]
out = {"notes": len(x), "dc_share_of_spectral_norm": round(dc_share, 4),
       "linear_roundtrip_max_abs_error_vs_no_dc": float((linear - no_dc).abs().max()), "band_magnitude_rel_l2": {}}
for bands in (256, 384, 512):
    m = F.band_matrix(bands)
    rec = np.clip((mag.numpy() @ m.T) @ np.linalg.pinv(m).T, 0, None)
    out["band_magnitude_rel_l2"][bands] = round(float(np.linalg.norm(rec - mag.numpy()) / np.linalg.norm(mag.numpy())), 4)
rep = F.Representation()
y = rep.inverse(rep.forward(x.float()))
out["band_roundtrip_magnitude_rel_l2"] = round(float((F.stft(y).abs() - mag).norm() / mag.norm()), 4)
err = y - no_dc
out["band_roundtrip_snr_db_median"] = round(float((10 * torch.log10((no_dc ** 2).sum(1) / (err ** 2).sum(1))).median()), 2)
(HERE / "results").mkdir(exist_ok=True)
(HERE / "results" / "representation.json").write_text(json.dumps(out, indent=1) + "\n")
print(json.dumps(out))
