/// One part of a sequence: its notes, its instrument (General MIDI program) and the channel it plays on.
public struct Track: Sendable, Hashable, Codable {
    /// The track's name (SMF track-name meta event), empty if none.
    public var name: String
    /// General MIDI program, 0…127 (0 = Acoustic Grand Piano).
    public var program: Int
    /// The channel the track's program change is sent on, 0…15 (notes carry their own).
    public var channel: Int
    /// The notes, sorted by start tick then pitch once `sortNotes()` has run (the reader and writer sort).
    public var notes: [Note]

    /// A track.
    public init(name: String = "", program: Int = 0, channel: Int = 0, notes: [Note] = []) {
        self.name = name
        self.program = min(max(program, 0), 127)
        self.channel = min(max(channel, 0), 15)
        self.notes = notes
    }

    /// True for a General MIDI drum track (channel 10, index 9).
    public var isDrums: Bool { channel == 9 }

    /// Sorts the notes by start, then pitch, then end.
    public mutating func sortNotes() {
        notes.sort { ($0.startTick, $0.pitch, $0.endTick) < ($1.startTick, $1.pitch, $1.endTick) }
    }

    /// The tick where the last note ends (0 if there are none).
    public var endTick: Int { notes.map(\.endTick).max() ?? 0 }
}
