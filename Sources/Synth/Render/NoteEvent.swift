import Music

/// A note-on or note-off at an exact frame: what the bounce and the live synth schedule.
public struct NoteEvent: Sendable, Hashable {
    /// Start or stop.
    public enum Kind: Sendable, Hashable { case on, off }

    /// Frame (sample index at the render's sample rate) where the event takes effect.
    public var frame: Int
    /// Start or stop.
    public var kind: Kind
    /// MIDI pitch.
    public var pitch: Int
    /// MIDI velocity (note-ons).
    public var velocity: Int

    /// An event.
    public init(frame: Int, kind: Kind, pitch: Int, velocity: Int = 100) {
        self.frame = frame
        self.kind = kind
        self.pitch = pitch
        self.velocity = velocity
    }

    /// The note events of `sequence` at `sampleRate`, sorted by frame with note-offs before note-ons at
    /// the same frame (so a re-struck pitch ends before it starts again). Drum tracks (channel 10) are left
    /// out: a pitched synth cannot play them. Every note lasts at least one frame.
    public static func schedule(_ sequence: NoteSequence, sampleRate: Double, includeDrums: Bool = false) -> [NoteEvent] {
        var events: [NoteEvent] = []
        for track in sequence.tracks where includeDrums || !track.isDrums {
            for note in track.notes {
                let start = Int((sequence.seconds(atTick: note.startTick) * sampleRate).rounded())
                let end = max(Int((sequence.seconds(atTick: note.endTick) * sampleRate).rounded()), start + 1)
                events.append(NoteEvent(frame: start, kind: .on, pitch: note.pitch, velocity: note.velocity))
                events.append(NoteEvent(frame: end, kind: .off, pitch: note.pitch))
            }
        }
        return events.enumerated().sorted {
            $0.element.isHandled(before: $1.element) || (!$1.element.isHandled(before: $0.element) && $0.offset < $1.offset)
        }.map(\.element)
    }

    /// Playing order: earlier frames first, and at one frame note-offs before note-ons.
    func isHandled(before other: NoteEvent) -> Bool {
        frame < other.frame || (frame == other.frame && kind == .off && other.kind == .on)
    }
}
