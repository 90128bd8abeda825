import Foundation

/// Small measurements on rendered audio, for the synth tests.
enum SignalProbe {
    /// Magnitude of the DFT of `x` at `frequency` (Hann-windowed, normalised so a full-scale sine gives ~0.5).
    static func magnitude(_ x: ArraySlice<Float>, at frequency: Double, sampleRate: Double) -> Double {
        let n = x.count
        var re = 0.0, im = 0.0
        for (i, sample) in x.enumerated() {
            let w = 0.5 - 0.5 * cos(2 * .pi * Double(i) / Double(n - 1))
            let phase = 2 * .pi * frequency * Double(i) / sampleRate
            re += Double(sample) * w * cos(phase)
            im -= Double(sample) * w * sin(phase)
        }
        return sqrt(re * re + im * im) / Double(n) * 2
    }

    /// Fundamental of a clean periodic signal from its upward zero crossings (linearly interpolated).
    static func zeroCrossingFrequency(_ x: ArraySlice<Float>, sampleRate: Double) -> Double {
        var crossings: [Double] = []
        let base = x.startIndex
        for i in (base + 1)..<x.endIndex where x[i - 1] < 0 && x[i] >= 0 {
            let fraction = Double(-x[i - 1]) / Double(x[i] - x[i - 1])
            crossings.append(Double(i - 1 - base) + fraction)
        }
        guard crossings.count > 2 else { return 0 }
        return Double(crossings.count - 1) / (crossings.last! - crossings.first!) * sampleRate
    }

    /// Largest jump between neighbouring samples: a click shows up as a jump far above the signal's slope.
    static func largestStep(_ x: [Float]) -> Float {
        zip(x.dropFirst(), x).map { abs($0 - $1) }.max() ?? 0
    }
}
