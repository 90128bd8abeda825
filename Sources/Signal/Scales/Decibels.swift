#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions between linear amplitude or power and decibels.
public enum Decibels {
    /// The quietest level reported: what silence (0) converts to.
    public static let floor: Float = -120

    /// `20·log10(amplitude / reference)`, never below `floor`.
    public static func fromAmplitude(_ amplitude: Float, reference: Float = 1, floor: Float = Decibels.floor) -> Float {
        let ratio = abs(amplitude) / reference
        guard ratio > 0, ratio.isFinite else { return ratio.isFinite ? floor : -floor }
        return max(20 * log10f(ratio), floor)
    }

    /// `10·log10(power / reference)`, never below `floor`.
    public static func fromPower(_ power: Float, reference: Float = 1, floor: Float = Decibels.floor) -> Float {
        let ratio = power / reference
        guard ratio > 0, ratio.isFinite else { return ratio.isFinite ? floor : -floor }
        return max(10 * log10f(ratio), floor)
    }

    /// The linear amplitude of `decibels` (`10^(dB/20)`).
    public static func toAmplitude(_ decibels: Float) -> Float { powf(10, decibels / 20) }

    /// The linear power of `decibels` (`10^(dB/10)`).
    public static func toPower(_ decibels: Float) -> Float { powf(10, decibels / 10) }

    /// A magnitude spectrogram in dB relative to `reference` (its own maximum when nil), never
    /// below `−range` dB — with the default reference, librosa's `amplitude_to_db(S, ref=np.max, top_db=range)`.
    public static func spectrogram(fromMagnitudes magnitudes: Spectrogram, reference: Float? = nil,
                                   range: Float = 80) -> Spectrogram {
        let ref = reference ?? magnitudes.maximum
        var out = magnitudes
        guard ref > 0 else {
            for i in out.values.indices { out.values[i] = -range }
            return out
        }
        for i in out.values.indices {
            out.values[i] = fromAmplitude(out.values[i], reference: ref, floor: -range)
        }
        return out
    }
}
