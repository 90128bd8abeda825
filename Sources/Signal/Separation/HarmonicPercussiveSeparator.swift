/// Median-filtering harmonic/percussive source separation (Fitzgerald 2010) with soft masks.
///
/// Sustained tones are horizontal ridges in a magnitude spectrogram and clicks are vertical ones,
/// so a median along time keeps the first and a median along frequency keeps the second. Each bin
/// of the mixture is then shared between the two by a soft mask `H^p / (H^p + P^p)` (librosa's
/// `decompose.hpss` with `mask=True`, `margin=1`), so the two parts always add up to the mixture
/// (up to the STFT's round trip).
public struct HarmonicPercussiveSeparator: Sendable {
    /// The STFT the masks are computed on and applied through.
    public var stft: STFT
    /// Frames in the median along time (the harmonic filter); odd.
    public var harmonicKernel: Int
    /// Bins in the median along frequency (the percussive filter); odd.
    public var percussiveKernel: Int
    /// Exponent of the soft mask (2 is a Wiener-style mask; larger is harder).
    public var power: Float

    /// A separator; the defaults are librosa's (kernels 31, power 2) on a 2048/512 Hann STFT.
    public init(stft: STFT = STFT(fftSize: 2048, hop: 512), harmonicKernel: Int = 31,
                percussiveKernel: Int = 31, power: Float = 2) {
        precondition(harmonicKernel >= 1 && percussiveKernel >= 1, "kernels must be at least 1")
        self.stft = stft
        self.harmonicKernel = harmonicKernel
        self.percussiveKernel = percussiveKernel
        self.power = power
    }

    /// The harmonic part's soft mask for a magnitude spectrogram (the percussive mask is `1 − mask`).
    public func harmonicMask(_ magnitudes: Spectrogram) -> [Float] {
        let harmonic = MedianFilter.alongFrames(magnitudes.values, frameCount: magnitudes.frameCount,
                                                binCount: magnitudes.binCount, kernel: harmonicKernel)
        let percussive = MedianFilter.alongBins(magnitudes.values, frameCount: magnitudes.frameCount,
                                                binCount: magnitudes.binCount, kernel: percussiveKernel)
        return SoftMask.ratio(harmonic, percussive, power: power)
    }

    /// Splits `signal` into its harmonic and percussive parts, each as long as `signal`.
    public func separate(_ signal: [Float]) -> (harmonic: [Float], percussive: [Float]) {
        SoftMask.split(signal, stft: stft, mask: harmonicMask)
    }
}
