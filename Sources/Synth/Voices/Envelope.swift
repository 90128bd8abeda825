#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ADSR amplitude envelope. The attack is a linear ramp from wherever the level is (so a retriggered
/// or stolen voice never jumps), decay and release are exponential; velocity sets the peak, so a new
/// velocity changes the target, never the current level.
struct Envelope {
    enum Stage { case idle, attack, decay, release }

    /// Per-sample-rate constants of a patch.
    struct Rates {
        var attackSeconds: Double
        var decayCoefficient: Float
        var releaseCoefficient: Float
        var sustain: Float

        init(patch: Patch, sampleRate: Double) {
            attackSeconds = max(patch.attack, 0.002)
            decayCoefficient = Float(exp(-1 / (max(patch.decay, 0.001) * sampleRate)))
            releaseCoefficient = Float(exp(-1 / (max(patch.release, 0.005) * sampleRate)))
            sustain = min(max(patch.sustain, 0), 1)
        }
    }

    /// Below this level (−80 dB) a releasing voice is silent and freed.
    static let floor: Float = 1e-4

    private(set) var stage: Stage = .idle
    private(set) var level: Float = 0
    private(set) var peak: Float = 1
    private var attackStep: Float = 0

    /// Starts the attack toward `peak` from the current level.
    mutating func start(peak: Float, rates: Rates, sampleRate: Double) {
        self.peak = peak
        stage = .attack
        // Linear ramp covering the full 0→peak distance in the attack time.
        attackStep = peak / Float(max(rates.attackSeconds * sampleRate, 1))
    }

    /// Enters the release from the current level.
    mutating func release() {
        if stage != .idle { stage = .release }
    }

    /// The next level.
    mutating func next(_ rates: Rates) -> Float {
        switch stage {
        case .idle:
            return 0
        case .attack:
            // A stolen voice may be louder than the new peak: ramp down to it instead of jumping.
            level = level < peak ? min(level + attackStep, peak) : max(level - attackStep, peak)
            if level == peak { stage = .decay }
        case .decay:
            let target = peak * rates.sustain
            level = target + (level - target) * rates.decayCoefficient
        case .release:
            level *= rates.releaseCoefficient
            if level < Self.floor { level = 0; stage = .idle }
        }
        return level
    }

    /// Level relative to the peak, 0…1, for the filter envelope.
    var normalizedLevel: Float { peak > 0 ? level / peak : 0 }
}
