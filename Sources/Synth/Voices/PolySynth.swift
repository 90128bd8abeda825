/// The built-in polyphonic synthesizer: `voiceCount` voices of two band-limited oscillators, an ADSR
/// envelope and a resonant low-pass each.
///
/// When every voice is busy a new note steals the quietest releasing voice, or else the oldest held one;
/// the stolen voice glides from its current level into the new note's attack, so stealing never clicks.
/// All voices are allocated in `prepare`; note events and `render` allocate nothing.
public final class PolySynth: Instrument {
    /// The sound; change it only between renders (not from another thread while rendering).
    public var patch: Patch {
        didSet { rates = Envelope.Rates(patch: patch, sampleRate: sampleRate) }
    }
    /// How many notes can sound at once.
    public let voiceCount: Int
    private var sampleRate: Double = 48_000
    private var rates: Envelope.Rates
    private let voices: UnsafeMutableBufferPointer<Voice>
    private var nextOrder = 0

    /// A synth with `patch` and `voiceCount` voices (at least 1).
    public init(patch: Patch = .lead, voiceCount: Int = 16) {
        self.patch = patch
        self.voiceCount = max(voiceCount, 1)
        rates = Envelope.Rates(patch: patch, sampleRate: sampleRate)
        voices = .allocate(capacity: self.voiceCount)
        voices.initialize(repeating: Voice())
    }

    deinit {
        voices.deinitialize()
        voices.deallocate()
    }

    public func prepare(sampleRate: Double) {
        self.sampleRate = sampleRate > 0 && sampleRate.isFinite ? sampleRate : 48_000
        rates = Envelope.Rates(patch: patch, sampleRate: self.sampleRate)
        for i in voices.indices { voices[i] = Voice() }
    }

    public func noteOn(pitch: Int, velocity: Int) {
        let i = voiceForNewNote()
        nextOrder &+= 1
        voices[i].start(pitch: min(max(pitch, 0), 127), velocity: velocity, order: nextOrder, patch: patch,
                        rates: rates, sampleRate: sampleRate)
    }

    public func noteOff(pitch: Int) {
        let voices = self.voices  // a local: `&&`/`||` autoclosures would otherwise retain `self`
        var oldest = -1
        for i in voices.indices where voices[i].isHeld && voices[i].pitch == pitch {
            if oldest < 0 || voices[i].startOrder < voices[oldest].startOrder { oldest = i }
        }
        if oldest >= 0 { voices[oldest].release() }
    }

    public func allNotesOff() {
        for i in voices.indices { voices[i].release() }
    }

    public func render(into output: UnsafeMutableBufferPointer<Float>) {
        guard let base = output.baseAddress, output.count > 0 else { return }
        for i in voices.indices where !voices[i].isIdle {
            voices[i].render(into: base, count: output.count, patch: patch, rates: rates, sampleRate: sampleRate)
        }
    }

    public var isSilent: Bool {
        for voice in voices where !voice.isIdle { return false }
        return true
    }

    /// Number of voices sounding now (held or releasing).
    public var activeVoiceCount: Int {
        var count = 0
        for voice in voices where !voice.isIdle { count += 1 }
        return count
    }

    /// An idle voice, else the quietest releasing one, else the oldest held one.
    private func voiceForNewNote() -> Int {
        // Plain loops, no closures or key paths, and a local copy of the pointer (so the `||` autoclosure
        // does not retain `self`): this runs on the audio thread.
        let voices = self.voices
        var quietestReleasing = -1
        var oldestHeld = -1
        for i in voices.indices {
            let voice = voices[i]
            if voice.isIdle { return i }
            if !voice.isHeld {
                if quietestReleasing < 0 || voice.envelope.level < voices[quietestReleasing].envelope.level {
                    quietestReleasing = i
                }
            } else if oldestHeld < 0 || voice.startOrder < voices[oldestHeld].startOrder {
                oldestHeld = i
            }
        }
        return quietestReleasing >= 0 ? quietestReleasing : max(oldestHeld, 0)
    }
}
