import Music
import Synth

/// The melodies of the session: slots A, B, … (the interpolation slider blends two of them), the slot and
/// track being edited, the selected notes and the loop region. Part of `Session`, so every edit is undoable.
public struct PianoRoll: SessionPart {
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
    /// Instruments chosen for tracks, by slot, then by track; a track not listed plays its default
    /// (`InstrumentChoice.default(for:)`, its General MIDI program's family).
    public var instruments: [Int: [Int: InstrumentChoice]] = [:]

    /// An empty roll with slot A.
    public init() {}

    /// Saved as `[piano_roll]` in `session.toml`.
    public static let key = "piano_roll"

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

    /// The instrument of each track of a slot, defaults filled in: what playback and export use.
    public func trackInstruments(slot: Int) -> [InstrumentChoice] {
        guard slots.indices.contains(slot) else { return [] }
        return slots[slot].tracks.indices.map { instruments[slot]?[$0] ?? .default(for: slots[slot].tracks[$0]) }
    }

    /// The instrument of the edited track.
    public var currentInstrument: InstrumentChoice {
        let all = trackInstruments(slot: currentSlot)
        return all.indices.contains(currentTrack) ? all[currentTrack] : .patch("lead")
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

extension PianoRoll {
    /// What is wrong with melodies read from a file or the journal: indices out of range, impossible notes,
    /// tempos or meters. The accessors (`melody`, `notes`) trust these, so nothing unchecked reaches them.
    public func problems() -> [String] {
        var out: [String] = []
        guard !slots.isEmpty else { return ["no melody slots"] }
        if slots.count > 702 { out.append("\(slots.count) slots (at most 702)") }
        if !slots.indices.contains(currentSlot) { out.append("current slot \(currentSlot) is out of range (\(slots.count) slots)") }
        for (i, slot) in slots.enumerated() {
            let name = PianoRoll.slotName(i)
            if slot.ticksPerQuarter < 1 || slot.ticksPerQuarter > 32_767 { out.append("slot \(name): \(slot.ticksPerQuarter) ticks per quarter") }
            for change in slot.tempoMap.changes where !(change.beatsPerMinute.isFinite && change.beatsPerMinute > 0 && change.tick >= 0) {
                out.append("slot \(name): tempo \(change.beatsPerMinute) BPM at tick \(change.tick)")
            }
            for ts in slot.timeSignatures where !(1...64).contains(ts.numerator) || ![1, 2, 4, 8, 16, 32, 64].contains(ts.denominator) || ts.tick < 0 {
                out.append("slot \(name): time signature \(ts.numerator)/\(ts.denominator)")
            }
            for track in slot.tracks {
                if let bad = track.notes.first(where: { !(0...127).contains($0.pitch) || !(0...127).contains($0.velocity)
                    || $0.startTick < 0 || $0.endTick <= $0.startTick || $0.endTick > 1 << 40 || !(0...15).contains($0.channel) }) {
                    out.append("slot \(name): impossible note (pitch \(bad.pitch), velocity \(bad.velocity), ticks \(bad.startTick)–\(bad.endTick))")
                }
            }
        }
        if slots.indices.contains(currentSlot) {
            let tracks = slots[currentSlot].tracks.count
            if currentTrack < 0 || (tracks > 0 && currentTrack >= tracks) || (tracks == 0 && currentTrack != 0) {
                out.append("current track \(currentTrack) is out of range (\(tracks) tracks)")
            }
            let notes = tracks > 0 && (0..<tracks).contains(currentTrack) ? slots[currentSlot].tracks[currentTrack].notes.count : 0
            if let bad = selection.first(where: { !(0..<notes).contains($0) }) { out.append("selected note \(bad) is out of range (\(notes) notes)") }
        }
        if let loop = loop, loop.lowerBound < 0 { out.append("loop starts before the start") }
        if let bad = paths.keys.first(where: { !slots.indices.contains($0) }) { out.append("path for slot \(bad), which does not exist") }
        for (slot, byTrack) in instruments {
            guard slots.indices.contains(slot) else { out.append("instruments for slot \(slot), which does not exist"); continue }
            if let bad = byTrack.keys.first(where: { !slots[slot].tracks.indices.contains($0) }) {
                out.append("slot \(PianoRoll.slotName(slot)): instrument for track \(bad + 1), which does not exist")
            }
        }
        return out
    }
}

extension PianoRoll {
    private enum CodingKeys: String, CodingKey { case slots, currentSlot, currentTrack, selection, loop, paths, instruments }

    /// Reads a saved roll; parts a TOML writer leaves out when empty (no selection, no paths) default to none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slots = try c.decode([NoteSequence].self, forKey: .slots)
        currentSlot = try c.decode(Int.self, forKey: .currentSlot)
        currentTrack = try c.decode(Int.self, forKey: .currentTrack)
        selection = try c.decodeIfPresent(Set<Int>.self, forKey: .selection) ?? []
        loop = try c.decodeIfPresent(Range<Int>.self, forKey: .loop)
        paths = try c.decodeIfPresent([Int: String].self, forKey: .paths) ?? [:]
        instruments = try c.decodeIfPresent([Int: [Int: InstrumentChoice]].self, forKey: .instruments) ?? [:]
    }
}

extension Session {
    /// The melodies: the piano roll's part of the session.
    public var pianoRoll: PianoRoll {
        get { parts[PianoRoll.self] }
        set { parts[PianoRoll.self] = newValue }
    }
}
