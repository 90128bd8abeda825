/// One of Kanade's concrete instruments, as the slot and the bounce play it: the built-in synth, a
/// SoundFont program, or a multisampled instrument (a morph-grid point's notes). A final class with a case per kind rather than `any Instrument`, so the release
/// build's real-time check (`RealTimeCheck.swift`) sees every call the audio thread makes.
public final class PlayedInstrument: Instrument {
    /// The built-in synth, when this is one.
    public let synth: PolySynth?
    /// The SoundFont player, when this is one.
    public let soundFont: SoundFontSynth?
    /// The sampler, when this is one.
    public let sampler: SampledSynth?

    /// The same objects without reference counting, for the audio thread (the properties above keep them alive):
    /// `if let` on a class reference retains it, which the real-time check refuses.
    private let synthRef: Unmanaged<PolySynth>?
    private let soundFontRef: Unmanaged<SoundFontSynth>?
    private let samplerRef: Unmanaged<SampledSynth>?

    public init(_ synth: PolySynth) {
        self.synth = synth; soundFont = nil; sampler = nil
        synthRef = .passUnretained(synth); soundFontRef = nil; samplerRef = nil
    }

    public init(_ soundFont: SoundFontSynth) {
        synth = nil; self.soundFont = soundFont; sampler = nil
        synthRef = nil; soundFontRef = .passUnretained(soundFont); samplerRef = nil
    }

    public init(_ sampler: SampledSynth) {
        synth = nil; soundFont = nil; self.sampler = sampler
        synthRef = nil; soundFontRef = nil; samplerRef = .passUnretained(sampler)
    }

    public func prepare(sampleRate: Double) {
        synth?.prepare(sampleRate: sampleRate)
        soundFont?.prepare(sampleRate: sampleRate)
        sampler?.prepare(sampleRate: sampleRate)
    }

    public func noteOn(pitch: Int, velocity: Int) {
        if let synthRef { synthRef._withUnsafeGuaranteedRef { $0.noteOn(pitch: pitch, velocity: velocity) } }
        if let soundFontRef { soundFontRef._withUnsafeGuaranteedRef { $0.noteOn(pitch: pitch, velocity: velocity) } }
        if let samplerRef { samplerRef._withUnsafeGuaranteedRef { $0.noteOn(pitch: pitch, velocity: velocity) } }
    }

    public func noteOff(pitch: Int) {
        if let synthRef { synthRef._withUnsafeGuaranteedRef { $0.noteOff(pitch: pitch) } }
        if let soundFontRef { soundFontRef._withUnsafeGuaranteedRef { $0.noteOff(pitch: pitch) } }
        if let samplerRef { samplerRef._withUnsafeGuaranteedRef { $0.noteOff(pitch: pitch) } }
    }

    public func allNotesOff() {
        if let synthRef { synthRef._withUnsafeGuaranteedRef { $0.allNotesOff() } }
        if let soundFontRef { soundFontRef._withUnsafeGuaranteedRef { $0.allNotesOff() } }
        if let samplerRef { samplerRef._withUnsafeGuaranteedRef { $0.allNotesOff() } }
    }

    public func render(into output: UnsafeMutableBufferPointer<Float>) {
        if let synthRef { synthRef._withUnsafeGuaranteedRef { $0.render(into: output) } }
        if let soundFontRef { soundFontRef._withUnsafeGuaranteedRef { $0.render(into: output) } }
        if let samplerRef { samplerRef._withUnsafeGuaranteedRef { $0.render(into: output) } }
    }

    public var isSilent: Bool {
        if let synthRef { return synthRef._withUnsafeGuaranteedRef { $0.isSilent } }
        if let soundFontRef { return soundFontRef._withUnsafeGuaranteedRef { $0.isSilent } }
        if let samplerRef { return samplerRef._withUnsafeGuaranteedRef { $0.isSilent } }
        return true
    }
}
