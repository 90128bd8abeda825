#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sounding note of the `PolySynth`: two oscillators, a low-pass filter and an envelope.
struct Voice {
    /// The MIDI pitch the voice plays (meaningful while not idle).
    var pitch = 0
    /// True from note-on to note-off.
    var isHeld = false
    /// Order of note-ons, so the oldest voice can be found for note-off and stealing.
    var startOrder = 0
    private var main = Oscillator()
    private var second = Oscillator()
    private var filter = LowPassFilter()
    private(set) var envelope = Envelope()
    private var keyCutoff = 1000.0
    private var samplesToFilterUpdate = 0

    /// Cutoff is recomputed this often (samples): `tan` per sample would dominate the cost.
    static let filterUpdateInterval = 16

    var isIdle: Bool { envelope.stage == .idle }

    /// Starts `pitch`; a voice already sounding keeps its phase, filter and level, so there is no click.
    mutating func start(pitch: Int, velocity: Int, order: Int, patch: Patch, rates: Envelope.Rates,
                        sampleRate: Double) {
        if isIdle {
            main.phase = 0
            second.phase = 0
            filter.reset()
        }
        self.pitch = pitch
        isHeld = true
        startOrder = order
        let frequency = 440 * _unsafePerformance { pow(2, Double(pitch - 69) / 12) }
        main.increment = frequency / sampleRate
        second.increment = frequency * _unsafePerformance { pow(2, Double(patch.detuneCents) / 1200) } / sampleRate
        keyCutoff = patch.cutoff * _unsafePerformance { pow(2, patch.keyTracking * Double(pitch - 60) / 12) }
        let v = Float(min(max(velocity, 1), 127)) / 127
        envelope.start(peak: patch.gain * (0.25 + 0.75 * v * v), rates: rates, sampleRate: sampleRate)
        samplesToFilterUpdate = 0
    }

    /// Enters the release.
    mutating func release() {
        isHeld = false
        envelope.release()
    }

    /// Adds `count` samples into `out`.
    mutating func render(into out: UnsafeMutablePointer<Float>, count: Int, patch: Patch, rates: Envelope.Rates,
                         sampleRate: Double) {
        let secondLevel = patch.secondLevel
        let mainLevel = 1 - 0.5 * secondLevel
        for i in 0..<count {
            if samplesToFilterUpdate == 0 {
                let opening = patch.filterEnvelopeOctaves * Double(envelope.normalizedLevel)
                // libm has no locks or allocation; the real-time checker cannot see into it.
                let opened = _unsafePerformance { exp2(opening) }
                filter.set(cutoff: keyCutoff * opened, resonance: patch.resonance, sampleRate: sampleRate)
                samplesToFilterUpdate = Self.filterUpdateInterval
            }
            samplesToFilterUpdate -= 1
            var x = main.next(patch.waveform) * mainLevel
            if secondLevel > 0 { x += second.next(patch.secondWaveform) * secondLevel }
            let level = envelope.next(rates)
            out[i] += filter.process(x) * level
            if isIdle { break }
        }
    }
}
