/// One played note: a pitch held from `startTick` to `endTick` on a MIDI channel.
///
/// Times are in ticks (the sequence's grid, `NoteSequence.ticksPerQuarter` to a quarter note) so that
/// editing never accumulates rounding; seconds come from the sequence's `TempoMap`.
public struct Note: Sendable, Hashable, Codable {
    /// MIDI note number, 0…127 (60 = middle C).
    public var pitch: Int
    /// MIDI velocity, 1…127.
    public var velocity: Int
    /// Where the note starts, in ticks from the beginning of the sequence.
    public var startTick: Int
    /// Where the note ends (exclusive), in ticks; never before `startTick`.
    public var endTick: Int
    /// MIDI channel, 0…15 (9 is General MIDI drums).
    public var channel: Int

    /// A note; values are clamped to their MIDI ranges and an end before the start is moved to the start.
    public init(pitch: Int, velocity: Int = 100, startTick: Int, endTick: Int, channel: Int = 0) {
        self.pitch = min(max(pitch, 0), 127)
        self.velocity = min(max(velocity, 1), 127)
        self.startTick = max(startTick, 0)
        self.endTick = max(endTick, self.startTick)
        self.channel = min(max(channel, 0), 15)
    }

    /// Length in ticks.
    public var durationTicks: Int { endTick - startTick }

    /// Start in seconds under `tempoMap`.
    public func startSeconds(in tempoMap: TempoMap) -> Double { tempoMap.seconds(atTick: startTick) }
    /// End in seconds under `tempoMap`.
    public func endSeconds(in tempoMap: TempoMap) -> Double { tempoMap.seconds(atTick: endTick) }

    /// The pitch's name with octave, e.g. `C4` for 60, `F#5` for 78.
    public var pitchName: String { Note.name(ofPitch: pitch) }

    /// The name of a MIDI pitch with octave (sharps; middle C is `C4`).
    public static func name(ofPitch pitch: Int) -> String {
        let names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        let p = min(max(pitch, 0), 127)
        return "\(names[p % 12])\(p / 12 - 1)"
    }
}
