"""MelodyRNN for Kanade (issue 20), in the lookback style of Magenta's `lookback_rnn`.

Events are MusicVAE's 90 classes at 16th steps (training/melody/corpus.py: 0 hold, 1 note-off, 2 + (MIDI - 21)
note-on). The input at step t is the one-hot of event t, the one-hots of the events one and two bars earlier
(t - 16 and t - 32; "no event" before the start), and the position in the bar (a 16-way one-hot): the lookback
features that let `lookback_rnn` repeat bars and "wander less" (../shared/reference/generative.md §2). The output
is a softmax over event t + 1. Two LSTM layers of 128, MelodyRNN's default size.
"""
from __future__ import annotations

import torch
from torch import nn

CLASSES, STEPS_PER_BAR = 90, 16
INPUTS = 3 * CLASSES + STEPS_PER_BAR


def features(events: torch.Tensor, offset: int = 0) -> torch.Tensor:
    """[B, T] events (the sequence so far, bar-aligned at index 0 when offset is 0) -> [B, T, INPUTS]."""
    b, t = events.shape
    one = nn.functional.one_hot(events, CLASSES).float()
    pad = torch.zeros(b, 2 * STEPS_PER_BAR, CLASSES)
    pad[:, :, 0] = 1  # before the start: no event
    padded = torch.cat([pad, one], dim=1)
    bar1 = padded[:, STEPS_PER_BAR:STEPS_PER_BAR + t]
    bar2 = padded[:, :t]
    position = nn.functional.one_hot((torch.arange(t) + offset) % STEPS_PER_BAR, STEPS_PER_BAR).float()
    return torch.cat([one, bar1, bar2, position.expand(b, t, STEPS_PER_BAR)], dim=-1)


class MelodyRNN(nn.Module):
    def __init__(self, hidden: int = 128, layers: int = 2):
        super().__init__()
        self.config = {"hidden": hidden, "layers": layers, "classes": CLASSES, "steps_per_bar": STEPS_PER_BAR}
        self.rnn = nn.LSTM(INPUTS, hidden, num_layers=layers, batch_first=True)
        self.output = nn.Linear(hidden, CLASSES)

    def forward(self, x: torch.Tensor, state=None):
        y, state = self.rnn(x, state)
        return self.output(y), state


@torch.no_grad()
def continue_events(model: MelodyRNN, primer: list[int], steps: int, temperature: float, generator: torch.Generator,
                    allowed: torch.Tensor | None = None) -> list[int]:
    """The primer's events followed by `steps` sampled ones (the primer starts on a bar). `allowed` ([CLASSES]
    bool) masks the classes that may be drawn (the key constraint)."""
    model.eval()
    events = list(primer)
    x = features(torch.tensor([events]))
    logits, state = model(x)
    last = logits[0, -1]
    for _ in range(steps):
        if allowed is not None:
            last = last.masked_fill(~allowed, float("-inf"))
        if temperature <= 0:
            e = int(last.argmax())
        else:
            e = int(torch.multinomial(torch.softmax(last / temperature, -1), 1, generator=generator))
        events.append(e)
        t = len(events) - 1
        step = torch.zeros(1, 1, INPUTS)
        step[0, 0, e] = 1
        step[0, 0, CLASSES + (events[t - 16] if t >= 16 else 0)] = 1
        step[0, 0, 2 * CLASSES + (events[t - 32] if t >= 32 else 0)] = 1
        step[0, 0, 3 * CLASSES + t % STEPS_PER_BAR] = 1
        logits, state = model(step, state)
        last = logits[0, -1]
    return events
