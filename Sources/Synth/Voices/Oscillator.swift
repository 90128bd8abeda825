/// A phase-accumulating oscillator; saw and square are band-limited with polyBLEP
/// (Välimäki & Huovilainen's polynomial correction of each discontinuity), the triangle is naive
/// (its harmonics fall at 12 dB/octave, so it barely aliases).
struct Oscillator {
    /// Phase in cycles, 0 ..< 1.
    var phase: Double = 0
    /// Cycles per sample.
    var increment: Double = 0

    /// The next sample of `waveform`, −1…1, then advances the phase.
    mutating func next(_ waveform: Patch.Waveform) -> Float {
        let t = phase, dt = increment
        let value: Double
        switch waveform {
        case .sine:
            value = _unsafePerformance { sin(2 * .pi * t) }  // libm: no locks, no allocation
        case .saw:
            value = 2 * t - 1 - Self.polyBLEP(t, dt)
        case .square:
            var v = t < 0.5 ? 1.0 : -1.0
            v += Self.polyBLEP(t, dt)
            var half = t + 0.5
            if half >= 1 { half -= 1 }
            v -= Self.polyBLEP(half, dt)
            value = v
        case .triangle:
            value = t < 0.5 ? 4 * t - 1 : 3 - 4 * t
        }
        phase += dt
        if phase >= 1 { phase -= 1 }
        return Float(value)
    }

    /// The polyBLEP residual for a unit step at phase 0, for phase `t` and increment `dt`.
    static func polyBLEP(_ t: Double, _ dt: Double) -> Double {
        if t < dt {
            let x = t / dt
            return x + x - x * x - 1
        } else if t > 1 - dt {
            let x = (t - 1) / dt
            return x * x + x + x + 1
        }
        return 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
