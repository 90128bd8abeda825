/// Triangular mel filters over the bins of an STFT, as `librosa.filters.mel`.
///
/// Filter `m` rises from mel point `m` to `m + 1` and falls to `m + 2`, the `melCount + 2`
/// points spaced evenly in mel between `minHz` and `maxHz`. With `.slaney` normalisation each
/// filter is scaled by `2 / (width in Hz)` so all have equal area (librosa `norm="slaney"`).
public struct MelFilterbank: Sendable {
    /// How filters are scaled.
    public enum Normalization: Sendable, Equatable {
        /// Peak 1 for every filter.
        case none
        /// Equal area: `2 / (upper Hz − lower Hz)`.
        case slaney
    }

    /// Number of mel bands.
    public let melCount: Int
    /// Number of STFT bins each filter spans (`fftSize / 2 + 1`).
    public let binCount: Int
    /// The filters, row-major `melCount × binCount`.
    public let weights: [Float]
    /// Centre frequency of each band in Hz.
    public let centerFrequencies: [Double]

    /// Filters for an `fftSize`-point STFT at `sampleRate`; `maxHz` defaults to Nyquist.
    public init(sampleRate: Double, fftSize: Int, melCount: Int, minHz: Double = 0, maxHz: Double? = nil,
                scale: MelScale = .slaney, normalization: Normalization = .slaney) {
        precondition(melCount > 0 && fftSize >= 2, "need at least one band and a 2-point FFT")
        let bins = fftSize / 2 + 1
        let top = maxHz ?? sampleRate / 2
        let lowMel = scale.mel(fromHz: minHz), highMel = scale.mel(fromHz: top)
        let points = (0..<(melCount + 2)).map { i in
            scale.hz(fromMel: lowMel + (highMel - lowMel) * Double(i) / Double(melCount + 1))
        }
        let binHz = (0..<bins).map { Double($0) * sampleRate / Double(fftSize) }
        var weights = [Float](repeating: 0, count: melCount * bins)
        for m in 0..<melCount {
            let lower = points[m], middle = points[m + 1], upper = points[m + 2]
            let norm = normalization == .slaney ? 2 / (upper - lower) : 1
            for k in 0..<bins {
                let rising = (binHz[k] - lower) / (middle - lower)
                let falling = (upper - binHz[k]) / (upper - middle)
                weights[m * bins + k] = Float(max(0, min(rising, falling)) * norm)
            }
        }
        self.melCount = melCount
        self.binCount = bins
        self.weights = weights
        self.centerFrequencies = Array(points[1...melCount])
    }

    /// A mel spectrogram: each frame of `spectrogram` (magnitudes or powers) through every filter.
    public func apply(_ spectrogram: Spectrogram) -> Spectrogram {
        precondition(spectrogram.binCount == binCount, "spectrogram has \(spectrogram.binCount) bins, filters \(binCount)")
        let frames = spectrogram.frameCount
        var out = [Float](repeating: 0, count: frames * melCount)
        // Each filter touches few bins: skip the zeros by remembering each filter's span.
        let spans = (0..<melCount).map { m -> Range<Int> in
            let row = weights[(m * binCount)..<((m + 1) * binCount)]
            guard let first = row.firstIndex(where: { $0 != 0 }),
                  let last = row.lastIndex(where: { $0 != 0 }) else { return 0..<0 }
            return (first - m * binCount)..<(last - m * binCount + 1)
        }
        spectrogram.values.withUnsafeBufferPointer { s in
            weights.withUnsafeBufferPointer { w in
                for f in 0..<frames {
                    for m in 0..<melCount {
                        var acc: Float = 0
                        for k in spans[m] { acc += w[m * binCount + k] * s[f * binCount + k] }
                        out[f * melCount + m] = acc
                    }
                }
            }
        }
        return Spectrogram(values: out, frameCount: frames, binCount: melCount)
    }
}
