import Foundation

/// The two mel scales in common use.
public enum MelScale: Sendable, Equatable {
    /// Slaney's Auditory Toolbox scale (librosa's default): linear to 1 kHz, logarithmic above.
    case slaney
    /// The HTK scale, `2595·log10(1 + f/700)`.
    case htk

    /// Hz → mel on this scale.
    public func mel(fromHz hz: Double) -> Double {
        switch self {
        case .htk:
            return 2595 * log10(1 + hz / 700)
        case .slaney:
            if hz < Self.breakHz { return hz / Self.linearHzPerMel }
            return Self.breakMel + log(hz / Self.breakHz) / Self.logStep
        }
    }

    /// Mel → Hz on this scale.
    public func hz(fromMel mel: Double) -> Double {
        switch self {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            if mel < Self.breakMel { return mel * Self.linearHzPerMel }
            return Self.breakHz * exp(Self.logStep * (mel - Self.breakMel))
        }
    }

    // Slaney's constants, as in librosa.hz_to_mel.
    private static let linearHzPerMel = 200.0 / 3
    private static let breakHz = 1000.0
    private static let breakMel = breakHz / linearHzPerMel
    private static let logStep = log(6.4) / 27
}
