"""MusicVAE-style melody VAEs built only from modules Kanade's Swift engine reimplements
(nn.LSTM, nn.Linear, tanh, softplus, one-hot inputs).

Inference graph (the model card, docs/models/melody-vae.md, lists tensor names and shapes):
  encoder:  onehot(x) [T,90] -> BiLSTM -> concat(h_fwd(T-1), h_bwd(0)) -> mu = Linear, sigma = softplus(Linear)
  hierarchical encoder (16 bar, config enc_block_steps): the same BiLSTM (encoder.lstm) reads each block of
            enc_block_steps events on its own -> concat(finals) -> block code = Linear (encoder.block);
            a second BiLSTM (encoder.top) reads the block codes -> concat(finals) -> mu, sigma as above
            (MusicVAE's HierarchicalLstmEncoder); with config enc_flat, mu and sigma's pre-activations also get
            Linear(concat of all block codes) (encoder.flat_mu, encoder.flat_sigma), a direct path from every
            block to z, which the BiLSTM's two final states give only to the first and last blocks.
  flat decoder (2 bar): state0 = tanh(Linear(z)) split into (h,c) per layer;
            input_t = concat(onehot(x_{t-1}) or zeros at t=0, z) -> LSTM(L layers) -> Linear -> logits[90]
  hierarchical decoder (16 bar): conductor state0 = tanh(Linear(z)); conductor input = z for each of 16 bars;
            per bar b: c_b = conductor output, or Linear(conductor output) when the config has cond_proj
            (decoder.cond_proj); bar state0 = tanh(Linear(c_b));
            input_t = concat(onehot(x_{t-1}) or zeros at the very first step, c_b) -> LSTM -> Linear -> logits
            (the previous event carries across bar boundaries; the bar decoder's state restarts each bar).
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_CLASSES = 90


def onehot(x: torch.Tensor) -> torch.Tensor:
    return F.one_hot(x, NUM_CLASSES).float()


def shifted_inputs(x: torch.Tensor, prev: torch.Tensor | None = None) -> torch.Tensor:
    """One-hot of the previous event at each step; zeros at step 0 (or `prev`'s one-hot when given)."""
    oh = onehot(x)
    first = torch.zeros_like(oh[:, :1]) if prev is None else prev.unsqueeze(1)
    return torch.cat([first, oh[:, :-1]], dim=1)


def kl_divergence(mu: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, sigma^2) || N(0, I)) of each row, summed over z."""
    return 0.5 * (mu.pow(2) + sigma.pow(2) - 1.0 - 2.0 * torch.log(sigma + 1e-12)).sum(-1)


def init_state(linear: nn.Linear, src: torch.Tensor, layers: int, hidden: int):
    """(h0, c0) for an nn.LSTM from tanh(Linear(src)); layout [layer0 h, layer0 c, layer1 h, layer1 c, ...]."""
    s = torch.tanh(linear(src)).view(src.shape[0], layers, 2, hidden)
    return s[:, :, 0].transpose(0, 1).contiguous(), s[:, :, 1].transpose(0, 1).contiguous()


class Encoder(nn.Module):
    def __init__(self, hidden: int, z: int, layers: int = 1):
        super().__init__()
        self.lstm = nn.LSTM(NUM_CLASSES, hidden, num_layers=layers, bidirectional=True, batch_first=True)
        self.mu = nn.Linear(2 * hidden, z)
        self.sigma = nn.Linear(2 * hidden, z)

    def forward(self, x: torch.Tensor):
        _, (h, _) = self.lstm(onehot(x))
        top = torch.cat([h[-2], h[-1]], dim=-1)  # last layer: forward final, backward final
        return self.mu(top), F.softplus(self.sigma(top))


class HierEncoder(nn.Module):
    """A block-level BiLSTM summarises each block; a top BiLSTM reads the block codes (MusicVAE's
    HierarchicalLstmEncoder with two levels). The block level has the 2-bar encoder's shape, so train.py --init
    can seed it from a 2-bar model (encoder.lstm, and encoder.mu -> encoder.block)."""

    def __init__(self, hidden: int, block_z: int, top_hidden: int, z: int, block_steps: int, blocks: int = 0):
        super().__init__()
        self.block_steps = block_steps
        self.lstm = nn.LSTM(NUM_CLASSES, hidden, batch_first=True, bidirectional=True)
        self.block = nn.Linear(2 * hidden, block_z)
        self.top = nn.LSTM(block_z, top_hidden, batch_first=True, bidirectional=True)
        self.mu = nn.Linear(2 * top_hidden, z)
        self.sigma = nn.Linear(2 * top_hidden, z)
        # blocks > 0 (config enc_flat): a linear path from all block codes at once, so that the middle blocks,
        # which the top BiLSTM's final states carry least well, reach z directly.
        self.flat_mu = nn.Linear(blocks * block_z, z) if blocks else None
        self.flat_sigma = nn.Linear(blocks * block_z, z) if blocks else None

    def codes(self, x: torch.Tensor) -> torch.Tensor:
        B, T = x.shape
        _, (h, _) = self.lstm(onehot(x.reshape(B * T // self.block_steps, self.block_steps)))
        return self.block(torch.cat([h[-2], h[-1]], -1)).view(B, T // self.block_steps, -1)

    def from_codes(self, codes: torch.Tensor):
        """mu and sigma from block codes [B, blocks, block_z] (pretrain_codes.py trains this part alone)."""
        _, (h, _) = self.top(codes)
        top = torch.cat([h[-2], h[-1]], dim=-1)
        mu, sigma = self.mu(top), self.sigma(top)
        if self.flat_mu is not None:
            flat = codes.flatten(1)
            mu, sigma = mu + self.flat_mu(flat), sigma + self.flat_sigma(flat)
        return mu, F.softplus(sigma)

    def forward(self, x: torch.Tensor):
        return self.from_codes(self.codes(x))


class FlatDecoder(nn.Module):
    def __init__(self, z: int, hidden: int, layers: int):
        super().__init__()
        self.hidden, self.layers = hidden, layers
        self.init = nn.Linear(z, 2 * layers * hidden)
        self.lstm = nn.LSTM(NUM_CLASSES + z, hidden, num_layers=layers, batch_first=True)
        self.out = nn.Linear(hidden, NUM_CLASSES)

    def forward(self, z: torch.Tensor, x: torch.Tensor, sample_prob: float = 0.0) -> torch.Tensor:
        """Logits [B,T,90]; teacher forcing, or scheduled sampling with probability `sample_prob` per step."""
        state = init_state(self.init, z, self.layers, self.hidden)
        T = x.shape[1]
        if sample_prob <= 0.0:
            inp = torch.cat([shifted_inputs(x), z.unsqueeze(1).expand(-1, T, -1)], dim=-1)
            y, _ = self.lstm(inp, state)
            return self.out(y)
        return step_decode(self.lstm, self.out, z, x, state, sample_prob)

    @torch.no_grad()
    def generate(self, z: torch.Tensor, steps: int, temperature: float = 0.0, generator=None) -> torch.Tensor:
        state = init_state(self.init, z, self.layers, self.hidden)
        prev = torch.zeros(z.shape[0], NUM_CLASSES)
        out = []
        for _ in range(steps):
            y, state = self.lstm(torch.cat([prev, z], -1).unsqueeze(1), state)
            ev = choose(self.out(y[:, 0]), temperature, generator)
            out.append(ev)
            prev = onehot(ev)
        return torch.stack(out, 1)


def choose(logits: torch.Tensor, temperature: float, generator=None) -> torch.Tensor:
    if temperature <= 0.0:
        return logits.argmax(-1)
    probs = torch.softmax(logits / temperature, -1)
    return torch.multinomial(probs, 1, generator=generator)[:, 0]


def step_decode(lstm, out, cond, x, state, sample_prob, prev=None):
    """Step-by-step decode with scheduled sampling: each step's input is the sampled previous output
    instead of the true previous event with probability `sample_prob`."""
    B, T = x.shape
    prev = torch.zeros(B, NUM_CLASSES) if prev is None else prev
    logits = []
    for t in range(T):
        y, state = lstm(torch.cat([prev, cond], -1).unsqueeze(1), state)
        lg = out(y[:, 0])
        logits.append(lg)
        true = onehot(x[:, t])
        with torch.no_grad():
            sampled = onehot(torch.multinomial(torch.softmax(lg, -1), 1)[:, 0])
            use = (torch.rand(B, 1) < sample_prob).float()
        prev = use * sampled + (1 - use) * true
    return torch.stack(logits, 1)


class HierDecoder(nn.Module):
    def __init__(self, z: int, cond_hidden: int, cond_layers: int, hidden: int, layers: int, bars: int,
                 steps_per_bar: int = 16, cond_proj: int = 0):
        super().__init__()
        self.cl, self.hidden, self.layers = cond_layers, hidden, layers
        self.bars, self.spb = bars, steps_per_bar
        self.cond_hidden = cond_hidden
        self.ch = cond_proj or cond_hidden  # width of the bar embedding c_b
        self.cond_init = nn.Linear(z, 2 * cond_layers * cond_hidden)
        self.conductor = nn.LSTM(z, cond_hidden, num_layers=cond_layers, batch_first=True)
        # An optional linear map from the conductor's output to the bar embedding: with it the embedding is
        # unbounded and can live in a 2-bar model's z space (train.py --init/--distill warm-start from one).
        self.cond_proj = nn.Linear(cond_hidden, cond_proj) if cond_proj else None
        self.bar_init = nn.Linear(self.ch, 2 * layers * hidden)
        self.lstm = nn.LSTM(NUM_CLASSES + self.ch, hidden, num_layers=layers, batch_first=True)
        self.out = nn.Linear(hidden, NUM_CLASSES)

    def conduct(self, z: torch.Tensor) -> torch.Tensor:
        state = init_state(self.cond_init, z, self.cl, self.cond_hidden)
        c, _ = self.conductor(z.unsqueeze(1).expand(-1, self.bars, -1), state)
        return c if self.cond_proj is None else self.cond_proj(c)  # [B, bars, ch]

    def forward(self, z: torch.Tensor, x: torch.Tensor, sample_prob: float = 0.0) -> torch.Tensor:
        B = x.shape[0]
        c = self.conduct(z)
        # All bars decode in parallel under teacher forcing: fold bars into the batch.
        cb = c.reshape(B * self.bars, self.ch)
        state = init_state(self.bar_init, cb, self.layers, self.hidden)
        prev_events = shifted_inputs(x).view(B * self.bars, self.spb, NUM_CLASSES)
        xb = x.view(B * self.bars, self.spb)
        if sample_prob <= 0.0:
            inp = torch.cat([prev_events, cb.unsqueeze(1).expand(-1, self.spb, -1)], -1)
            y, _ = self.lstm(inp, state)
            return self.out(y).view(B, self.bars * self.spb, NUM_CLASSES)
        lg = step_decode(self.lstm, self.out, cb, xb, state, sample_prob, prev=prev_events[:, 0])
        return lg.reshape(B, self.bars * self.spb, NUM_CLASSES)

    @torch.no_grad()
    def generate(self, z: torch.Tensor, steps: int | None = None, temperature: float = 0.0, generator=None):
        c = self.conduct(z)
        prev = torch.zeros(z.shape[0], NUM_CLASSES)
        out = []
        for b in range(self.bars):
            state = init_state(self.bar_init, c[:, b], self.layers, self.hidden)
            for _ in range(self.spb):
                y, state = self.lstm(torch.cat([prev, c[:, b]], -1).unsqueeze(1), state)
                ev = choose(self.out(y[:, 0]), temperature, generator)
                out.append(ev)
                prev = onehot(ev)
        return torch.stack(out, 1)


class MelodyVAE(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        self.cfg = cfg
        if cfg.get("enc_block_steps"):
            self.encoder = HierEncoder(cfg["enc_hidden"], cfg["enc_block_z"], cfg["enc_top_hidden"], cfg["z"],
                                       cfg["enc_block_steps"],
                                       cfg["bars"] * 16 // cfg["enc_block_steps"] if cfg.get("enc_flat") else 0)
        else:
            self.encoder = Encoder(cfg["enc_hidden"], cfg["z"], cfg.get("enc_layers", 1))
        if cfg["bars"] == 2 or not cfg.get("hierarchical", False):
            self.decoder = FlatDecoder(cfg["z"], cfg["dec_hidden"], cfg["dec_layers"])
        else:
            self.decoder = HierDecoder(cfg["z"], cfg["cond_hidden"], cfg.get("cond_layers", 1), cfg["dec_hidden"],
                                       cfg["dec_layers"], cfg["bars"], cond_proj=cfg.get("cond_proj", 0))
        self.steps = cfg["bars"] * 16

    def forward(self, x, sample_prob: float = 0.0):
        """Logits, mu, sigma and the sampled z (train.py's distillation reads the conductor from z)."""
        mu, sigma = self.encoder(x)
        z = mu + sigma * torch.randn_like(mu)
        return self.decoder(z, x, sample_prob), mu, sigma, z

    def params(self) -> int:
        return sum(p.numel() for p in self.parameters())
