"""Train the step-placement model on the CPU; resumable (checkpoint after every epoch).

    nice -n 10 /work/venv/bin/python train.py --ckpt /tmp/charts/ckpt.pt --minutes 10

Beat phase at training: the song's known grid (song.json tempo, first beat at 0 s).
Loss: BCE on Gaussian-smoothed labels (data.py) with pos_weight 4, all five difficulties per audio chunk
(the conv stack runs once, the head five times). Adam 2e-3, batch 12 songs x 400-frame (4 s) random chunks.
A plain loop of its own: it was written on a branch without training/common/loop.py (the house loop Coconet and
MelodyRNN use); moving it there is left to do.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import load_split
from features import beat_phase
from model import Placement

ap = argparse.ArgumentParser()
ap.add_argument("--ckpt", default="/tmp/charts/ckpt.pt")
ap.add_argument("--minutes", type=float, default=10)
ap.add_argument("--chunk", type=int, default=400)
ap.add_argument("--batch", type=int, default=12)
ap.add_argument("--jitter", action="store_true",
                help="beat guide off by a random offset (sd 25 ms) and tempo (+-1 %%), and for 1 example in 4 at a wrong "
                     "tempo (x2, x0.5, x1.5, or x0.8-1.25): the tracker's errors, so the model learns to lean on the audio")
ap.add_argument("--curve", default=os.path.join(os.path.dirname(__file__), "results", "train_curve.json"))
a = ap.parse_args()
torch.set_num_threads(1)
torch.manual_seed(0)
rng = np.random.default_rng(0)

tr = load_split("train")
va = load_split("valid")
mel = torch.from_numpy(np.stack([it["mel"] for it in tr]))
lab = torch.from_numpy(np.stack([it["labels"] for it in tr]))
beat = torch.from_numpy(np.stack([it["beat"] for it in tr]))
tempo = np.array([it["tempo"] for it in tr])
vmel = torch.from_numpy(np.stack([it["mel"] for it in va]))
vlab = torch.from_numpy(np.stack([it["labels"] for it in va]))
vbeat = torch.from_numpy(np.stack([it["beat"] for it in va]))
N, _, _, T = mel.shape
eye = torch.eye(5)
pw = torch.tensor(4.0)

model = Placement()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
state = dict(epoch=0, steps=0, seconds=0.0, log=[])
if os.path.exists(a.ckpt):
    ck = torch.load(a.ckpt)
    model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"]); state = ck["state"]
    rng = np.random.default_rng(state["epoch"])
    print("resumed", state["epoch"], state["steps"], flush=True)
else:
    model.mean.copy_(mel.mean(dim=(0, 3))[..., None]); model.std.copy_(mel.std(dim=(0, 3))[..., None] + 1e-3)
print("params", sum(p.numel() for p in model.parameters()), "train songs", N, flush=True)


def loss_on(m, bt, y):
    B = m.shape[0]
    au = model.audio(m)
    logits = model.head(au.repeat_interleave(5, 0), eye.repeat(B, 1), bt.repeat_interleave(5, 0))
    return F.binary_cross_entropy_with_logits(logits, y.reshape(B * 5, -1), pos_weight=pw)


@torch.no_grad()
def valid_loss():
    model.eval()
    tot = sum(loss_on(vmel[i:i + 6], vbeat[i:i + 6], vlab[i:i + 6]).item() * len(vmel[i:i + 6])
              for i in range(0, len(vmel), 6))
    model.train()
    return tot / len(vmel)


start = time.time() - state["seconds"]
while time.time() - start < a.minutes * 60:
    perm = rng.permutation(N)
    tot = 0.0
    for i in range(0, N, a.batch):
        idx = perm[i:i + a.batch]
        off = rng.integers(0, T - a.chunk, len(idx))
        m = torch.stack([mel[j, :, :, o:o + a.chunk] for j, o in zip(idx, off)])
        if a.jitter:
            bts = []
            for j, o in zip(idx, off):
                r = rng.uniform(0.99, 1.01)
                if rng.random() < 0.25:
                    r = rng.choice([2.0, 0.5, 1.5, rng.uniform(0.8, 1.25)])
                full = beat_phase(T, tempo[j] * r, rng.normal(0.0, 0.025))
                bts.append(torch.from_numpy(full[:, o:o + a.chunk]))
            bt = torch.stack(bts)
        else:
            bt = torch.stack([beat[j, :, o:o + a.chunk] for j, o in zip(idx, off)])
        y = torch.stack([lab[j, :, o:o + a.chunk] for j, o in zip(idx, off)])
        loss = loss_on(m, bt, y)
        opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
        tot += loss.item() * len(idx); state["steps"] += 1
    state["epoch"] += 1
    vl = valid_loss()
    state["seconds"] = time.time() - start
    state["log"].append(dict(epoch=state["epoch"], steps=state["steps"], train_loss=round(tot / N, 5),
                             valid_loss=round(vl, 5), seconds=round(state["seconds"], 1)))
    torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), state=state), a.ckpt + ".tmp")
    os.replace(a.ckpt + ".tmp", a.ckpt)
    print(state["log"][-1], flush=True)
os.makedirs(os.path.dirname(a.curve), exist_ok=True)
json.dump(state["log"], open(a.curve, "w"), indent=1)
