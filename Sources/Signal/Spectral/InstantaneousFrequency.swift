import Foundation

/// GANSynth's two-channel spectrum: log magnitude and instantaneous frequency (Engel et al. 2019).
///
/// The instantaneous frequency (IF) of a bin is how far its phase advances over one hop, divided by π and
/// wrapped to (−1, 1]; the first frame's IF is its phase. Integrating IF over frames (a running sum, times π)
/// gives every frame's phase back exactly, which is how a generated log magnitude and IF become audio:
/// `STFT.inverse(logMagnitude:instantaneousFrequency:)`. The log magnitude is `log(|X| + logFloor)`.
///
/// Phases are summed in `Double` and wrapped each frame, so a long note's phase keeps its precision.
public enum InstantaneousFrequency {
    /// Added to |X| before the log (GANSynth's 1e-6), and taken off again when undoing it.
    public static let logFloor: Float = 1e-6

    /// The log magnitude and IF of every bin of `spectrum`.
    public static func analyse(_ spectrum: ComplexSpectrogram) -> (logMagnitude: Spectrogram, frequency: Spectrogram) {
        let frames = spectrum.frameCount, bins = spectrum.binCount
        var logMagnitude = [Float](repeating: 0, count: frames * bins)
        var frequency = [Float](repeating: 0, count: frames * bins)
        var previous = [Double](repeating: 0, count: bins)
        for frame in 0..<frames {
            for bin in 0..<bins {
                let i = frame * bins + bin
                let re = spectrum.real[i], im = spectrum.imaginary[i]
                logMagnitude[i] = log((re * re + im * im).squareRoot() + logFloor)
                let phase = atan2(Double(im), Double(re))
                frequency[i] = Float(wrapped(phase - previous[bin]) / Double.pi)
                previous[bin] = phase
            }
        }
        return (Spectrogram(values: logMagnitude, frameCount: frames, binCount: bins),
                Spectrogram(values: frequency, frameCount: frames, binCount: bins))
    }

    /// The complex spectrum whose magnitude is `exp(logMagnitude) − logFloor` (at least 0) and whose phase is
    /// the running sum of `frequency × π` over frames. Both grids must have the same shape.
    public static func spectrum(logMagnitude: Spectrogram, frequency: Spectrogram) -> ComplexSpectrogram {
        precondition(logMagnitude.frameCount == frequency.frameCount && logMagnitude.binCount == frequency.binCount,
                     "log magnitude is \(logMagnitude.frameCount)×\(logMagnitude.binCount), "
                         + "IF \(frequency.frameCount)×\(frequency.binCount)")
        let frames = logMagnitude.frameCount, bins = logMagnitude.binCount
        var real = [Float](repeating: 0, count: frames * bins)
        var imaginary = real
        var phase = [Double](repeating: 0, count: bins)
        for frame in 0..<frames {
            for bin in 0..<bins {
                let i = frame * bins + bin
                phase[bin] = wrapped(phase[bin] + Double(frequency.values[i]) * Double.pi)
                let magnitude = Double(max(exp(logMagnitude.values[i]) - logFloor, 0))
                real[i] = Float(magnitude * cos(phase[bin]))
                imaginary[i] = Float(magnitude * sin(phase[bin]))
            }
        }
        return ComplexSpectrogram(real: real, imaginary: imaginary, frameCount: frames, binCount: bins)
    }

    /// `angle` moved into (−π, π].
    static func wrapped(_ angle: Double) -> Double {
        let r = remainder(angle, 2 * Double.pi)   // [−π, π]
        return r <= -Double.pi ? r + 2 * Double.pi : r
    }
}

extension STFT {
    /// The signal whose spectrum has this log magnitude and instantaneous frequency: phase by integrating IF,
    /// then the least-squares inverse (`inverse(_:length:)`). Grids are `frameCount × binCount`.
    public func inverse(logMagnitude: Spectrogram, instantaneousFrequency: Spectrogram, length: Int? = nil) -> [Float] {
        inverse(InstantaneousFrequency.spectrum(logMagnitude: logMagnitude, frequency: instantaneousFrequency),
                length: length)
    }
}
