import Foundation

/// Analysis windows for short-time spectra.
///
/// Windows are *periodic* by default (the DFT-even form that `scipy.signal.get_window` and
/// librosa use): a periodic Hann window at hop `n/4` overlap-adds to a constant, which is what
/// STFT → ISTFT reconstruction wants. Pass `periodic: false` for the symmetric filter-design form.
public enum Window {
    /// The Hann (raised cosine) window of `n` samples.
    public static func hann(_ n: Int, periodic: Bool = true) -> [Float] {
        cosineSum(n, periodic: periodic, a0: 0.5, a1: 0.5)
    }

    /// The Hamming window of `n` samples (0.54 − 0.46 cos).
    public static func hamming(_ n: Int, periodic: Bool = true) -> [Float] {
        cosineSum(n, periodic: periodic, a0: 0.54, a1: 0.46)
    }

    /// A rectangular (all-ones) window of `n` samples.
    public static func rectangular(_ n: Int) -> [Float] {
        [Float](repeating: 1, count: max(n, 0))
    }

    /// `a0 − a1·cos(2πi/L)`, computed in Double so long windows stay exactly symmetric.
    private static func cosineSum(_ n: Int, periodic: Bool, a0: Double, a1: Double) -> [Float] {
        guard n > 1 else { return [Float](repeating: 1, count: max(n, 0)) }
        let length = Double(periodic ? n : n - 1)
        return (0..<n).map { i in Float(a0 - a1 * cos(2 * Double.pi * Double(i) / length)) }
    }
}
