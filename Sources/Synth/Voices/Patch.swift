/// The sound of the built-in synth: oscillators, amplitude envelope, low-pass filter.
public struct Patch: Sendable, Hashable, Codable {
    /// Oscillator wave shapes; saw and square are band-limited with polyBLEP.
    public enum Waveform: String, Sendable, Hashable, Codable, CaseIterable {
        case sine, saw, square, triangle
    }

    /// Shape of the main oscillator.
    public var waveform: Waveform
    /// Shape of the second oscillator.
    public var secondWaveform: Waveform
    /// Level of the second oscillator, 0…1 (0 = off).
    public var secondLevel: Float
    /// Second oscillator detune in cents (a few cents thickens the sound).
    public var detuneCents: Float
    /// Attack time in seconds (at least 2 ms are used, so note-ons never click).
    public var attack: Double
    /// Decay time constant in seconds.
    public var decay: Double
    /// Sustain level, 0…1.
    public var sustain: Float
    /// Release time constant in seconds (at least 5 ms are used, so note-offs never click).
    public var release: Double
    /// Low-pass cutoff in Hz at the envelope's rest.
    public var cutoff: Double
    /// How far the envelope opens the filter, in octaves above `cutoff` at full level.
    public var filterEnvelopeOctaves: Double
    /// How much the cutoff follows the pitch, 0…1 (1 = an octave per octave above middle C).
    public var keyTracking: Double
    /// Filter resonance, 0…0.95.
    public var resonance: Double
    /// Output level of one voice at full velocity.
    public var gain: Float

    /// A patch; the defaults are a soft saw pad-lead that sits well in a sketch.
    public init(waveform: Waveform = .saw, secondWaveform: Waveform = .square, secondLevel: Float = 0.35,
                detuneCents: Float = 6, attack: Double = 0.005, decay: Double = 0.25, sustain: Float = 0.7,
                release: Double = 0.12, cutoff: Double = 1800, filterEnvelopeOctaves: Double = 1.5,
                keyTracking: Double = 0.5, resonance: Double = 0.2, gain: Float = 0.18) {
        self.waveform = waveform
        self.secondWaveform = secondWaveform
        self.secondLevel = secondLevel
        self.detuneCents = detuneCents
        self.attack = attack
        self.decay = decay
        self.sustain = sustain
        self.release = release
        self.cutoff = cutoff
        self.filterEnvelopeOctaves = filterEnvelopeOctaves
        self.keyTracking = keyTracking
        self.resonance = resonance
        self.gain = gain
    }

    /// The default patch.
    public static let lead = Patch()
    /// A pure sine with a fully open filter: for tests that measure pitch and clicks.
    public static let sine = Patch(waveform: .sine, secondLevel: 0, cutoff: 20_000, filterEnvelopeOctaves: 0,
                                   keyTracking: 0, resonance: 0)
}
