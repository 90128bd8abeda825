"""Issue 19's tempo bar on `kanade bpm` outputs FOLDER/SPLIT-SEED.txt: BPM within 1 %, octave errors apart, offset
within 10 ms where the BPM is right.

    /work/venv/bin/python training/charts/tempo_eval.py FOLDER [SPLIT ...]   # splits: test valid (default), train
"""
import glob, json, os, re, sys
BPM = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "bpm_outputs")  # `kanade bpm` outputs (release build, 2026-12-05 17:30 UTC: the drums' octave)
for split in (sys.argv[2:] or ("test", "valid")):
    right = octave = other = none = off_ok = 0; n = 0; rows = []
    for f in sorted(glob.glob(os.path.join(BPM, f"{split}-*.txt"))):
        s = f.rsplit("-", 1)[1][:-4]
        t = json.load(open(f"/tmp/stems_data/{split}/{s}/song.json"))["tempo"]
        m = re.search(r"([0-9.]+) BPM, first beat at (-?[0-9.]+) s", open(f).read()); n += 1
        if not m: none += 1; rows.append((s, t, None)); continue
        bpm, fb = float(m.group(1)), float(m.group(2)); r = bpm / t; spb = 60 / t; ph = fb % spb; err = min(ph, spb - ph)
        if abs(r - 1) <= 0.01: right += 1; off_ok += err <= 0.010; kind = "ok"
        elif any(abs(r / k - 1) <= 0.01 for k in (2, 0.5, 1.5, 2 / 3)): octave += 1; kind = f"octave x{r:.3f}"
        else: other += 1; kind = f"miss x{r:.3f}"
        rows.append((s, t, bpm, round(err * 1000, 1), kind))
    print(split, dict(songs=n, within_1pct=right, octave=octave, other=other, none=none, offset_10ms_of_right=off_ok))
    for r in rows:
        if r[-1] != "ok" or (len(r) > 3 and r[3] > 10): print("  ", r)
