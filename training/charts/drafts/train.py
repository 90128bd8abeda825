"""Train the placement model on the CPU; resumable (checkpoint every epoch).

  nice -n 10 /work/venv/bin/python train.py --feats /tmp/charts_feats --ckpt /tmp/charts_ckpt.pt --minutes 12

Beat phase at training: the known grid from song.json (first beat at 0 s, the song's tempo).
Labels: fuzzy — 1 on the note's frame, 0.5 on its neighbours; BCE with pos_weight 4.
"""
import argparse, os, time
import numpy as np
import torch
import torch.nn.functional as F
from features import beat_phase
from model import Placement

ap = argparse.ArgumentParser()
ap.add_argument("--feats", default="/tmp/charts_feats")
ap.add_argument("--ckpt", default="/tmp/charts_ckpt.pt")
ap.add_argument("--minutes", type=float, default=12)
ap.add_argument("--chunk", type=int, default=400)
ap.add_argument("--batch", type=int, default=12)
a = ap.parse_args()
torch.set_num_threads(1)
torch.manual_seed(0)
rng = np.random.default_rng(0)

tr = np.load(f"{a.feats}/train.npz")
mel = torch.from_numpy(tr["mel"])            # [N,3,80,T]
lab = torch.from_numpy(tr["labels"])         # [N,5,T]
tempo = tr["tempo"]
N, _, _, T = mel.shape
beat = torch.from_numpy(np.stack([beat_phase(T, t, 0.0) for t in tempo]))  # [N,6,T]
fuzzy = torch.maximum(lab, 0.5 * torch.maximum(F.pad(lab, (1, 0))[..., :-1], F.pad(lab, (0, 1))[..., 1:]))

model = Placement()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
state = dict(epoch=0, steps=0, seconds=0.0, log=[])
if os.path.exists(a.ckpt):
    ck = torch.load(a.ckpt)
    model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"]); state = ck["state"]
    print("resumed", state["epoch"], state["steps"])
else:
    model.mean.copy_(mel.mean(dim=(0, 3))[..., None]); model.std.copy_(mel.std(dim=(0, 3))[..., None] + 1e-3)
eye = torch.eye(5)
start = time.time() - state["seconds"]
while time.time() - start < a.minutes * 60:
    perm = rng.permutation(N)
    tot = 0.0
    for i in range(0, N, a.batch):
        idx = perm[i:i + a.batch]
        off = rng.integers(0, T - a.chunk, len(idx))
        m = torch.stack([mel[j, :, :, o:o + a.chunk] for j, o in zip(idx, off)])
        bt = torch.stack([beat[j, :, o:o + a.chunk] for j, o in zip(idx, off)])
        y = torch.stack([fuzzy[j, :, o:o + a.chunk] for j, o in zip(idx, off)])  # [B,5,C]
        au = model.audio(m)
        B = len(idx)
        au5 = au.repeat_interleave(5, 0)
        d5 = eye.repeat(B, 1)
        b5 = bt.repeat_interleave(5, 0)
        logits = model.head(au5, d5, b5)
        loss = F.binary_cross_entropy_with_logits(logits, y.reshape(B * 5, -1), pos_weight=torch.tensor(4.0))
        opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
        tot += loss.item() * B; state["steps"] += 1
    state["epoch"] += 1
    state["seconds"] = time.time() - start
    state["log"].append((state["epoch"], state["steps"], tot / N, state["seconds"]))
    torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), state=state), a.ckpt + ".tmp")
    os.replace(a.ckpt + ".tmp", a.ckpt)
    print(f"epoch {state['epoch']} steps {state['steps']} loss {tot / N:.4f} {state['seconds']:.0f}s", flush=True)
