/// One step of a monophonic melody on a step grid: a new note starts, the sounding note stops, or nothing changes.
public enum MelodyEvent: Sendable, Hashable, Codable {
    /// Nothing changes: the sounding note (if any) goes on, or the rest goes on.
    case noEvent
    /// The sounding note stops; a rest begins.
    case noteOff
    /// A new note of this MIDI pitch starts (ending any sounding note).
    case noteOn(pitch: Int)
}
