"""The separation U-Net and its spectrogram front end, shared by training, evaluation, export and the peer benchmark.

Front end (44.1 kHz; other rates are resampled first): STFT with a periodic Hann window, n_fft 2048, hop 512
(torch.stft, center=True, reflect padding). The model sees the first BINS = 512 bins (0–11.0 kHz) of both
channels' magnitudes, log1p-compressed, as a 2-channel image (frames × bins, frames a multiple of 32). It
outputs 4 stems × 2 channels soft masks; a softmax over the stems makes them sum to one in every cell. Bins
above 11 kHz take the mask of the last modelled bin (Spleeter's trick).

U-Net: 5 levels of 5×5 stride-2 Conv2d → BatchNorm → ELU with 8, 16, 32, 64, 128 channels; 5 levels of 5×5
stride-2 ConvTranspose2d (padding 2, output padding 1) → BatchNorm → ELU, concatenating the encoder's skip at
each level; a 3×3 head over [decoder output, input] → 8 logits.
"""
import torch
import torch.nn as nn

STEMS = ("vocals", "drums", "bass", "other")
SAMPLE_RATE, N_FFT, HOP, BINS = 44100, 2048, 512, 512
CHANNELS = (8, 16, 32, 64, 128)
MULTIPLE = 2 ** len(CHANNELS)   # frames must be a multiple of this


class UNet(nn.Module):
    def __init__(self, channels=CHANNELS, stems=len(STEMS), audio_channels=2):
        super().__init__()
        self.stems, self.audio_channels = stems, audio_channels
        self.down = nn.ModuleList()
        previous = audio_channels
        for c in channels:
            self.down.append(nn.Sequential(nn.Conv2d(previous, c, 5, stride=2, padding=2), nn.BatchNorm2d(c), nn.ELU()))
            previous = c
        self.up = nn.ModuleList()
        for i in reversed(range(len(channels))):
            out = channels[i - 1] if i > 0 else channels[0]
            inputs = channels[i] * (1 if i == len(channels) - 1 else 2)
            self.up.append(nn.Sequential(nn.ConvTranspose2d(inputs, out, 5, stride=2, padding=2, output_padding=1),
                                         nn.BatchNorm2d(out), nn.ELU()))
        self.head = nn.Conv2d(channels[0] + audio_channels, stems * audio_channels, 3, padding=1)

    def forward(self, x):
        """x: (B, 2, frames, BINS) log1p magnitudes → masks (B, 4, 2, frames, BINS) summing to 1 over dim 1."""
        skips, h = [], x
        for layer in self.down:
            h = layer(h)
            skips.append(h)
        skips.pop()
        for layer in self.up:
            h = layer(h)
            if skips:
                h = torch.cat([h, skips.pop()], dim=1)
        logits = self.head(torch.cat([h, x], dim=1))
        b, _, f, k = logits.shape
        return torch.softmax(logits.view(b, self.stems, self.audio_channels, f, k), dim=1)


def stft(audio):
    """audio (..., samples) float → complex (..., frames, N_FFT/2+1)."""
    shape = audio.shape[:-1]
    spec = torch.stft(audio.reshape(-1, audio.shape[-1]), N_FFT, HOP, window=torch.hann_window(N_FFT, dtype=audio.dtype),
                      center=True, pad_mode="reflect", return_complex=True)
    return spec.transpose(-1, -2).reshape(*shape, spec.shape[-1], spec.shape[-2])


def istft(spec, length):
    """complex (..., frames, bins) → (..., length)."""
    shape = spec.shape[:-2]
    flat = spec.reshape(-1, spec.shape[-2], spec.shape[-1]).transpose(-1, -2)
    audio = torch.istft(flat, N_FFT, HOP, window=torch.hann_window(N_FFT, dtype=flat.real.dtype), center=True, length=length)
    return audio.reshape(*shape, length)


def full_masks(masks, bins=N_FFT // 2 + 1):
    """(…, frames, BINS) → (…, frames, bins): the last modelled bin's mask repeated upwards."""
    extra = masks[..., -1:].expand(*masks.shape[:-1], bins - masks.shape[-1])
    return torch.cat([masks, extra], dim=-1)


def wiener(masks, mix, iterations=1, eps=1e-10):
    """The multichannel Wiener/EM post-filter (Nugraha, Liutkus & Vincent 2016; norbert's expectation_maximization).

    masks: (4, C, F, K) real masks summing to one over the stems; mix: (C, F, K) complex STFT of the mixture.
    Start from y_j = mask_j · x. Each iteration fits a local Gaussian model per stem — power
    v_j(f,k) = mean over channels of |y_j|², spatial covariance R_j(k) = Σ_f y_j y_jᴴ / (Σ_f v_j + eps) — then
    re-estimates y_j = v_j R_j (Σ_i v_i R_i + eps·I)⁻¹ x. The gains sum to the identity (up to eps), so the stems
    still add up to the mixture. Returns (4, C, F, K) complex stems. float64 inside.
    """
    x = mix.to(torch.complex128)
    y = masks.to(torch.float64) * x
    c = x.shape[0]
    eye = torch.eye(c, dtype=torch.complex128)
    for _ in range(iterations):
        v = (y.abs() ** 2).mean(1)                                           # (4, F, K)
        yy = torch.einsum("jafk,jbfk->jkab", y, y.conj())                    # (4, K, C, C)
        r = yy / (v.sum(1)[..., None, None] + eps)                          # (4, K, C, C)
        cxx = torch.einsum("jfk,jkab->fkab", v.to(torch.complex128), r) + eps * eye
        inv = torch.linalg.inv(cxx)                                          # (F, K, C, C)
        z = torch.einsum("fkbc,cfk->bfk", inv, x)                           # C⁻¹ x
        y = torch.einsum("jfk,jkab,bfk->jafk", v.to(torch.complex128), r, z)
    return y
