/// Onset strength: spectral flux on a log-mel spectrogram, as `librosa.onset.onset_strength`
/// (../shared/reference/charts.md §6): power mel bands in dB (80 dB range), the rise of each band from
/// the previous frame, negatives dropped, averaged over the bands.
///
/// Frame `f` is centred on sample `f · hop`. As librosa, the envelope is moved `fftSize / (2 · hop)` frames
/// later: a log-energy rise shows as soon as a sound enters the window's leading edge, half a window early.
public struct OnsetStrength: Sendable {
    /// The audio's sample rate in Hz.
    public let sampleRate: Double
    /// Samples between frames.
    public let hop: Int
    /// The STFT length.
    public let fftSize: Int
    /// Mel bands.
    public let melCount: Int

    /// An onset detector at about `framesPerSecond` frames a second (100 by default, DDC's rate, a 10 ms grid),
    /// with an STFT of about 46 ms (2048 samples at 44.1 kHz) and 128 mel bands up to 11025 Hz (or Nyquist).
    public init(sampleRate: Double, framesPerSecond: Double = 100, melCount: Int = 128) {
        precondition(sampleRate > 0 && framesPerSecond > 0, "rates must be positive")
        self.sampleRate = sampleRate
        hop = max(1, Int((sampleRate / framesPerSecond).rounded()))
        var size = 256
        while Double(size) < sampleRate * 0.046 { size *= 2 }
        fftSize = size
        self.melCount = melCount
    }

    /// Frames per second of the envelope.
    public var frameRate: Double { sampleRate / Double(hop) }

    /// The onset strength of every frame (`samples.count / hop + 1` values, 0 where nothing rises).
    public func envelope(_ samples: [Float]) -> [Float] {
        guard !samples.isEmpty else { return [] }
        let stft = STFT(fftSize: fftSize, hop: hop)
        let power = stft.powers(samples)
        let mel = MelFilterbank(sampleRate: sampleRate, fftSize: fftSize, melCount: melCount,
                                maxHz: min(11025, sampleRate / 2)).apply(power)
        let frames = mel.frameCount, bands = mel.binCount
        var db = mel.values
        var peak: Float = 0
        for i in db.indices {
            db[i] = Decibels.fromPower(db[i], floor: -200)
            peak = max(peak, db[i])
        }
        let floor = peak - 80
        for i in db.indices { db[i] = max(db[i], floor) }
        let shift = fftSize / (2 * hop)
        var out = [Float](repeating: 0, count: frames)
        for f in 1..<max(frames, 1) {
            var sum: Float = 0
            for b in 0..<bands { sum += max(0, db[f * bands + b] - db[(f - 1) * bands + b]) }
            let target = f + shift
            if target < frames { out[target] = sum / Float(bands) }
        }
        return out
    }
}
