extension Patch {
    /// A patch in the spirit of a General MIDI program's family (piano, organ, bass, strings …), so a
    /// rendered file keeps its parts apart. Approximations with the built-in synth, not samples.
    public static func generalMIDI(program: Int) -> Patch {
        switch min(max(program, 0), 127) / 8 {
        case 0, 1:  // pianos, chromatic percussion: struck, decaying
            return Patch(waveform: .triangle, secondWaveform: .saw, secondLevel: 0.25, detuneCents: 3, attack: 0.002,
                         decay: 0.6, sustain: 0.25, release: 0.25, cutoff: 2_400, filterEnvelopeOctaves: 2,
                         keyTracking: 0.8, resonance: 0.05, gain: 0.2)
        case 2:  // organs: steady
            return Patch(waveform: .square, secondWaveform: .sine, secondLevel: 0.5, detuneCents: 0, attack: 0.004,
                         decay: 0.1, sustain: 0.9, release: 0.05, cutoff: 3_000, filterEnvelopeOctaves: 0,
                         keyTracking: 0.5, resonance: 0.1, gain: 0.12)
        case 3:  // guitars: plucked
            return Patch(waveform: .saw, secondWaveform: .triangle, secondLevel: 0.4, detuneCents: 4, attack: 0.002,
                         decay: 0.35, sustain: 0.15, release: 0.15, cutoff: 1_600, filterEnvelopeOctaves: 2.5,
                         keyTracking: 0.6, resonance: 0.15, gain: 0.2)
        case 4:  // basses: round and low
            return Patch(waveform: .saw, secondWaveform: .square, secondLevel: 0.5, detuneCents: -1200, attack: 0.003,
                         decay: 0.3, sustain: 0.6, release: 0.08, cutoff: 500, filterEnvelopeOctaves: 1.5,
                         keyTracking: 0.3, resonance: 0.3, gain: 0.24)
        case 5, 6, 11:  // strings, ensembles, synth pads: slow, wide
            return Patch(waveform: .saw, secondWaveform: .saw, secondLevel: 0.8, detuneCents: 9, attack: 0.12,
                         decay: 0.5, sustain: 0.8, release: 0.4, cutoff: 1_500, filterEnvelopeOctaves: 0.5,
                         keyTracking: 0.5, resonance: 0.05, gain: 0.12)
        case 7:  // brass: bright attack
            return Patch(waveform: .saw, secondWaveform: .saw, secondLevel: 0.5, detuneCents: 5, attack: 0.03,
                         decay: 0.25, sustain: 0.75, release: 0.12, cutoff: 900, filterEnvelopeOctaves: 2.2,
                         keyTracking: 0.5, resonance: 0.2, gain: 0.16)
        case 8, 9:  // reeds, pipes: hollow
            return Patch(waveform: .square, secondWaveform: .triangle, secondLevel: 0.5, detuneCents: 2, attack: 0.02,
                         decay: 0.2, sustain: 0.8, release: 0.1, cutoff: 2_000, filterEnvelopeOctaves: 0.8,
                         keyTracking: 0.6, resonance: 0.1, gain: 0.14)
        default:  // synth leads and the rest
            return .lead
        }
    }
}
