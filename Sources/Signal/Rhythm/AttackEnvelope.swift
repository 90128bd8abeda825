/// A fine onset envelope for timing beats to the millisecond: the rise of the Hann-windowed amplitude
/// (root of the energy weighted by the window's square) in short (~6 ms) windows every ~0.75 ms. Too noisy
/// to find a tempo with, precise enough to place a beat the coarse envelope (`OnsetStrength`, 10 ms frames)
/// has found.
///
/// For a click, the windowed amplitude follows the window itself, which rises fastest a quarter of its length
/// before its centre; `time(ofFrame:)` adds that quarter back. (A log scale would peak as soon as the click
/// enters the window's edge, half a window early, and is not used here.)
public struct AttackEnvelope: Sendable {
    /// The envelope, one value per frame.
    public let values: [Float]
    /// Samples between frames.
    public let hop: Int
    /// Samples per window.
    public let windowSize: Int
    /// The audio's sample rate.
    public let sampleRate: Double

    /// The envelope of `samples`.
    public init(_ samples: [Float], sampleRate: Double) {
        self.sampleRate = sampleRate
        let size = max(16, Int(sampleRate * 0.006) / 8 * 8), hop = size / 8
        windowSize = size
        self.hop = hop
        let window = Window.hann(size).map { $0 * $0 }
        let frames = samples.isEmpty ? 0 : samples.count / hop + 1
        var energy = [Float](repeating: 0, count: frames)
        var peak: Float = 0
        samples.withUnsafeBufferPointer { x in
            for f in 0..<frames {
                let start = f * hop - size / 2
                var e: Float = 0
                for i in 0..<size {
                    let j = start + i
                    if j >= 0 && j < x.count { e += window[i] * x[j] * x[j] }
                }
                energy[f] = e
                peak = max(peak, e)
            }
        }
        // Amplitudes relative to the loudest window, then their rises.
        var out = [Float](repeating: 0, count: frames)
        var previous: Float = 0
        for f in 0..<frames {
            let level = peak > 0 ? (energy[f] / peak).squareRoot() : 0
            if f > 0 { out[f] = max(0, level - previous) }
            previous = level
        }
        values = out
    }

    /// The time in seconds of the sound whose rise frame `frame` (fractional) shows.
    public func time(ofFrame frame: Double) -> Double {
        (frame * Double(hop) + Double(windowSize) / 4) / sampleRate
    }

    /// The frame (fractional) nearest `seconds`, undoing `time(ofFrame:)`.
    public func frame(at seconds: Double) -> Double {
        (seconds * sampleRate - Double(windowSize) / 4) / Double(hop)
    }

    /// The strongest rise within `radius` seconds of `seconds`: its time and strength, or nil when the
    /// neighbourhood is outside the audio or flat.
    public func strongestAttack(near seconds: Double, radius: Double) -> (time: Double, strength: Float)? {
        let centre = frame(at: seconds)
        let reach = radius * sampleRate / Double(hop)
        let first = max(0, Int((centre - reach).rounded(.down))), last = min(values.count - 1, Int((centre + reach).rounded(.up)))
        guard first <= last else { return nil }
        var best = first
        for f in first...last where values[f] > values[best] { best = f }
        guard values[best] > 0 else { return nil }
        return (time(ofFrame: Double(best)), values[best])
    }
}
