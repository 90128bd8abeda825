import Foundation

/// How close a separated source is to the true one.
public enum SourceQuality {
    /// Scale-invariant signal-to-distortion ratio in dB (Le Roux et al. 2019, arXiv:1811.02508):
    /// with `α = ⟨ŝ, s⟩ / ‖s‖²`, `10·log10(‖αs‖² / ‖αs − ŝ‖²)`. Both signals are used as given (no
    /// mean removal); the shorter length counts. A silent reference gives `-infinity`; a perfect
    /// estimate `+infinity`.
    public static func siSDR(estimate: [Float], reference: [Float]) -> Double {
        let n = min(estimate.count, reference.count)
        var dot = 0.0, energy = 0.0
        for i in 0..<n {
            dot += Double(estimate[i]) * Double(reference[i])
            energy += Double(reference[i]) * Double(reference[i])
        }
        guard energy > 0 else { return -.infinity }
        let alpha = dot / energy
        var target = 0.0, noise = 0.0
        for i in 0..<n {
            let t = alpha * Double(reference[i])
            let e = t - Double(estimate[i])
            target += t * t
            noise += e * e
        }
        return 10 * log10(target / noise)
    }
}
