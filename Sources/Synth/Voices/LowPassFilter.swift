#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A resonant 12 dB/octave low-pass: Zavalishin's topology-preserving state-variable filter, which stays
/// stable and click-free while its cutoff moves every few samples.
struct LowPassFilter {
    private var ic1: Float = 0, ic2: Float = 0
    private var a1: Float = 1, a2: Float = 0, a3: Float = 0

    /// Sets cutoff (Hz, clamped below Nyquist) and resonance (0…0.95).
    mutating func set(cutoff: Double, resonance: Double, sampleRate: Double) {
        let fc = min(max(cutoff, 10), sampleRate * 0.45)
        let g = _unsafePerformance { tan(.pi * fc / sampleRate) }  // libm: no locks, no allocation
        let k = 2 - 2 * min(max(resonance, 0), 0.95)
        let d1 = 1 / (1 + g * (g + k))
        a1 = Float(d1)
        a2 = Float(g * d1)
        a3 = Float(g * g * d1)
    }

    /// Filters one sample.
    mutating func process(_ x: Float) -> Float {
        let v3 = x - ic2
        let v1 = a1 * ic1 + a2 * v3
        let v2 = ic2 + a2 * ic1 + a3 * v3
        ic1 = 2 * v1 - ic1
        ic2 = 2 * v2 - ic2
        return v2
    }

    /// Clears the filter's memory (only for a voice that is silent).
    mutating func reset() { ic1 = 0; ic2 = 0 }
}
