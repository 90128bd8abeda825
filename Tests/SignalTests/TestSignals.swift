import Foundation
import TestSupport

/// Deterministic test signals (no global RNG, so failures reproduce).
enum TestSignals {
    /// Uniform noise in −1…1 from a fixed-seed xorshift generator.
    static func noise(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [Float] {
        var random = TestRandom(seed: seed)
        return (0..<count).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53)) * 2 - 1 }
    }

    /// A sine of `hz` at `sampleRate`, `count` samples, peak `amplitude`.
    static func sine(hz: Double, sampleRate: Double, count: Int, amplitude: Float = 1) -> [Float] {
        (0..<count).map { amplitude * Float(sin(2 * Double.pi * hz * Double($0) / sampleRate)) }
    }

    /// Error energy relative to the signal's, in dB.
    static func relativeErrorDB(_ x: [Float], _ y: [Float]) -> Double {
        var error = 0.0, energy = 0.0
        for i in x.indices {
            let d = Double(x[i]) - Double(y[i])
            error += d * d
            energy += Double(x[i]) * Double(x[i])
        }
        return 10 * log10(error / energy)
    }
}
