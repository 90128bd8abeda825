"""Step placement: conv stack over [3, 80, T] log-mel, then per frame with difficulty + beat phase a BiLSTM."""
import torch
import torch.nn as nn

N_DIFF = 5
N_BEAT = 6


class Placement(nn.Module):
    def __init__(self, hidden=48):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, kernel_size=(3, 7), padding=(1, 3))
        self.conv2 = nn.Conv2d(8, 16, kernel_size=(3, 3), padding=(1, 1))
        self.pool = nn.MaxPool2d(kernel_size=(3, 1))
        self.proj = nn.Linear(16 * 8 + N_DIFF + N_BEAT, 64)
        self.lstm = nn.LSTM(64, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, 1)
        self.register_buffer("mean", torch.zeros(3, 80, 1))
        self.register_buffer("std", torch.ones(3, 80, 1))

    def audio(self, mel):  # mel [B, 3, 80, T] → [B, T, 128]
        x = (mel - self.mean) / self.std
        x = self.pool(torch.relu(self.conv1(x)))   # 80 → 26
        x = self.pool(torch.relu(self.conv2(x)))   # 26 → 8
        b, c, f, t = x.shape
        return x.reshape(b, c * f, t).transpose(1, 2)

    def head(self, a, diff_onehot, beat):  # a [B,T,128], diff [B,5], beat [B,6,T] → logits [B,T]
        t = a.shape[1]
        d = diff_onehot[:, None, :].expand(-1, t, -1)
        x = torch.relu(self.proj(torch.cat([a, d, beat.transpose(1, 2)], dim=2)))
        y, _ = self.lstm(x)
        return self.out(y).squeeze(2)

    def forward(self, mel, diff_onehot, beat):
        return self.head(self.audio(mel), diff_onehot, beat)
