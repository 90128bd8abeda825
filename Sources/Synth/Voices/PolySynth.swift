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
        var oldest: Int? = nil
        for i in voices.indices where voices[i].isHeld && voices[i].pitch == pitch {
            if oldest.map({ voices[i].startOrder < voices[$0].startOrder }) ?? true { oldest = i }
        }
        if let i = oldest { voices[i].release() }
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

    public var isSilent: Bool { voices.allSatisfy(\.isIdle) }

    /// Number of voices sounding now (held or releasing).
    public var activeVoiceCount: Int { voices.reduce(0) { $0 + ($1.isIdle ? 0 : 1) } }

    /// An idle voice, else the quietest releasing one, else the oldest held one.
    private func voiceForNewNote() -> Int {
        if let idle = voices.firstIndex(where: \.isIdle) { return idle }
        var quietestReleasing: Int? = nil
        var oldestHeld = 0
        for i in voices.indices {
            if !voices[i].isHeld {
                if quietestReleasing.map({ voices[i].envelope.level < voices[$0].envelope.level }) ?? true {
                    quietestReleasing = i
                }
            } else if voices[i].startOrder < voices[oldestHeld].startOrder || !voices[oldestHeld].isHeld {
                oldestHeld = i
            }
        }
        return quietestReleasing ?? oldestHeld
    }
}
