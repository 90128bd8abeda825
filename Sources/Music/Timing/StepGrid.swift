/// A grid of equal steps to snap notes to: 1/4 … 1/32 notes, straight or triplet.
///
/// Step positions are exact rationals of a quarter (a 1/8 triplet is 1/3 quarter), so snapping at
/// 480 ticks per quarter lands on 160, 320 … and at a division not divisible by 3 each step is rounded
/// on its own — the error never accumulates.
public struct StepGrid: Sendable, Hashable, Codable {
    /// The note value of one step: 4 for quarters, 8 for eighths, 16, 32 …
    public var noteValue: Int
    /// Three steps in the time of two (1/8T, 1/16T …).
    public var isTriplet: Bool

    /// A grid of `1/noteValue` notes, triplet or straight; `noteValue` is clamped to 1…128.
    public init(noteValue: Int, triplet: Bool = false) {
        self.noteValue = min(max(noteValue, 1), 128)
        self.isTriplet = triplet
    }

    /// The grids the piano roll offers, coarse to fine.
    public static let standard: [StepGrid] = [4, 8, 16, 32].flatMap {
        [StepGrid(noteValue: $0), StepGrid(noteValue: $0, triplet: true)]
    }

    /// Sixteenth notes, the default step.
    public static let sixteenth = StepGrid(noteValue: 16)

    /// The label musicians use: `1/16`, `1/8T`.
    public var label: String { "1/\(noteValue)\(isTriplet ? "T" : "")" }

    /// Step length as a fraction of a quarter note: numerator / denominator.
    private var quarterFraction: (numerator: Int, denominator: Int) {
        isTriplet ? (8, 3 * noteValue) : (4, noteValue)
    }

    /// Length of one step in ticks (fractional for triplets at some divisions).
    public func stepTicks(ticksPerQuarter: Int) -> Double {
        let f = quarterFraction
        return Double(ticksPerQuarter * f.numerator) / Double(f.denominator)
    }

    /// The tick where step `index` starts.
    public func tick(ofStep index: Int, ticksPerQuarter: Int) -> Int {
        let f = quarterFraction
        // Rounded division of index·tpq·num by den, exact in integers.
        let num = index * ticksPerQuarter * f.numerator
        return num >= 0 ? (2 * num + f.denominator) / (2 * f.denominator)
                        : -((-2 * num + f.denominator) / (2 * f.denominator))
    }

    /// The index of the step nearest to `tick`.
    public func nearestStep(toTick tick: Int, ticksPerQuarter: Int) -> Int {
        Int((Double(tick) / stepTicks(ticksPerQuarter: ticksPerQuarter)).rounded())
    }

    /// The index of the step containing `tick` (the one at or before it).
    public func step(containingTick tick: Int, ticksPerQuarter: Int) -> Int {
        var s = Int((Double(tick) / stepTicks(ticksPerQuarter: ticksPerQuarter)).rounded(.down))
        // Guard against the rounded step positions disagreeing with the float division.
        while s > 0 && self.tick(ofStep: s, ticksPerQuarter: ticksPerQuarter) > tick { s -= 1 }
        while self.tick(ofStep: s + 1, ticksPerQuarter: ticksPerQuarter) <= tick { s += 1 }
        return s
    }

    /// `tick` moved to the nearest grid line.
    public func snap(_ tick: Int, ticksPerQuarter: Int) -> Int {
        self.tick(ofStep: nearestStep(toTick: tick, ticksPerQuarter: ticksPerQuarter), ticksPerQuarter: ticksPerQuarter)
    }

    /// `note` with start and end on the grid; a note that would shrink to nothing keeps one step.
    public func quantize(_ note: Note, ticksPerQuarter: Int, ends: Bool = true) -> Note {
        var q = note
        let startStep = nearestStep(toTick: note.startTick, ticksPerQuarter: ticksPerQuarter)
        q.startTick = tick(ofStep: startStep, ticksPerQuarter: ticksPerQuarter)
        if ends {
            let endStep = max(nearestStep(toTick: note.endTick, ticksPerQuarter: ticksPerQuarter), startStep + 1)
            q.endTick = tick(ofStep: endStep, ticksPerQuarter: ticksPerQuarter)
        } else {
            q.endTick = q.startTick + note.durationTicks
        }
        return q
    }
}

extension NoteSequence {
    /// This sequence with every note's start (and end, if `ends`) snapped to `grid`.
    public func quantized(to grid: StepGrid, ends: Bool = true) -> NoteSequence {
        var copy = self
        for t in copy.tracks.indices {
            copy.tracks[t].notes = copy.tracks[t].notes.map {
                grid.quantize($0, ticksPerQuarter: ticksPerQuarter, ends: ends)
            }
            copy.tracks[t].sortNotes()
        }
        return copy
    }
}
