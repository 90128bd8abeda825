import Foundation

/// REPET-SIM (Rafii & Pardo 2012): the repeating background against the non-repeating foreground.
///
/// Frames of a magnitude spectrogram are compared by cosine similarity. For each frame, the
/// most similar frames (at least `minimumSeparation` frames apart, similarity above
/// `minimumSimilarity`, at most `neighbourCount` of them) are taken, and their bin-by-bin median is
/// the repeating model of that frame, capped by the mixture. The background's soft mask is the
/// model over the mixture; the foreground gets the rest, so the two add up to the mixture.
///
/// The similarity matrix is `frames²`: call it on chunks of a long signal (as `StemSeparator` does).
public struct RepeatingPatternSeparator: Sendable {
    /// The STFT the model is built on and applied through.
    public var stft: STFT
    /// Most similar frames whose median is the model (the frame itself counts).
    public var neighbourCount: Int
    /// Least distance, in frames, between two chosen frames (so one note held does not repeat itself).
    public var minimumSeparation: Int
    /// Least cosine similarity a frame must have to be chosen.
    public var minimumSimilarity: Float

    /// A separator; the defaults follow the paper's (up to 20 frames, similarity ≥ 0, ~1 s apart at 44.1 kHz/512).
    public init(stft: STFT = STFT(fftSize: 2048, hop: 512), neighbourCount: Int = 20,
                minimumSeparation: Int = 40, minimumSimilarity: Float = 0) {
        precondition(neighbourCount >= 1 && minimumSeparation >= 1, "counts must be at least 1")
        self.stft = stft
        self.neighbourCount = neighbourCount
        self.minimumSeparation = minimumSeparation
        self.minimumSimilarity = minimumSimilarity
    }

    /// Cosine similarity of every pair of frames, `frames × frames` row-major.
    public static func similarity(_ magnitudes: Spectrogram) -> [Float] {
        let frames = magnitudes.frameCount, bins = magnitudes.binCount
        var norms = [Float](repeating: 0, count: frames)
        for f in 0..<frames {
            var s: Float = 0
            for b in 0..<bins { let v = magnitudes.values[f * bins + b]; s += v * v }
            norms[f] = s.squareRoot()
        }
        var out = [Float](repeating: 0, count: frames * frames)
        magnitudes.values.withUnsafeBufferPointer { v in
            for i in 0..<frames {
                out[i * frames + i] = norms[i] > 0 ? 1 : 0
                for j in (i + 1)..<max(frames, i + 1) {
                    var dot: Float = 0
                    let a = v.baseAddress! + i * bins, c = v.baseAddress! + j * bins
                    for b in 0..<bins { dot += a[b] * c[b] }
                    let denominator = norms[i] * norms[j]
                    let s = denominator > 0 ? dot / denominator : 0
                    out[i * frames + j] = s
                    out[j * frames + i] = s
                }
            }
        }
        return out
    }

    /// The frames whose median models `frame`: the most similar first, greedily kept apart.
    func neighbours(of frame: Int, similarity: [Float], frameCount: Int) -> [Int] {
        let row = frame * frameCount
        let order = (0..<frameCount).sorted { similarity[row + $0] > similarity[row + $1] }
        var chosen: [Int] = [frame]
        for candidate in order where chosen.count < neighbourCount {
            if similarity[row + candidate] < minimumSimilarity { break }
            if chosen.allSatisfy({ abs($0 - candidate) >= minimumSeparation }) { chosen.append(candidate) }
        }
        return chosen
    }

    /// The background's soft mask for a magnitude spectrogram (the foreground's is `1 − mask`).
    public func backgroundMask(_ magnitudes: Spectrogram) -> [Float] {
        let frames = magnitudes.frameCount, bins = magnitudes.binCount
        let similarity = Self.similarity(magnitudes)
        var mask = [Float](repeating: 1, count: frames * bins)
        var scratch = [Float](repeating: 0, count: neighbourCount)
        for f in 0..<frames {
            let chosen = neighbours(of: f, similarity: similarity, frameCount: frames)
            for b in 0..<bins {
                for (n, g) in chosen.enumerated() { scratch[n] = magnitudes.values[g * bins + b] }
                let model = MedianFilter.median(&scratch, count: chosen.count)
                let v = magnitudes.values[f * bins + b]
                mask[f * bins + b] = v > 0 ? min(model, v) / v : 1
            }
        }
        return mask
    }

    /// Splits `signal` into its repeating background and the foreground, each as long as `signal`.
    public func separate(_ signal: [Float]) -> (background: [Float], foreground: [Float]) {
        SoftMask.split(signal, stft: stft, mask: backgroundMask)
    }
}
