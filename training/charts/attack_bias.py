# Python copy of Signal.AttackEnvelope; where do the strongest rise and the earliest rise >= frac*strongest fall
# relative to the known beats of song.json (beat k at k*60/tempo)?
import glob, json, sys, numpy as np, soundfile as sf
SR = 44100; size = int(SR * 0.006) // 8 * 8; hop = size // 8
w = np.hanning(size + 1)[:-1] ** 2  # periodic hann squared (close enough to Window.hann)
def env(x):
    frames = len(x) // hop + 1
    pad = np.pad(x * x, (size // 2, size))
    c = np.convolve(pad, w[::-1], mode="valid")
    e = c[np.arange(frames) * hop][:frames]
    lvl = np.sqrt(e / e.max())
    return np.concatenate([[0], np.maximum(0, np.diff(lvl))])
res = {"strongest": [], "earliest50": [], "earliest30": []}
for split in ("valid", "test"):
    for d in sorted(glob.glob(f"/tmp/stems_data/{split}/*/")):
        song = json.load(open(d + "song.json")); spb = 60 / song["tempo"]
        x, _ = sf.read(d + "mixture.wav", always_2d=True); x = x.mean(1)
        v = env(x)
        tf = lambda f: (f * hop + size / 4) / SR
        for k in range(1, int(19.5 / spb)):
            t = k * spb; c = (t * SR - size / 4) / hop; r = min(0.04, spb / 4) * SR / hop
            lo, hi = max(0, int(np.floor(c - r))), int(np.ceil(c + r))
            seg = v[lo:hi + 1]
            if seg.max() <= 0: continue
            b = seg.argmax(); res["strongest"].append(tf(lo + b) - t)
            for fr, name in ((0.5, "earliest50"), (0.3, "earliest30")):
                e = np.argmax(seg >= fr * seg.max()); res[name].append(tf(lo + e) - t)
for n, v in res.items():
    v = np.array(v) * 1000
    print(n, "beats", len(v), "median ms %.1f" % np.median(v), "|err|<=10ms %.2f" % np.mean(np.abs(v) <= 10), "p25/p75 %.1f/%.1f" % tuple(np.percentile(v, [25, 75])))
