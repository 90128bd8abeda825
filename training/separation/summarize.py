"""The loss-curve numbers for the model card from training/separation/results/train.jsonl.

    /work/venv/bin/python training/separation/summarize.py

A resumed run re-logs the steps after its checkpoint; the last line for a step wins. Prints the training loss
averaged over windows of 50 steps, every held-out (valid) loss, and the total training seconds.
"""
import json
import os

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "train.jsonl")
train, valid = {}, {}
for line in open(path):
    row = json.loads(line)
    (valid if "valid" in row else train)[row["step"]] = row
steps = sorted(train)
print("training loss (balanced L1, mean over 50-step windows):")
for start in range(0, len(steps), 50):
    window = steps[start:start + 50]
    print(f"  steps {window[0]}-{window[-1]}: {sum(train[s]['loss'] for s in window) / len(window):.4f}")
print("held-out balanced L1 (16 fixed valid crops):", ", ".join(f"{s}: {valid[s]['valid']:.4f}" for s in sorted(valid)))
print(f"last step {steps[-1]}, {train[steps[-1]]['seconds'] / 60:.1f} min of step time")
print("held-out plain L1 per stem:", ", ".join(f"{s}: " + "/".join(f"{x:.3f}" for x in valid[s]["valid_l1"].values())
                                               for s in sorted(valid) if "valid_l1" in valid[s]), "(" + "/".join(valid[max(valid)].get("valid_l1", {})) + ")")
