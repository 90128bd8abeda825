import Music

/// The melodies of the session: slots A, B, … (the interpolation slider blends two of them), the slot and
/// track being edited, the selected notes and the loop region. Part of `Session`, so every edit is undoable.
public struct PianoRoll: Sendable, Equatable, Codable {
    /// Melody slots, A first. Each is a whole sequence (an opened file may have several tracks).
    public var slots: [NoteSequence] = [PianoRoll.emptyMelody(name: "A")]
    /// Index of the slot on screen.
    public var currentSlot = 0
    /// Index of the track edited in the current slot (other tracks are drawn dimmed).
    public var currentTrack = 0
    /// Indices into the edited track's notes.
    public var selection: Set<Int> = []
    /// Loop region in ticks, if any.
    public var loop: Range<Int>?
    /// Where the current slot was last written or opened as `.mid`.
    public var paths: [Int: String] = [:]

    /// An empty roll with slot A.
    public init() {}

    /// A one-track melody at 120 BPM in 4/4.
    public static func emptyMelody(name: String) -> NoteSequence {
        NoteSequence(tempoMap: TempoMap(ticksPerQuarter: NoteSequence.defaultTicksPerQuarter, beatsPerMinute: 120),
                     tracks: [Track(name: name)])
    }

    /// The slot's letter: A, B, … Z, then 27, 28 ….
    public static func slotName(_ index: Int) -> String {
        index < 26 ? String(Character(Unicode.Scalar(UInt8(65 + index)))) : String(index + 1)
    }

    /// The slot a letter names (`A`/`a` is 0 … `Z` is 25), or nil when `name` is not one letter A–Z.
    public static func slotIndex(named name: String) -> Int? {
        guard name.count == 1, let c = name.uppercased().unicodeScalars.first, (65...90).contains(c.value) else { return nil }
        return Int(c.value) - 65
    }

    /// The sequence on screen.
    public var melody: NoteSequence {
        get { slots[currentSlot] }
        set { slots[currentSlot] = newValue }
    }

    /// The notes of the edited track.
    public var notes: [Note] {
        get { melody.tracks.indices.contains(currentTrack) ? melody.tracks[currentTrack].notes : [] }
        set {
            if melody.tracks.isEmpty { slots[currentSlot].tracks = [Track(name: PianoRoll.slotName(currentSlot))] }
            slots[currentSlot].tracks[min(currentTrack, melody.tracks.count - 1)].notes = newValue
        }
    }

    /// Indices of the notes an edit applies to: the selection, or else the note under (`tick`, `pitch`).
    public func targets(tick: Int, pitch: Int) -> [Int] {
        if !selection.isEmpty { return selection.sorted() }
        return noteIndex(at: tick, pitch: pitch).map { [$0] } ?? []
    }

    /// The topmost (last added) note sounding at `tick` on `pitch`.
    public func noteIndex(at tick: Int, pitch: Int) -> Int? {
        notes.indices.last { notes[$0].pitch == pitch && notes[$0].startTick <= tick && tick < notes[$0].endTick }
    }
}
