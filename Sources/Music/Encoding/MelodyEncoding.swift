/// Monophonic melodies as one event per sixteenth-note step, and those events as the 90 classes of
/// MusicVAE's melody vocabulary (see `/work/shared/reference/generative.md` §1).
///
/// Class layout (Magenta's `MelodyOneHotEncoding` order): 0 = no event, 1 = note off,
/// 2…89 = note on for MIDI pitches 21…108 (the 88 piano keys). Steps are sixteenth notes, so a 4/4 bar
/// has 16 of them; the encoder ignores the time signature, as MusicVAE does.
public enum MelodyEncoding {
    /// Lowest pitch with a class (A0).
    public static let lowestPitch = 21
    /// Highest pitch with a class (C8).
    public static let highestPitch = 108
    /// Number of classes: 88 pitches + note off + no event.
    public static let classCount = highestPitch - lowestPitch + 3
    /// Steps per bar (sixteenth notes in 4/4).
    public static let stepsPerBar = 16
    /// The step grid the encoding uses.
    public static let grid = StepGrid.sixteenth

    /// The class index of `event`, or nil for a note-on outside 21…108.
    public static func classIndex(of event: MelodyEvent) -> Int? {
        switch event {
        case .noEvent: return 0
        case .noteOff: return 1
        case .noteOn(let pitch):
            guard (lowestPitch...highestPitch).contains(pitch) else { return nil }
            return pitch - lowestPitch + 2
        }
    }

    /// The event of class `index`, or nil outside 0…89.
    public static func event(ofClass index: Int) -> MelodyEvent? {
        switch index {
        case 0: return .noEvent
        case 1: return .noteOff
        case 2..<classCount: return .noteOn(pitch: index - 2 + lowestPitch)
        default: return nil
        }
    }

    /// Encodes `bars` bars of `notes` starting at `startTick` as `bars × 16` events.
    ///
    /// The notes are quantized to sixteenths. Where notes overlap, the one starting later wins (the earlier
    /// one is cut), and of notes starting on the same step the highest wins — the melody a listener follows.
    /// Pitches outside 21…108 are moved by octaves into range. A note still sounding at the end is cut there.
    public static func events(from notes: [Note], ticksPerQuarter: Int, startTick: Int = 0, bars: Int) -> [MelodyEvent] {
        let stepCount = max(bars, 0) * stepsPerBar
        var events = [MelodyEvent](repeating: .noEvent, count: stepCount)
        guard stepCount > 0 else { return events }
        // For each step, the pitch that starts there (highest wins) and the step where it ends.
        var startsAt = [(pitch: Int, endStep: Int)?](repeating: nil, count: stepCount)
        for note in notes {
            let start = grid.nearestStep(toTick: note.startTick - startTick, ticksPerQuarter: ticksPerQuarter)
            guard start >= 0 && start < stepCount else { continue }
            let end = max(grid.nearestStep(toTick: note.endTick - startTick, ticksPerQuarter: ticksPerQuarter), start + 1)
            let pitch = foldedIntoRange(note.pitch)
            if let existing = startsAt[start], existing.pitch >= pitch { continue }
            startsAt[start] = (pitch, end)
        }
        var soundingUntil: Int? = nil
        for step in 0..<stepCount {
            if let started = startsAt[step] {
                events[step] = .noteOn(pitch: started.pitch)
                soundingUntil = started.endStep
            } else if let until = soundingUntil, step >= until {
                events[step] = .noteOff
                soundingUntil = nil
            }
        }
        return events
    }

    /// Decodes events back to notes on a sixteenth grid starting at `startTick`, all with `velocity`.
    ///
    /// A note-on ends at the next note-on or note-off; the last note ends at the end of the events.
    public static func notes(from events: [MelodyEvent], ticksPerQuarter: Int, startTick: Int = 0,
                             velocity: Int = 100, channel: Int = 0) -> [Note] {
        var notes: [Note] = []
        var open: (pitch: Int, step: Int)? = nil
        func close(at step: Int) {
            guard let o = open else { return }
            notes.append(Note(pitch: o.pitch, velocity: velocity,
                              startTick: startTick + grid.tick(ofStep: o.step, ticksPerQuarter: ticksPerQuarter),
                              endTick: startTick + grid.tick(ofStep: step, ticksPerQuarter: ticksPerQuarter),
                              channel: channel))
            open = nil
        }
        for (step, event) in events.enumerated() {
            switch event {
            case .noEvent: break
            case .noteOff: close(at: step)
            case .noteOn(let pitch): close(at: step); open = (pitch, step)
            }
        }
        close(at: events.count)
        return notes
    }

    /// Class indices of `events` (note-ons out of range are folded into range by octaves).
    public static func classIndices(of events: [MelodyEvent]) -> [Int] {
        events.map { event in
            if case .noteOn(let p) = event { return foldedIntoRange(p) - lowestPitch + 2 }
            return classIndex(of: event) ?? 0
        }
    }

    /// Events of class indices; an index outside 0…89 reads as no event.
    public static func events(ofClasses indices: [Int]) -> [MelodyEvent] {
        indices.map { event(ofClass: $0) ?? .noEvent }
    }

    /// `pitch` moved by whole octaves into 21…108.
    static func foldedIntoRange(_ pitch: Int) -> Int {
        var p = pitch
        while p < lowestPitch { p += 12 }
        while p > highestPitch { p -= 12 }
        return p
    }
}
