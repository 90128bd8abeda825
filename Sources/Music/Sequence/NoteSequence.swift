/// A piece of music as notes: tracks, a tempo map, time and key signatures.
///
/// The document the piano roll edits, the Standard MIDI File reader returns and the synth renders.
/// A value type: copies are cheap until written, so undo can keep old versions.
public struct NoteSequence: Sendable, Hashable, Codable {
    /// Tempo changes and the tick grid (`tempoMap.ticksPerQuarter`).
    public var tempoMap: TempoMap
    /// Time signatures sorted by tick; 4/4 applies before the first one.
    public var timeSignatures: [TimeSignature]
    /// Key signatures sorted by tick.
    public var keySignatures: [KeySignature]
    /// The parts.
    public var tracks: [Track]

    /// The usual default grid: 480 ticks per quarter.
    public static let defaultTicksPerQuarter = 480

    /// A sequence; with no tempo map given, 120 BPM at 480 ticks per quarter.
    public init(tempoMap: TempoMap = TempoMap(ticksPerQuarter: NoteSequence.defaultTicksPerQuarter),
                timeSignatures: [TimeSignature] = [TimeSignature()],
                keySignatures: [KeySignature] = [], tracks: [Track] = []) {
        self.tempoMap = tempoMap
        self.timeSignatures = timeSignatures.sorted { $0.tick < $1.tick }
        self.keySignatures = keySignatures.sorted { $0.tick < $1.tick }
        self.tracks = tracks
    }

    /// Ticks per quarter note.
    public var ticksPerQuarter: Int { tempoMap.ticksPerQuarter }

    /// Every note of every track with its track index, sorted by start, then track, then pitch.
    public var allNotes: [(track: Int, note: Note)] {
        tracks.enumerated().flatMap { t in t.element.notes.map { (track: t.offset, note: $0) } }
            .sorted { ($0.note.startTick, $0.track, $0.note.pitch) < ($1.note.startTick, $1.track, $1.note.pitch) }
    }

    /// The tick where the last note ends.
    public var endTick: Int { tracks.map(\.endTick).max() ?? 0 }

    /// Length in seconds, to the end of the last note.
    public var durationSeconds: Double { tempoMap.seconds(atTick: endTick) }

    /// Seconds from the start to `tick`.
    public func seconds(atTick tick: Int) -> Double { tempoMap.seconds(atTick: tick) }

    /// The tick nearest to `seconds` from the start.
    public func tick(atSeconds seconds: Double) -> Int { Int(tempoMap.tick(atSeconds: seconds).rounded()) }

    /// The time signature in force at `tick` (4/4 if none is set).
    public func timeSignature(atTick tick: Int) -> TimeSignature {
        timeSignatures.last { $0.tick <= tick } ?? TimeSignature()
    }

    /// Where each bar starts, from tick 0 up to (not including) `endTick`, following time-signature changes.
    public func barStarts(before endTick: Int) -> [Int] {
        var starts: [Int] = []
        var tick = 0
        while tick < endTick {
            starts.append(tick)
            let signature = timeSignature(atTick: tick)
            var next = tick + max(signature.ticksPerBar(ticksPerQuarter: ticksPerQuarter), 1)
            // A signature change mid-bar starts a new bar there, as notation programs do.
            if let change = timeSignatures.first(where: { $0.tick > tick && $0.tick < next }) { next = change.tick }
            tick = next
        }
        return starts
    }
}
